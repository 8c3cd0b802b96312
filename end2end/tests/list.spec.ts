import { expect, test } from "./fixtures";
import { jsEnabled, ListPage, ready, visit } from "./pages";

// The test database holds the 15 sample initiatives and 30 fixtures (end2end/fixtures).
const ALL = 45;

test("the list shows twenty initiatives a page, with pages to the rest", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto();
  await list.expectTotal(ALL);
  await expect(list.results).toHaveCount(20);
  const pages = page.getByRole("navigation", { name: "Pages" });
  await expect(pages.getByRole("link", { name: "1", exact: true })).toHaveAttribute("aria-current", "page");
  await pages.getByRole("link", { name: /Next/ }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(pages.getByText("Page 2 of 3")).toBeVisible();
  await expect(list.results).toHaveCount(20);
  await pages.getByRole("link", { name: "3", exact: true }).click();
  await expect(page).toHaveURL(/page=3/);
  await expect(list.results).toHaveCount(5);
  await list.expectTotal(ALL);
});

test("a country filter gives exactly the count it showed", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto();
  const poland = await list.countOf(/^Poland/);
  expect(poland).toBe(8);
  await list.choose(/^Poland/, "country=PL");
  await list.expectTotal(poland);
  for (const place of await page.locator(".results .place").allInnerTexts()) {
    expect(place).toContain("Poland");
  }
  await expect(list.option(/^Poland/)).toBeChecked();
});

test("the filtered view downloads as CSV and JSON files of all its initiatives", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto();
  await list.choose(/^Poland/, "country=PL");
  await list.expectTotal(8);
  const link = page.getByRole("link", { name: "CSV (spreadsheet)" });
  await expect(page.getByText("Download these 8 initiatives:")).toBeVisible();
  await expect(link).toHaveAttribute("href", "/initiatives.csv?country=PL");
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe("icc-initiatives-pl.csv");
  const text = await (await page.request.get("/initiatives.csv?country=PL")).text();
  expect(text.startsWith("\uFEFF")).toBe(true);
  const lines = text.slice(1).split("\r\n");
  expect(lines[0]).toMatch(/^url,slug,title,summary,/);
  // Every initiative of the view, each record starting with its public address.
  const origin = new URL(page.url()).origin;
  expect(lines.filter((l) => l.startsWith(`${origin}/initiatives/`))).toHaveLength(8);
  const json = page.getByRole("link", { name: "JSON (data)" });
  await expect(json).toHaveAttribute("href", "/initiatives.json?country=PL");
  const [file] = await Promise.all([page.waitForEvent("download"), json.click()]);
  expect(file.suggestedFilename()).toBe("icc-initiatives-pl.json");
  const data = await (await page.request.get("/initiatives.json?country=PL")).json();
  expect(data.filter).toBe("country=PL");
  expect(data.initiatives).toHaveLength(8);
  // The feed of the same view: linked beside the files and announced in the head for feed readers.
  const atom = page.getByRole("link", { name: "Atom (news feed)" });
  await expect(atom).toHaveAttribute("href", "/feed.atom?country=PL");
  await expect(page.locator('head link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute(
    "href",
    "/feed.atom?country=PL",
  );
  const feed = await page.request.get("/feed.atom?country=PL");
  expect(feed.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
  expect((await feed.text()).match(/<entry>/g)).toHaveLength(8);
});

test("several countries can be chosen at once", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto();
  const poland = await list.countOf(/^Poland/);
  const germany = await list.countOf(/^Germany/);
  await list.choose(/^Poland/, "country=PL");
  await list.choose(/^Germany/, "country=DE");
  await expect(page).toHaveURL(/country=DE&country=PL/);
  await list.expectTotal(poland + germany);
});

test("type and commitment filters combine and their counts predict the results", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto();
  const health = await list.countOf(/^Health & psychological support/);
  await list.choose(/^Health & psychological support/, "type=health");
  await list.expectTotal(health);
  const hatred = await list.countOf(/^5\. Standing against hatred/);
  expect(hatred).toBeLessThanOrEqual(health);
  await list.choose(/^5\. Standing against hatred/, "commitment=5");
  await list.expectTotal(hatred);
  // With a type and a commitment chosen, the country counts follow them.
  expect(await list.countOf(/^Poland/)).toBe(hatred);
  expect(await list.countOf(/^Germany/)).toBe(0);
});

test("search ignores accents and case and reads Cyrillic", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto();
  await list.search("KRAKOW");
  await list.expectTotal(1);
  await expect(list.results.first().getByRole("heading")).toHaveText("Welcome point at the main railway station");
  // A word of the Ukrainian original finds it; the English reader's card shows its English version.
  await list.search("мовні");
  await list.expectTotal(1);
  await expect(list.results.first().getByRole("heading")).toHaveText("Language courses for internally displaced people");
});

test("an empty result says so and offers to clear the filters", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto("q=nothing-matches-this&country=PL");
  await list.expectTotal(0);
  await expect(page.getByText("No initiative matches these filters.")).toBeVisible();
  await page.locator(".results").getByRole("link", { name: "Clear all filters" }).click();
  await expect(page).toHaveURL(/\/initiatives$/);
  await list.expectTotal(ALL);
});

test("Back and Forward restore the filters", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto();
  await list.choose(/^Poland/, "country=PL");
  await list.expectTotal(8);
  const housing = await list.countOf(/^Housing & accommodation/);
  await list.choose(/^Housing & accommodation/, "type=housing");
  await list.expectTotal(housing);
  await page.goBack();
  await ready(page);
  await expect(page).toHaveURL(/country=PL/);
  await expect(page).not.toHaveURL(/type=housing/);
  await list.expectTotal(8);
  await list.openFilters();
  await expect(list.option(/^Poland/)).toBeChecked();
  await expect(list.option(/^Housing & accommodation/)).not.toBeChecked();
  await page.goForward();
  await ready(page);
  await expect(page).toHaveURL(/type=housing/);
  await list.expectTotal(housing);
  await list.openFilters();
  await expect(list.option(/^Housing & accommodation/)).toBeChecked();
});

test("a shared link opens with its filters applied", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto("country=PL&type=health&sort=city");
  await list.expectTotal(3);
  await list.openFilters();
  await expect(list.option(/^Poland/)).toBeChecked();
  await expect(list.option(/^Health & psychological support/)).toBeChecked();
  await expect(page.getByLabel("Sort")).toHaveValue("city");
});

test("sorting by city orders the cards by place", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto("sort=city");
  const places = await page.locator(".results .place").allInnerTexts();
  expect(places[0]).toMatch(/^Barcelona/);
  expect(places[1]).toMatch(/^Bergen/);
});

test("bad query input is reported and never breaks the page", async ({ page }) => {
  const list = new ListPage(page);
  const long = "a".repeat(10_000);
  const response = await list.goto(`country=XX&type=nope&page=abc&country=PL&q=${long}`);
  expect(response?.status()).toBe(200);
  const notice = page.getByRole("status").filter({ hasText: "could not be used" });
  await expect(notice).toContainText("unknown country “XX” was ignored");
  await expect(notice).toContainText("unknown type “nope” was ignored");
  await expect(notice).toContainText("“abc” is not a page number");
  await expect(notice).toContainText("search text was too long");
  for (const bad of ["page=-1", "page=0", "commitment=9", "sort=sideways"]) {
    const r = await list.goto(bad);
    expect(r?.status(), bad).toBe(200);
    await list.expectTotal(ALL);
  }
  const beyond = await list.goto("page=99");
  expect(beyond?.status()).toBe(200);
  await expect(page.getByText("There are not that many pages.")).toBeVisible();
});

test.describe("with JavaScript", () => {
  test.skip(() => !jsEnabled(), "needs JavaScript");

  test("changing filters and following links never reloads the page", async ({ page }) => {
    const list = new ListPage(page);
    await list.goto();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await list.choose(/^Poland/, "country=PL");
    await list.expectTotal(8);
    await list.results.first().getByRole("link").click();
    await expect(page).toHaveURL(/\/initiatives\/[a-z0-9-]+$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Declaration" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Declaration on Solidarity with Ukraine");
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  });

  test("a new result count is announced after a filter change", async ({ page }) => {
    const list = new ListPage(page);
    await list.goto();
    await list.choose(/^Poland/, "country=PL");
    await list.expectTotal(8);
    await expect(page.locator("#nav-announcer")).toHaveText("8 initiatives");
    await expect(page.locator("#nav-announcer")).toHaveAttribute("aria-live", "polite");
  });

  test("a link from the middle of the list opens the next page at its top, focus on its content", async ({
    page,
  }) => {
    const list = new ListPage(page);
    await list.goto();
    const card = list.results.nth(15);
    await card.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    const title = await card.getByRole("heading").innerText();
    await card.getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await expect(page.locator("main#main")).toBeFocused();
    await expect(page).toHaveTitle(new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} — `));
    // Back returns to the list where it was.
    await page.goBack();
    await list.expectTotal(ALL);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  });

  test("Back and Forward move between pages opened in place, with their titles", async ({ page }) => {
    const list = new ListPage(page);
    await list.goto();
    const h1 = page.getByRole("heading", { level: 1 });
    const first = await list.results.nth(0).getByRole("heading").innerText();
    const second = await list.results.nth(1).getByRole("heading").innerText();
    await list.results.nth(0).getByRole("link").click();
    await expect(h1).toHaveText(first);
    await page.goBack();
    await list.expectTotal(ALL);
    await list.results.nth(1).getByRole("link").click();
    await expect(h1).toHaveText(second);
    await expect(page).toHaveTitle(new RegExp(`^${second.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} — `));
    await page.goBack();
    await list.expectTotal(ALL);
    await expect(page).toHaveTitle(/^Initiatives — /);
    await page.goForward();
    await expect(h1).toHaveText(second);
  });

  test("the public pages load no wasm; the form page does", async ({ page }) => {
    const wasm: string[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith(".wasm")) wasm.push(r.url());
    });
    const list = new ListPage(page);
    await list.goto();
    await list.choose(/^Poland/, "country=PL");
    await list.results.first().getByRole("link").click();
    await expect(page).toHaveURL(/\/initiatives\/[a-z0-9-]+$/);
    await visit(page, "/");
    await visit(page, "/declaration");
    expect(wasm).toEqual([]);
    await visit(page, "/submit");
    expect(wasm.length).toBe(1);
  });

  test("filters work by keyboard alone and keep the focus", async ({ page }) => {
    test.skip(test.info().project.name === "phone", "keyboard test on the desktop layout");
    const list = new ListPage(page);
    await list.goto();
    await page.getByRole("searchbox", { name: "Search" }).focus();
    await page.keyboard.press("Tab");
    const first = page.getByRole("checkbox").first();
    await expect(first).toBeFocused();
    await page.keyboard.press("Space");
    await expect(page).toHaveURL(/country=/);
    await expect(first).toBeChecked();
    await expect(first).toBeFocused();
    await page.keyboard.press("Space");
    await expect(page).toHaveURL(/\/initiatives$/);
    await list.expectTotal(ALL);
  });
});

test.describe("on a phone", () => {
  test.skip(() => test.info().project.name !== "phone", "phone layout");

  test("the filters fold into a panel with an Apply button", async ({ page }) => {
    const list = new ListPage(page);
    await list.goto();
    await expect(list.panelToggle).toBeVisible();
    await expect(list.option(/^Poland/)).toBeHidden();
    await list.panelToggle.click();
    await expect(list.option(/^Poland/)).toBeVisible();
    await list.option(/^Poland/).check();
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/country=PL/);
    await list.expectTotal(8);
    await expect(list.panelToggle).toHaveText("Filters (1)");
    await expect(list.option(/^Poland/)).toBeHidden();
  });

  test("touch targets are at least 44 pixels high", async ({ page }) => {
    const list = new ListPage(page);
    await list.goto();
    await list.openFilters();
    const targets = [
      list.panelToggle,
      page.getByRole("button", { name: "Apply" }),
      page.getByRole("button", { name: "Українська" }),
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Initiatives" }),
      page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "2", exact: true }),
      page.locator(".choices li").first(),
    ];
    for (const t of targets) {
      const box = await t.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    }
  });

  test("nothing is wider than a 320 pixel screen", async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ["/", "/initiatives", "/declaration"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow, path).toBeLessThanOrEqual(320);
    }
  });
});

test("countries are listed by their name in the interface language", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto();
  await list.openFilters();
  const names = await page
    .getByRole("group", { name: "Country" })
    .getByRole("checkbox")
    .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).labels?.[0]?.innerText.replace(/\s*\(\d+\)$/, "") ?? ""));
  expect(names.length).toBe(18);
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
  expect(names[0]).toBe("Canada");
});
