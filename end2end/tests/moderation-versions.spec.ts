import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { anInitiative, FLOW_URL, jsEnabled, ModerationPage, ownClient, SubmissionFormPage, visit } from "./pages";

// Issue 17: moderators find the published initiatives that have no version in a language,
// from the queue, with the count per language beside the filter, with or without JavaScript.

test.use({ baseURL: FLOW_URL });

test.beforeEach(async ({ page }) => {
  // A whole flow: a submission, its publication, then the queue and the review page.
  test.setTimeout(90_000);
  await ownClient(page);
});

/** axe (WCAG 2.2 A/AA) on the page as it is now; skipped where the page runs no scripts. */
async function noAxeViolations(page: Page) {
  if (!jsEnabled()) return;
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
}

/** A country nobody else publishes in, per project, so its counts are exact. */
function countryOfThisProject(): { name: string; code: string; city: string } {
  switch (test.info().project.name) {
    case "phone":
      return { name: "Monaco", code: "MC", city: "Monaco" };
    case "no-js":
      return { name: "San Marino", code: "SM", city: "San Marino" };
    default:
      return { name: "Andorra", code: "AD", city: "Andorra la Vella" };
  }
}

/** "Missing in Ukrainian: 12" → 12. */
async function countIn(page: Page, language: string): Promise<number> {
  const text = await page.getByRole("link", { name: new RegExp(`^Missing in ${language}: \\d+$`) }).innerText();
  return Number(text.replace(/\D+/g, ""));
}

test("a moderator filters the queue to initiatives missing a Ukrainian version, with the counts", async ({ page }) => {
  const here = countryOfThisProject();

  // An initiative written in English only, published.
  const form = new SubmissionFormPage(page);
  const i = anInitiative({ country: here.name, city: here.city });
  await form.goto();
  await form.fill(i);
  await form.send();
  await form.manageLink();
  const mod = new ModerationPage(page);
  await mod.signIn();
  await mod.open(i.title);
  await mod.decide("Publish");
  await expect(page.getByRole("status")).toContainText("Done: published.");

  // The queue shows the count per language beside the filter; the count is a plain link.
  await visit(page, "/admin");
  const missing = page.getByRole("navigation", { name: "Published initiatives without a version" });
  await expect(missing.getByRole("link")).toHaveCount(3);
  await missing.getByRole("link", { name: /^Missing in Ukrainian: \d+$/ }).click();
  await expect(page).toHaveURL(/[?&]missing=uk(&|$)/);
  // (Waiting for the new page first: with JavaScript it is shown in place.)
  await expect(missing.getByRole("link", { name: /^Missing in Ukrainian/ })).toHaveAttribute("aria-current", "page");
  const everywhere = await countIn(page, "Ukrainian");
  expect(everywhere).toBeGreaterThanOrEqual(1);
  await expect(page.getByText(new RegExp(`^Showing ${Math.min(everywhere, 200)} of ${everywhere}$`))).toBeVisible();
  await expect(page.getByRole("link", { name: i.title })).toBeVisible();
  await noAxeViolations(page);

  // Combined with the country, through the GET form (no script needed).
  await page.getByLabel("Country", { exact: true }).selectOption({ label: here.name });
  await page.getByLabel("Without a version in").selectOption({ label: "Ukrainian" });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await page.waitForLoadState("load");
  await expect(page).toHaveURL(new RegExp(`country=${here.code}`));
  await expect(page).toHaveURL(/missing=uk/);
  await expect(page.getByRole("link", { name: "Missing in Ukrainian: 1", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Missing in French: 1", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Missing in English: 0", exact: true })).toBeVisible();
  await expect(page.getByText("Showing 1 of 1", { exact: true })).toBeVisible();
  const items = page.locator("ol.queue > li");
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText(here.name);
  await expect(items.first()).toContainText("text in English");

  // In the Ukrainian interface the English title is marked as English.
  await visit(page, `/admin?country=${here.code}&missing=uk&lang=uk`);
  await expect(page.getByRole("link", { name: "Без версії українською: 1", exact: true })).toBeVisible();
  await expect(page.locator("ol.queue > li > a")).toHaveAttribute("lang", "en");

  // The item leads to its review page: the text's language and the versions it lacks.
  await visit(page, `/admin?country=${here.code}&missing=uk`);
  await page.getByRole("link", { name: i.title }).click();
  await expect(page.getByRole("heading", { level: 1, name: i.title })).toBeVisible();
  const versions = page.getByRole("region", { name: "Text and versions" });
  await expect(versions).toContainText("Language of the text (the original)");
  await expect(versions).toContainText("English");
  const ukrainian = versions.getByRole("region", { name: "Ukrainian" });
  await expect(ukrainian).toContainText("No version in this language yet.");
  await expect(versions.getByRole("link", { name: "Add or correct versions" })).toHaveAttribute(
    "href",
    /\/admin\/initiatives\/\d+\/edit$/,
  );
  await noAxeViolations(page);
});
