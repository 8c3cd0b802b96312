import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";
import { jsEnabled, visit } from "./pages";

const PAGES = [
  "/",
  "/initiatives",
  "/initiatives?country=PL&type=housing",
  "/initiatives?q=nothing-matches",
  "/initiatives?country=XX",
  "/initiatives/krakow-welcome-point-at-the-main-railway-station",
  "/statistics",
  "/statistics?country=PL&type=housing",
  "/declaration",
  "/api",
  "/submit",
  "/manage/not-a-valid-link",
  "/admin",
  "/admin/sign-in",
  "/admin/account",
  "/admin/mail",
  "/admin/statistics",
  "/admin/sign-in?problem=invalid&email=someone%40example.org",
  "/no-such-page",
];

for (const path of PAGES) {
  test(`${path} has no WCAG 2.2 A/AA violations, landmarks and one h1`, async ({ page }) => {
    await visit(page, path);
    await expect(page.locator("h1")).toHaveCount(1);
    await expect(page.getByRole("main")).toHaveCount(1);
    await expect(page.getByRole("banner")).toHaveCount(1);
    await expect(page.getByRole("contentinfo")).toHaveCount(1);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    // axe runs as a script in the page, which the no-JavaScript project forbids; the HTML it
    // would check is the same server-rendered HTML the other projects check.
    test.skip(!jsEnabled(), "axe needs JavaScript in the page");
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"])
      .analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
  });
}

test("the current section is marked in the navigation", async ({ page }) => {
  await visit(page, "/initiatives?country=PL");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Initiatives" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Home" })).not.toHaveAttribute("aria-current", "page");
});

test("a skip link leads to the main content", async ({ page }) => {
  await visit(page, "/initiatives");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
});

test.describe("in dark mode", () => {
  test.use({ colorScheme: "dark" });
  for (const path of ["/", "/initiatives?country=PL", "/initiatives/krakow-welcome-point-at-the-main-railway-station"]) {
    test(`${path} keeps WCAG AA contrast`, async ({ page }) => {
      test.skip(!jsEnabled(), "axe needs JavaScript in the page");
      await visit(page, path);
      const results = await new AxeBuilder({ page }).withTags(["wcag2aa", "wcag21aa"]).analyze();
      expect(results.violations.map((v) => v.id)).toEqual([]);
    });
  }
});
