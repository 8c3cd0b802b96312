import { expect, test } from "./fixtures";
import { jsEnabled, ListPage, visit } from "./pages";

test("the language switcher changes the interface and remembers the choice", async ({ page }) => {
  test.skip(!jsEnabled(), "the switcher needs JavaScript");
  await visit(page, "/initiatives");
  await page.getByRole("button", { name: "Українська" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "uk");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ініціативи");
  await expect(page.getByRole("heading", { level: 2, name: /ініціатив/ })).toHaveText("45 ініціатив");
  await expect(page.getByRole("button", { name: "Українська" })).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "uk");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ініціативи");
  await visit(page, "/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Міста, що підтримують Україну");
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Des villes aux côtés de l'Ukraine");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
});

test.describe("a French browser", () => {
  test.use({ locale: "fr-FR", extraHTTPHeaders: { "Accept-Language": "fr-FR,fr;q=0.9" } });

  test("gets the French interface by default", async ({ page }) => {
    await visit(page, "/initiatives?country=PL");
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("heading", { level: 2, name: /initiatives/ })).toHaveText("8 initiatives");
    await new ListPage(page).openFilters();
    await expect(page.getByRole("checkbox", { name: /^Pologne/ })).toBeChecked();
  });
});

test.describe("a Ukrainian browser", () => {
  test.use({ locale: "uk-UA", extraHTTPHeaders: { "Accept-Language": "uk-UA,uk;q=0.9" } });

  test("gets the Ukrainian interface with Ukrainian plurals", async ({ page }) => {
    await visit(page, "/initiatives?type=health");
    await expect(page.locator("html")).toHaveAttribute("lang", "uk");
    await expect(page.getByRole("heading", { level: 2, name: /ініціатив/ })).toHaveText("3 ініціативи");
    await visit(page, "/initiatives?q=krakow");
    await expect(page.getByRole("heading", { level: 2, name: /ініціатив/ })).toHaveText("1 ініціатива");
  });
});

test("without JavaScript the language buttons still switch and keep the page", async ({ page }) => {
  test.skip(jsEnabled(), "the no-JavaScript path");
  await visit(page, "/initiatives?country=PL");
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page).toHaveURL(/\/initiatives\?country=PL$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { level: 2, name: /initiatives/ })).toHaveText("8 initiatives");
  await visit(page, "/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Des villes aux côtés de l'Ukraine");
});
