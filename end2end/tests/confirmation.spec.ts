import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { anInitiative, FLOW_URL, jsEnabled, ListPage, ModerationPage, ownClient, SubmissionFormPage, visit } from "./pages";

// Kept true over time (issue 23): the city confirms or ends its published initiative on the
// manage page, with a POST (phone viewport and no JavaScript included); readers see the date.

async function noAxeViolations(page: Page) {
  if (!jsEnabled()) return;
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
}

test.use({ baseURL: FLOW_URL });

test.beforeEach(async ({ page }) => {
  test.setTimeout(120_000);
  await ownClient(page);
});

/** Submits an initiative, publishes it as a moderator, and gives its manage link. */
async function publishedInitiative(page: Page, title: string): Promise<string> {
  const form = new SubmissionFormPage(page);
  await form.goto();
  await form.fill(anInitiative({ title }));
  await form.send();
  const manage = await form.manageLink();
  const mod = new ModerationPage(page);
  await mod.signIn();
  await mod.open(title);
  await mod.decide("Publish");
  await page.context().clearCookies();
  return manage;
}

test("the city confirms its initiative is still running, then records that it ended", async ({ page }) => {
  const title = `Still running ${test.info().project.name} ${Date.now()}`;
  const manage = await publishedInitiative(page, title);
  await visit(page, manage);
  const standing = page.getByRole("region", { name: "Is this still true?" });
  await expect(standing.getByText(/Confirmed by the city on \d{1,2} \w+ \d{4}/)).toBeVisible();
  await expect(standing.locator("time[datetime]")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}$/);
  await noAxeViolations(page);
  for (const lang of ["fr", "uk"]) {
    await visit(page, `${manage}?lang=${lang}`);
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await noAxeViolations(page);
  }
  await visit(page, manage);
  await standing.getByRole("button", { name: "Still running — confirm" }).click();
  await expect(page.getByRole("status")).toContainText("the initiative is confirmed as of today");
  await expect(page.getByRole("listitem").filter({ hasText: "confirmed still running" })).toBeVisible();

  // An end after today is refused, and nothing changes.
  await standing.getByLabel("Day it ended").fill("2099-01-01");
  await standing.getByRole("button", { name: "It has ended" }).click();
  await expect(page.getByRole("alert")).toContainText("The end date must be a real day");
  await standing.getByLabel("Day it ended").fill("2026-06-30");
  await standing.getByRole("button", { name: "It has ended" }).click();
  await expect(page.getByRole("status")).toContainText("the initiative is shown as ended");
  await expect(standing.getByText("Ended on 30 June 2026")).toBeVisible();
  await expect(standing.getByRole("button", { name: "Still running — confirm" })).toHaveCount(0);

  // Readers see it ended, never hidden; the filter finds it.
  await visit(page, `/initiatives?freshness=ended&q=${encodeURIComponent(title)}`);
  const card = page.getByRole("article").filter({ hasText: title });
  await expect(card.getByText("Ended on 30 June 2026")).toBeVisible();
  await expect(card.locator('time[datetime="2026-06-30"]')).toBeVisible();
});

test("the list filters on confirmation with counts, without JavaScript too", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto();
  await list.openFilters();
  const group = page.getByRole("group", { name: "Confirmed by the city" });
  await expect(group.getByRole("checkbox", { name: /^Confirmed recently \(\d+\)$/ })).toBeVisible();
  expect(await list.countOf(/^Confirmed recently/)).toBeGreaterThan(0);
  await list.choose(/^Confirmed recently/, "freshness=confirmed");
  await expect(list.results.first()).toContainText("Confirmed by the city on");
  await noAxeViolations(page);
});
