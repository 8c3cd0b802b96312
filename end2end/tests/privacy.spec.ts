import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { anInitiative, FLOW_URL, jsEnabled, ModerationPage, ownClient, SubmissionFormPage, visit } from "./pages";

/** axe (WCAG 2.2 A/AA) on the page as it is now; skipped where the page runs no scripts. */
async function noAxeViolations(page: Page) {
  if (!jsEnabled()) return;
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
}

test.use({ baseURL: FLOW_URL });

test.beforeEach(async ({ page }) => {
  test.setTimeout(90_000);
  await ownClient(page);
});

test("the privacy notice states the periods, the cookies and its version, in three languages", async ({ page }) => {
  await visit(page, "/privacy");
  await expect(page.getByRole("heading", { level: 1, name: "Privacy notice" })).toBeVisible();
  await expect(page.getByText(/Version 1\.0, in force since/)).toBeVisible();
  const retention = page.getByRole("region", { name: "How long we keep it" });
  await expect(retention.getByText(/24 months after the initiative's last update/)).toBeVisible();
  await expect(retention.getByText(/90 days after the decision/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Cookies, and no tracking" })).toContainText("icc_session");
  await noAxeViolations(page);
  await visit(page, "/privacy?lang=fr");
  await expect(page.getByRole("heading", { level: 1, name: "Notice de confidentialité" })).toBeVisible();
  await visit(page, "/privacy?lang=uk");
  await expect(page.getByRole("heading", { level: 1, name: "Повідомлення про конфіденційність" })).toBeVisible();
});

test("every page's footer links to the privacy notice", async ({ page }) => {
  await visit(page, "/initiatives");
  await page.getByRole("contentinfo").getByRole("link", { name: "Privacy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Privacy notice" })).toBeVisible();
});

test("name and role may be left empty; the submitter erases their data and the link stops working", async ({ page }) => {
  const form = new SubmissionFormPage(page);
  await form.goto();
  // Beside the personal fields (a later step with JavaScript, so not yet shown): opens apart.
  const notice = page.locator("main form a", { hasText: "How we handle your personal data" });
  await expect(notice).toHaveAttribute("href", /\/privacy/);
  await expect(notice).toHaveAttribute("target", "_blank");
  await form.fill(anInitiative({ name: "", role: "" }));
  await form.send();
  const manage = await form.manageLink();
  await visit(page, manage);
  const erase = page.getByRole("region", { name: "Erase my personal data" });
  await expect(erase.getByRole("link", { name: "How we handle your personal data" })).toBeVisible();
  await noAxeViolations(page);
  // The confirmation is required: without it nothing happens.
  await erase.getByRole("checkbox", { name: /I understand/ }).check();
  await erase.getByRole("button", { name: "Erase my personal data" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Privacy notice" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Your personal data were erased");
  await noAxeViolations(page);
  expect((await visit(page, manage))?.status()).toBe(404);
});

test("a moderator finds a person's submissions by e-mail, exports them and erases them with a confirmation", async ({ page }) => {
  // An address of this test alone (the browser projects run at the same time on one server).
  const who = `person-${test.info().project.name}-${Date.now()}@city.example`;
  const form = new SubmissionFormPage(page);
  await form.goto();
  const initiative = anInitiative({ yourEmail: who });
  await form.fill(initiative);
  await form.send();
  await form.manageLink();

  await new ModerationPage(page).signIn();
  await page.getByRole("link", { name: "Personal data requests" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Personal data requests" })).toBeVisible();
  await noAxeViolations(page);
  const address = page.getByLabel("The person's e-mail address");

  // Find: the one submission of this address, the address kept in the field (never in the URL).
  await address.fill(who.toUpperCase());
  await page.getByRole("button", { name: "Find submissions" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Submissions of this address: 1" })).toBeVisible();
  await expect(page.getByRole("link", { name: initiative.title })).toBeVisible();
  await expect(address).toHaveValue(who.toUpperCase());
  expect(page.url()).not.toContain("city.example");
  await noAxeViolations(page);

  // Export: a JSON download holding this person's submission only.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export as JSON" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("personal-data.json");
  const exported = JSON.parse(readFileSync(await download.path(), "utf8"));
  expect(exported.submissions.map((s: { title: string }) => s.title)).toEqual([initiative.title]);
  expect(exported.submissions[0].submitter_email).toBe(who);

  // Erase: refused without the confirmation, then done; asking again finds nothing.
  await page.getByRole("button", { name: "Erase this person's data" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Tick the confirmation to erase." })).toBeVisible();
  await noAxeViolations(page);
  await expect(address).toHaveValue(who.toUpperCase());
  await page.getByRole("checkbox", { name: "I confirm the person asked for the erasure" }).check();
  await page.getByRole("button", { name: "Erase this person's data" }).click();
  await expect(
    page.getByText("Erased: 0 published initiatives kept without their submitter, 1 submissions deleted."),
  ).toBeVisible();
  await noAxeViolations(page);
  // The audit trail names the moderator and the action, never the person's address.
  const trail = page.getByRole("region", { name: "Audit trail" });
  await expect(trail.getByRole("listitem").first()).toContainText("erase");
  await expect(trail.getByRole("listitem").first()).toContainText("moderator@icc.example");
  await expect(trail).not.toContainText(who);
  await page.getByRole("button", { name: "Find submissions" }).click();
  await expect(page.getByText("No submission uses this address.")).toBeVisible();
});
