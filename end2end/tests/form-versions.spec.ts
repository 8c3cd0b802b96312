import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import {
  anInitiative,
  FLOW_URL,
  type Initiative,
  jsEnabled,
  ModerationPage,
  ownClient,
  ready,
  SubmissionFormPage,
  visit,
} from "./pages";

// Issue 17, the form: the language of the text, and versions in the other languages — on
// /submit, through the manage link and in the moderator's edit form, with and without
// JavaScript.

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
  // Whole flows: several page loads, each hydrating the debug bundle, with axe on most.
  test.setTimeout(90_000);
  await ownClient(page);
});

/** Away from the countries other tests count. */
const elsewhere = { country: "Liechtenstein", city: "Vaduz" };

/** An initiative written in Ukrainian. */
function inUkrainian(): Initiative {
  const id = Math.random().toString(36).slice(2, 8);
  return anInitiative({
    ...elsewhere,
    title: `Мовне кафе ${id}`,
    summary: "Щотижневі вечори, де новоприбулі практикують місцеву мову з волонтерами.",
    description: "Щовівторка в центральній бібліотеці.",
  });
}

const french = {
  title: "Café des langues",
  summary: "Des soirées chaque semaine où les nouveaux arrivants pratiquent la langue.",
};
const english = {
  title: "Language café",
  summary: "Weekly evenings where newcomers practise the local language with volunteers.",
};

/** Submits `i` with its text in `language` (the radio button's name) and the versions given as
 * (label, value) pairs; returns the manage link. */
async function submitWith(page: Page, i: Initiative, language: string, versions: [string, string][] = []) {
  const form = new SubmissionFormPage(page);
  await form.goto();
  await form.fillCity(i);
  await form.next();
  await page.getByRole("radio", { name: language, exact: true }).check();
  await form.fillInitiative(i);
  if (versions.length > 0) await form.openVersions();
  for (const [label, value] of versions) await page.getByLabel(label, { exact: true }).fill(value);
  await form.next();
  await form.fillAboutYou(i);
  await form.next();
  await form.send();
  return form.manageLink();
}

test("the text's language starts as the interface's, each language named in itself", async ({ page }) => {
  await visit(page, "/submit?lang=uk");
  await expect(page.locator("#text_language-uk")).toBeChecked();
  await expect(page.locator('label[for="text_language-fr"]')).toHaveText("Français");
  await expect(page.locator('label[for="text_language-fr"]')).toHaveAttribute("lang", "fr");
  await visit(page, "/submit?lang=fr");
  await expect(page.locator("#text_language-fr")).toBeChecked();
  await visit(page, "/submit");
  await expect(page.locator("#text_language-en")).toBeChecked();
  // Folded away until asked for, in the initiative's step before the types.
  await expect(page.locator("details.versions")).not.toHaveAttribute("open", "");
});

test("a submission in Ukrainian with a French version: the version is offered, previewed, reviewed and kept", async ({ page }) => {
  const form = new SubmissionFormPage(page);
  await form.goto();
  const i = inUkrainian();
  await form.fillCity(i);
  await form.next();
  await page.getByRole("radio", { name: "Українська", exact: true }).check();
  await form.fillInitiative(i);
  await form.openVersions();
  // The version in the text's own language is not offered; the two others are.
  await expect(form.version("uk")).toBeHidden();
  await expect(form.version("en")).toBeVisible();
  await expect(form.version("fr")).toBeVisible();
  await expect(page.getByRole("group", { name: "French version" })).toBeVisible();
  await page.getByLabel("Title in French").fill(french.title);
  await page.getByLabel("Summary in French").fill(french.summary);
  await expect(page.getByLabel("Title in French")).toHaveAttribute("lang", "fr");
  await expect(page.getByLabel("Summary in French")).toHaveAttribute("lang", "fr");
  // Choosing another language for the text offers the other versions (CSS, also without JavaScript).
  await page.getByRole("radio", { name: "English", exact: true }).check();
  await expect(form.version("en")).toBeHidden();
  await expect(form.version("uk")).toBeVisible();
  await page.getByRole("radio", { name: "Українська", exact: true }).check();
  await expect(form.version("uk")).toBeHidden();
  await noAxeViolations(page);
  await form.next();
  await form.fillAboutYou(i);
  await form.next();
  if (jsEnabled()) {
    const preview = page.locator(".preview");
    await expect(preview.getByRole("heading", { name: i.title })).toHaveAttribute("lang", "uk");
    await expect(preview.getByRole("heading", { name: "French version" })).toBeVisible();
    await expect(preview.locator('p[lang="fr"]').first()).toHaveText(french.title);
    await expect(preview.getByRole("heading", { name: "English version" })).toHaveCount(0);
    await noAxeViolations(page);
  }
  await form.send();
  const manage = await form.manageLink();

  const mod = new ModerationPage(page);
  await mod.signIn();
  await mod.open(i.title);
  const preview = page.locator(".preview");
  await expect(preview.getByRole("heading", { name: "French version" })).toBeVisible();
  await expect(preview.locator('p[lang="fr"]').nth(1)).toHaveText(french.summary);
  await expect(preview.getByRole("definition").filter({ hasText: /^Українська$/ })).toHaveAttribute("lang", "uk");
  await noAxeViolations(page);
  await mod.decide("Publish");
  await expect(page.getByRole("status")).toContainText("Done: published.");

  // The submitter's form holds the text and its version as stored.
  await visit(page, manage);
  await expect(page.getByText("Published", { exact: true })).toBeVisible();
  await expect(page.locator("#text_language-uk")).toBeChecked();
  await expect(page.locator("#title")).toHaveValue(i.title);
  await expect(page.locator("#title_fr")).toHaveValue(french.title);
  await expect(page.locator("#summary_fr")).toHaveValue(french.summary);
  await expect(page.locator("details.versions")).toHaveAttribute("open", "");
});

test("a version with a title but no summary is refused, naming the field and keeping everything", async ({ page }) => {
  const form = new SubmissionFormPage(page);
  await form.goto();
  const i = anInitiative(elsewhere);
  const ukrainianDescription = "Щовівторка в центральній бібліотеці.";
  await form.fillCity(i);
  await form.next();
  await form.fillInitiative(i);
  await form.openVersions();
  await page.getByLabel("Title in French").fill(french.title);
  await page.getByLabel("Description in Ukrainian").fill(ukrainianDescription);
  if (jsEnabled()) {
    // Refused on the step itself, each missing part named and linked.
    await form.next();
    await expect(form.problems).toContainText("Summary in French: This field is required");
    await expect(form.problems).toContainText("Title in Ukrainian: This field is required");
    await expect(form.problems).toContainText("Summary in Ukrainian: This field is required");
    await expect(page.getByLabel("Summary in French")).toHaveAttribute("aria-invalid", "true");
    await noAxeViolations(page);
    // Folded away again, the link still leads to the field.
    await page.locator("details.versions > summary").click();
    await expect(page.locator("details.versions")).not.toHaveAttribute("open", "");
    await form.problems.getByRole("link", { name: /^Summary in French/ }).click();
    await expect(page.getByLabel("Summary in French")).toBeFocused();
    await expect(page.getByLabel("Title in French")).toHaveValue(french.title);
    await expect(page.getByLabel("Description in Ukrainian")).toHaveValue(ukrainianDescription);
  } else {
    // Without JavaScript the server checks it all and sends every typed value back.
    await form.fillAboutYou(i);
    await form.send();
    await expect(form.problems).toContainText("Summary in French: This field is required");
    await expect(form.problems).toContainText("Title in Ukrainian: This field is required");
    await expect(form.problems.getByRole("link", { name: /^Summary in French/ })).toHaveAttribute("href", "#summary_fr");
    await expect(page.locator("details.versions")).toHaveAttribute("open", "");
    await expect(page.getByLabel("Title in French")).toHaveValue(french.title);
    await expect(page.getByLabel("Description in Ukrainian")).toHaveValue(ukrainianDescription);
    await expect(form.label("Title")).toHaveValue(i.title);
    await expect(form.label("Summary")).toHaveValue(i.summary);
    await expect(form.label("Your name")).toHaveValue(i.name);
    await expect(page.getByRole("checkbox", { name: /I agree/ })).toBeChecked();
    await expect(page.locator("#text_language-en")).toBeChecked();
  }
  await page.getByLabel("Summary in French").fill(french.summary);
  await page.getByLabel("Title in Ukrainian").fill("Мовне кафе");
  await page.getByLabel("Summary in Ukrainian").fill("Щотижневі вечори, де новоприбулі практикують мову.");
  await form.next();
  if (jsEnabled()) {
    await form.fillAboutYou(i);
    await form.next();
  }
  form.shown();
  await form.send();
  await form.manageLink();
});

test("text typed in the version of the text's own language is refused, never dropped", async ({ page }) => {
  const form = new SubmissionFormPage(page);
  await form.goto();
  const i = anInitiative(elsewhere);
  await form.fillCity(i);
  await form.next();
  await form.fillInitiative(i);
  await form.openVersions();
  await page.getByLabel("Title in French").fill(french.title);
  await page.getByLabel("Summary in French").fill(french.summary);
  // Then the text is said to be French: the French version is no longer offered…
  await page.getByRole("radio", { name: "Français", exact: true }).check();
  await expect(form.version("fr")).toBeHidden();
  if (jsEnabled()) {
    await form.next();
  } else {
    await form.fillAboutYou(i);
    await form.send();
  }
  // …but what was typed there comes back in sight with the reason.
  await expect(form.problems).toContainText("Title in French: This version is in the language chosen for the text itself");
  await expect(form.version("fr")).toBeVisible();
  await expect(page.getByLabel("Title in French")).toHaveValue(french.title);
  await noAxeViolations(page);
  // The text was English after all.
  await page.getByRole("radio", { name: "English", exact: true }).check();
  await form.next();
  if (jsEnabled()) {
    await form.fillAboutYou(i);
    await form.next();
  }
  form.shown();
  await form.send();
  await form.manageLink();
});

test("the manage link adds an English version, reviewed like any edit; a moderator corrects it", async ({ page }) => {
  const i = inUkrainian();
  const manage = await submitWith(page, i, "Українська");
  const mod = new ModerationPage(page);
  await mod.signIn();
  await mod.open(i.title);
  await mod.decide("Publish");

  await visit(page, manage);
  const form = new SubmissionFormPage(page);
  form.shown();
  await form.next();
  await form.openVersions();
  await expect(form.version("uk")).toBeHidden();
  await page.getByLabel("Title in English").fill(english.title);
  await page.getByLabel("Summary in English").fill(english.summary);
  await noAxeViolations(page);
  await form.next();
  await form.next();
  await form.send();
  await expect(page.getByText("Your latest edit is waiting for review.")).toBeVisible();

  // The moderator sees what the edit adds, in its language, and publishes it.
  await mod.open(i.title);
  const changes = page.getByRole("table");
  await expect(changes.getByRole("row", { name: /Title in English/ })).toContainText(english.title);
  // The added title is English on an English page: its language is the page's (no `lang` of
  // its own, which it carries only where it differs).
  const added = changes.getByRole("row", { name: /Title in English/ }).locator("ins");
  await expect(added).toHaveText(english.title);
  expect(await added.evaluate((el) => el.closest("[lang]")?.getAttribute("lang"))).toBe("en");
  await noAxeViolations(page);
  await mod.decide("Publish the edit");
  await expect(page.getByRole("status")).toContainText("published the edit");
  await expect(page.locator(".preview").getByRole("heading", { name: "English version" })).toBeVisible();

  // A moderator's correction of the version, with the same form.
  await page.getByRole("link", { name: "Edit the content" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Edit the content/ })).toBeVisible();
  await ready(page);
  const edit = new SubmissionFormPage(page);
  await edit.next();
  await edit.openVersions();
  await expect(page.getByLabel("Title in English")).toHaveValue(english.title);
  await page.getByLabel("Summary in English").fill(`${english.summary} Tuesdays at six.`);
  await edit.next();
  await edit.sendButton.click();
  await expect(page).toHaveURL(/\?done=edit$/);
  await expect(page.locator(".preview")).toContainText("Tuesdays at six.");

  await visit(page, manage);
  await expect(page.locator("#title_en")).toHaveValue(english.title);
  await expect(page.locator("#summary_en")).toHaveValue(`${english.summary} Tuesdays at six.`);
});
