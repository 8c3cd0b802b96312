import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";
import { cityPage, EmbedSection, jsEnabled, ListPage, visit } from "./pages";

// The test database holds the 15 sample initiatives and 30 fixtures (end2end/fixtures): eight in
// Poland, three of them about health; Kraków (one) and Gdańsk (two) among them.

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

test("another site's page shows the embed, whose links open the directory in a new tab", async ({ page, baseURL }) => {
  await cityPage(page, `${baseURL}/embed/initiatives?country=PL`);
  const frame = page.frameLocator("iframe");
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText("8 initiatives");
  const titles = frame.locator("li h2 a");
  await expect(titles).toHaveCount(8);
  for (const place of await frame.locator(".place").allInnerTexts()) expect(place).toContain("Poland");
  for (const link of await frame.getByRole("link").all()) {
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noopener");
  }
  await expect(frame.getByRole("link", { name: "See all 8 on the ICC directory" })).toHaveAttribute(
    "href",
    "/initiatives?country=PL",
  );
  // No script, no site header or navigation in the frame.
  await expect(frame.locator("script")).toHaveCount(0);
  await expect(frame.getByRole("navigation")).toHaveCount(0);

  const title = await titles.first().innerText();
  const [tab] = await Promise.all([page.context().waitForEvent("page"), titles.first().click()]);
  await tab.waitForLoadState();
  expect(tab.url()).toMatch(new RegExp(`^${baseURL}/initiatives/[a-z0-9-]+$`));
  await expect(tab.getByRole("heading", { level: 1 })).toHaveText(title);
  expect(page.url()).toBe("https://city.example/");
});

test("the embed follows the address's city, type and language", async ({ page, baseURL }) => {
  await cityPage(page, `${baseURL}/embed/initiatives?city=gdansk&city=KRAKOW&type=transport&lang=uk`);
  const frame = page.frameLocator("iframe");
  await expect(frame.locator("html")).toHaveAttribute("lang", "uk");
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText("2 ініціативи");
  await expect(frame.locator(".place bdi")).toHaveText(["Kraków", "Gdańsk"]);
  await expect(frame.getByRole("link", { name: "Переглянути всі 2 у довіднику ICC" })).toBeVisible();
});

test("bad values in the embed's address are reported, never an error", async ({ page, baseURL }) => {
  await cityPage(page, `${baseURL}/embed/initiatives?country=XX&type=nope&country=PL`);
  const frame = page.frameLocator("iframe");
  const problems = frame.getByRole("status");
  await expect(problems).toContainText("unknown country “XX” was ignored");
  await expect(problems).toContainText("unknown type “nope” was ignored");
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText("8 initiatives");
});

test("the embed fits a 280 pixel wide frame without scrolling sideways", async ({ page, baseURL }) => {
  test.skip(!jsEnabled(), "measuring needs JavaScript in the page");
  await cityPage(page, `${baseURL}/embed/initiatives?lang=uk`, "280");
  const frame = page.frameLocator("iframe");
  await expect(frame.locator("li h2 a")).toHaveCount(20);
  const embed = page.frames().find((f) => f.url().includes("/embed/initiatives"));
  const [scroll, client] = await embed!.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(client).toBeLessThanOrEqual(280);
  expect(scroll).toBeLessThanOrEqual(client);
  const box = await frame.locator("li h2 a").first().boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(24);
});

test("the embed is light or dark with the reader's preference, as the page around it", async ({ page, baseURL }) => {
  test.skip(!jsEnabled(), "reading colours needs JavaScript in the page");
  const background = async () => {
    const embed = page.frames().find((f) => f.url().includes("/embed/initiatives"))!;
    await embed.waitForLoadState();
    return embed.evaluate(() => getComputedStyle(document.body).backgroundColor);
  };
  // A page that can be light or dark, read by someone who prefers dark, then light. (Chromium
  // gives the frame the reader's preference whatever the page around it declares.)
  await cityPage(page, `${baseURL}/embed/initiatives?country=PL`, "100%", "light dark");
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await background()).toBe("rgb(18, 20, 23)");
  await page.emulateMedia({ colorScheme: "light" });
  expect(await background()).toBe("rgb(255, 255, 255)");
});

test("other pages of the directory cannot be framed by another site", async ({ page, baseURL, cspViolations }) => {
  const loaded = page.waitForResponse(`${baseURL}/initiatives?country=PL`);
  await cityPage(page, `${baseURL}/initiatives?country=PL`);
  const response = await loaded;
  expect(response.headers()["x-frame-options"]).toBe("DENY");
  expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  await page.waitForLoadState("load");
  const frame = page.frameLocator("iframe");
  await expect(frame.getByRole("heading", { name: "Initiatives" })).toHaveCount(0);
  await expect(frame.locator("body")).not.toContainText("initiatives");
  // The browser reports the refusal: expected here, so it is not a failure of this test.
  await expect.poll(() => cspViolations.filter((v) => v.includes("frame-ancestors")).length).toBeGreaterThan(0);
  cspViolations.splice(0, cspViolations.length, ...cspViolations.filter((v) => !v.includes("frame-ancestors")));
});

test("the embed has no WCAG 2.2 A/AA violations, light and dark", async ({ page }) => {
  test.skip(!jsEnabled(), "axe needs JavaScript in the page");
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/embed/initiatives?country=PL&lang=fr");
    await expect(page.locator("h1")).toHaveCount(1);
    const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    expect(results.violations.map((v) => `${scheme} ${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
  }
});

test("the list gives the embed code of its view, with a preview that loads when opened", async ({ page, baseURL }) => {
  const embeds: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/embed/initiatives")) embeds.push(r.url());
  });
  const list = new ListPage(page);
  const embed = new EmbedSection(page);
  await list.goto("country=PL&type=health&page=1");
  await list.expectTotal(3);
  await expect(embed.toggle).toHaveText("Embed this list");
  if (jsEnabled()) {
    // Lazy: nothing is fetched while the disclosure is closed (browsers load lazy frames at
    // once when scripts are off, as the HTML standard asks).
    await page.waitForTimeout(500);
    expect(embeds).toEqual([]);
  }
  await embed.open();
  const address = "/embed/initiatives?country=PL&type=health&lang=en";
  await expect(embed.code).toHaveValue(
    `<iframe src="${baseURL}${address.replaceAll("&", "&amp;")}" title="Initiatives in solidarity with Ukraine, from the ICC directory" width="100%" height="640" loading="lazy"></iframe>`,
  );
  await expect(embed.code).toHaveAttribute("readonly", "");
  await expect(embed.preview.getByRole("heading", { level: 1 })).toHaveText("3 initiatives");
  await expect(embed.preview.locator("li h2 a")).toHaveCount(3);
  expect(embeds).toEqual([`${baseURL}${address}`]);
  if (!jsEnabled()) {
    await expect(embed.copyButton).toBeHidden();
  }
});

test.describe("with JavaScript", () => {
  test.skip(() => !jsEnabled(), "needs JavaScript");

  test("Copy puts the code on the clipboard and says so", async ({ page, context, baseURL }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    const list = new ListPage(page);
    const embed = new EmbedSection(page);
    await list.goto();
    // The code follows filters changed in place.
    await list.choose(/^Poland/, "country=PL");
    await list.expectTotal(8);
    await embed.open();
    await expect(embed.code).toHaveValue(/\/embed\/initiatives\?country=PL&amp;lang=en"/);
    await embed.copyButton.click();
    await expect(embed.status).toHaveText("The code is copied: paste it into your page.");
    await expect(embed.status).toHaveAttribute("role", "status");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await embed.code.inputValue());
    await expect(embed.preview.getByRole("heading", { level: 1 })).toHaveText("8 initiatives");
  });

  test("the list with the embed open has no WCAG 2.2 A/AA violations", async ({ page }) => {
    const embed = new EmbedSection(page);
    await visit(page, "/initiatives?country=PL");
    await embed.open();
    await expect(embed.preview.getByRole("heading", { level: 1 })).toHaveText("8 initiatives");
    const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
  });
});

test("a link with a city says so, keeps it while other filters change, and can drop it", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto("city=krakow");
  await list.expectTotal(1);
  const note = page.locator(".chips li");
  await expect(note).toContainText("City: krakow");
  await list.choose(/^Poland/, "country=PL");
  await expect(page).toHaveURL(/city=krakow/);
  await list.expectTotal(1);
  await note.getByRole("link", { name: "Remove this city" }).click();
  await expect(page).toHaveURL(/\/initiatives\?country=PL$/);
  await list.expectTotal(8);
  await expect(note).toHaveCount(0);
});
