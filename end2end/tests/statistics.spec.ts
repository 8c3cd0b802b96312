import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { FLOW_URL, jsEnabled, ListPage, ModerationPage, ownClient, visit } from "./pages";

// Issue 21: the directory in figures — headline, decorative chart and table per figure, rows
// that open the list filtered the same way, CSV files, in three languages, with or without
// JavaScript; the moderators' review pipeline.

const TEXTS = {
  en: { title: "The directory in figures", byCountry: "Initiatives by country", csv: "Download as CSV" },
  fr: { title: "Le répertoire en chiffres", byCountry: "Initiatives par pays", csv: "Télécharger en CSV" },
  uk: { title: "Довідник у цифрах", byCountry: "Ініціативи за країнами", csv: "Завантажити як CSV" },
} as const;

async function noAxeViolations(page: Page) {
  if (!jsEnabled()) return;
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
}

/** The rows of a figure's table as [name, count…]. */
async function tableRows(page: Page, region: string): Promise<string[][]> {
  const table = page.getByRole("region", { name: region }).getByRole("table");
  const rows = table.getByRole("row");
  const out: string[][] = [];
  for (let k = 1; k < (await rows.count()); k++) {
    out.push((await rows.nth(k).getByRole("cell").allInnerTexts()).map((t) => t.trim()));
    out[out.length - 1].unshift((await rows.nth(k).getByRole("rowheader").innerText()).trim());
  }
  return out;
}

for (const lang of ["en", "fr", "uk"] as const) {
  test(`the figures page in ${lang}: headlines, charts for the eye, tables for everyone, no axe violation`, async ({ page }) => {
    const t = TEXTS[lang];
    await visit(page, `/statistics?lang=${lang}`);
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await expect(page.getByRole("heading", { level: 1, name: t.title })).toBeVisible();
    const byCountry = page.getByRole("region", { name: t.byCountry });
    await expect(byCountry.getByRole("table")).toBeVisible();
    // The chart is drawn but hidden from screen readers: the table is the truth.
    await expect(byCountry.locator("svg.chart")).toHaveAttribute("aria-hidden", "true");
    await expect(byCountry.getByRole("link", { name: t.csv })).toHaveAttribute("href", "/statistics/by-country.csv");
    expect((await tableRows(page, t.byCountry)).length).toBeGreaterThan(1);
    // Links keep the address's language.
    await expect(byCountry.getByRole("row").nth(1).getByRole("link")).toHaveAttribute("href", /lang=/);
    await noAxeViolations(page);
  });
}

test("each country's row opens the list of exactly that many initiatives", async ({ page }) => {
  await visit(page, "/statistics?type=housing");
  const rows = await tableRows(page, "Initiatives by country");
  const [name, count] = rows[0];
  await page.getByRole("region", { name: "Initiatives by country" }).getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(/\/initiatives\?country=[A-Z]{2}&type=housing$/);
  const list = new ListPage(page);
  await expect(list.resultsHeading).toHaveText(new RegExp(`^${count} initiatives?$`));
});

test("the list links to the figures of the same view, and the totals equal its count", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto("country=PL");
  const heading = await list.resultsHeading.innerText();
  const total = heading.match(/^(\d+)/)![1];
  await page.getByRole("link", { name: "Figures for this list" }).click();
  await expect(page).toHaveURL(/\/statistics\?country=PL$/);
  await expect(page.getByRole("heading", { level: 1, name: "The directory in figures" })).toBeVisible();
  const totals = page.getByRole("region", { name: "Totals" });
  await expect(totals.locator("dd").first()).toHaveText(total);
  expect(await tableRows(page, "Initiatives by country")).toEqual([["Poland", total]]);
  await noAxeViolations(page);
});

test("each figure downloads as CSV with a header row and the table's figures", async ({ page }) => {
  await visit(page, "/statistics?country=PL");
  const link = page.getByRole("region", { name: "Initiatives by type" }).getByRole("link", { name: "Download as CSV" });
  const href = (await link.getAttribute("href"))!;
  expect(href).toBe("/statistics/by-type.csv?country=PL");
  const answer = await page.request.get(href);
  expect(answer.status()).toBe(200);
  const lines = (await answer.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toBe("type,initiatives");
  const fromTable = (await tableRows(page, "Initiatives by type")).map((r) => r[1]);
  expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(fromTable);
});

test("a filter value the page cannot use is reported and the rest still counts", async ({ page }) => {
  await visit(page, "/statistics?country=XX");
  await expect(page.getByRole("status")).toContainText("XX");
  await expect(page.getByRole("region", { name: "Totals" })).toBeVisible();
});

test("the footer leads to the figures", async ({ page }) => {
  await visit(page, "/");
  await page.getByRole("contentinfo").getByRole("link", { name: "Figures" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "The directory in figures" })).toBeVisible();
});

test.describe("in dark mode", () => {
  test.use({ colorScheme: "dark" });
  test("the figures keep WCAG AA contrast", async ({ page }) => {
    test.skip(!jsEnabled(), "axe needs JavaScript in the page");
    await visit(page, "/statistics");
    const results = await new AxeBuilder({ page }).withTags(["wcag2aa", "wcag21aa"]).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });
});

test.describe("moderators", () => {
  test.use({ baseURL: FLOW_URL });
  test("see the review pipeline in figures", async ({ page }) => {
    await ownClient(page);
    const moderation = new ModerationPage(page);
    await moderation.signIn();
    await page.getByRole("link", { name: "Review figures" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "The review in figures" })).toBeVisible();
    await expect(page.getByText("Waiting for a first decision")).toBeVisible();
    await expect(page.getByText("Sent back for changes")).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Time to a decision, by month" })).toBeVisible();
    await noAxeViolations(page);
  });
});
