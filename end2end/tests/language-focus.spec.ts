import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { jsEnabled, ListPage, ownClient, visit } from "./pages";

// Issue 24. A reader who arrives in a language through the address stays in it, with and
// without JavaScript, whatever the browser's own language (here English); and nothing sticky
// hides the control that has the keyboard focus.

/** Asserts the page is in `lang` and its address names it. */
async function inLanguage(page: Page, lang: string, path?: RegExp) {
  await expect(page).toHaveURL(new RegExp(`[?&]lang=${lang}(&|#|$)`));
  if (path) await expect(page).toHaveURL(path);
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
}

/** No answer to a GET set a cookie, and the browser holds no language cookie. */
function watchCookies(page: Page): string[] {
  const set: string[] = [];
  page.on("response", async (response) => {
    if (response.request().method() === "GET") {
      const cookie = await response.headerValue("set-cookie");
      if (cookie) set.push(`${response.url()}: ${cookie}`);
    }
  });
  return set;
}

test.describe("a reader who arrives in Ukrainian", () => {
  test("stays in Ukrainian through cards, pages, the header and the footer", async ({ page, context }) => {
    const cookies = watchCookies(page);
    const list = new ListPage(page);
    await list.goto("lang=uk");
    await inLanguage(page, "uk", /\/initiatives\?/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ініціативи");

    // A card.
    await page.locator(".card h3 a").first().click();
    await inLanguage(page, "uk", /\/initiatives\/[^/?]+\?lang=uk$/);
    await expect(page.getByRole("link", { name: /Усі ініціативи/ })).toBeVisible();
    // Its way back to the list.
    await page.getByRole("link", { name: /Усі ініціативи/ }).click();
    await inLanguage(page, "uk", /\/initiatives\?lang=uk$/);

    // The next page of the list.
    await page.locator("nav.pagination").getByRole("link", { name: "2", exact: true }).click();
    await inLanguage(page, "uk", /page=2/);

    // The header's links.
    const nav = page.locator("nav.main-nav");
    await nav.getByRole("link", { name: "Декларація" }).click();
    await inLanguage(page, "uk", /\/declaration\?lang=uk$/);
    await nav.getByRole("link", { name: "Додати ініціативу" }).click();
    await inLanguage(page, "uk", /\/submit\?lang=uk$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Додати ініціативу");
    await nav.getByRole("link", { name: "Головна" }).click();
    await inLanguage(page, "uk", /\/\?lang=uk$/);
    // The footer's.
    await page.locator("footer").getByRole("link", { name: "Відкриті дані та API" }).click();
    await inLanguage(page, "uk", /\/api\?lang=uk$/);

    expect(cookies, "answers to GETs that set a cookie").toEqual([]);
    expect((await context.cookies()).filter((c) => c.name === "lang")).toEqual([]);
  });

  test("keeps Ukrainian when filtering and clearing the filters", async ({ page }) => {
    const list = new ListPage(page);
    await list.goto("lang=uk");
    await list.openFilters();
    await page.getByRole("checkbox", { name: /^Польща/ }).check();
    if (!jsEnabled()) await page.getByRole("button", { name: "Застосувати" }).click();
    await expect(page).toHaveURL(/country=PL/);
    await inLanguage(page, "uk");
    await expect(page.getByRole("heading", { level: 2, name: /ініціатив/ })).toHaveText("8 ініціатив");
    await list.openFilters();
    await page.getByRole("link", { name: "Скинути всі фільтри" }).click();
    await inLanguage(page, "uk", /\/initiatives\?lang=uk$/);
  });

  test("gets a failed sign-in's answer in Ukrainian", async ({ page }) => {
    await ownClient(page);
    await visit(page, "/admin/sign-in?lang=uk");
    await page.getByLabel("Е-пошта").fill("nobody@icc.example");
    await page.getByLabel("Пароль").fill("not the password at all");
    await page.getByRole("button", { name: "Увійти" }).click();
    // The sign-in page itself answers the post: the address typed stays in its field and
    // never goes into the URL (which servers and proxies log).
    await inLanguage(page, "uk", /\/admin\/sign-in\?lang=uk$/);
    await expect(page.getByRole("alert")).toContainText("Неправильна е-пошта, пароль або код.");
    await expect(page.getByLabel("Е-пошта")).toHaveValue("nobody@icc.example");
    expect(page.url()).not.toContain("icc.example");
  });

  test("who switches to French gets the same page in French", async ({ page }) => {
    await visit(page, "/initiatives?country=PL&lang=uk");
    await page.getByRole("button", { name: "Français" }).click();
    await inLanguage(page, "fr", /\/initiatives\?country=PL&lang=fr$/);
    await expect(page.getByRole("heading", { level: 2, name: /initiatives/ })).toHaveText("8 initiatives");
  });

  test("follows the embed's links into the site in Ukrainian", async ({ page }) => {
    await page.goto("/embed/initiatives?country=PL&lang=uk");
    const hrefs = await page.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs.length).toBeGreaterThan(1);
    for (const href of hrefs) expect(href).toMatch(/[?&]lang=uk$/);
  });
});

test("without a language in the address, links follow the reader's own choice", async ({ page }) => {
  await visit(page, "/initiatives");
  const hrefs = await page.locator("main a, header a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs.filter((h) => h.includes("lang="))).toEqual([]);
});

// ---- Nothing hides the focused control (WCAG 2.2 SC 2.4.11) ----

/** Tabs through the open filter panel and checks, at every stop, that the focused element is
 * what the browser paints at its centre (nothing sticky or fixed covers it). */
async function tabThroughPanel(page: Page, stops: number) {
  await page.locator("#q").focus();
  let checked = 0;
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press("Tab");
    const seen = await page.evaluate(() => {
      const focused = document.activeElement as HTMLElement | null;
      if (!focused || focused === document.body) return { inPanel: false, ok: true, what: "body" };
      const inPanel = !!focused.closest("details.filters");
      const r = focused.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      const top = document.elementFromPoint(x, y);
      const ok = !!top && (top === focused || focused.contains(top) || top.closest("label")?.htmlFor === focused.id);
      return {
        inPanel,
        ok,
        what: `${focused.tagName.toLowerCase()}#${focused.id || ""}[${focused.getAttribute("name") ?? ""}] under ${top?.tagName.toLowerCase()}.${top?.className}`,
      };
    });
    if (!seen.inPanel) break;
    expect(seen.ok, `tab stop ${i + 1}: ${seen.what}`).toBe(true);
    checked++;
  }
  return checked;
}

for (const [lang, label] of [
  ["en", "Filters"],
  ["fr", "Filtres"],
  ["uk", "Фільтри"],
] as const) {
  test(`on a phone in ${lang}, the sticky Apply bar never covers the focused control`, async ({ page }) => {
    test.skip(test.info().project.name !== "phone", "the sticky bar is the phone layout's");
    for (const width of [320, 390, 430]) {
      await page.setViewportSize({ width, height: 640 });
      await visit(page, `/initiatives?lang=${lang}`);
      await page.locator("details.filters > summary").click();
      await expect(page.locator("details.filters > summary")).toContainText(label);
      const checked = await tabThroughPanel(page, 80);
      expect(checked, `${width} px: tab stops checked`).toBeGreaterThan(20);
    }
  });
}
