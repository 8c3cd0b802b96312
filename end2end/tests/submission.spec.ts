import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import {
  anInitiative,
  FLOW_URL,
  jsEnabled,
  ListPage,
  MODERATOR,
  ModerationPage,
  ownClient,
  ready,
  SECOND_MODERATOR,
  SubmissionFormPage,
  visit,
} from "./pages";

/** axe (WCAG 2.2 A/AA) on the page as it is now; skipped where the page runs no scripts. */
async function noAxeViolations(page: Page) {
  if (!jsEnabled()) return;
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
}

/** A country no other test publishes in, per project, so counts can be checked exactly. */
function countryOfThisProject(): { name: string; code: string; city: string } {
  switch (test.info().project.name) {
    case "phone":
      return { name: "Malta", code: "MT", city: "Valletta" };
    case "no-js":
      return { name: "Cyprus", code: "CY", city: "Limassol" };
    default:
      return { name: "Iceland", code: "IS", city: "Reykjavík" };
  }
}

/** Other tests publish in Liechtenstein, away from the counted countries. */
const elsewhere = { country: "Liechtenstein", city: "Vaduz" };

async function submit(page: Page, over = {}): Promise<{ title: string; manage: string }> {
  const form = new SubmissionFormPage(page);
  const i = anInitiative({ ...elsewhere, ...over });
  await form.goto();
  await form.fill(i);
  await form.send();
  return { title: i.title, manage: await form.manageLink() };
}

test.use({ baseURL: FLOW_URL });

test.beforeEach(async ({ page }) => {
  // Whole flows: several page loads, each hydrating the debug bundle, with axe on most.
  test.setTimeout(90_000);
  await ownClient(page);
});

test("a city officer submits, a moderator publishes, the public finds it with correct counts", async ({ page, request }) => {
  const here = countryOfThisProject();
  const list = new ListPage(page);
  await list.goto(`country=${here.code}`);
  const before = Number((await list.resultsHeading.innerText()).split(" ")[0]);

  const form = new SubmissionFormPage(page);
  await form.goto();
  await noAxeViolations(page);
  const i = anInitiative({ country: here.name, city: here.city });
  await form.fillCity(i);
  await form.next();
  await noAxeViolations(page);
  await form.fillInitiative(i);
  await form.next();
  await form.fillAboutYou(i);
  await form.next();
  if (jsEnabled()) {
    // The review step shows exactly what will be published, and what stays private.
    await expect(page.getByRole("heading", { name: "Review and send" })).toBeFocused();
    const preview = page.locator(".preview");
    await expect(preview.getByRole("heading", { name: i.title })).toBeVisible();
    await expect(preview).toContainText(i.summary);
    await expect(preview).toContainText("Language learning");
    await expect(preview).toContainText("https://city.example/cafe");
    await expect(page.getByText("Not published: sent to the secretariat only")).toBeVisible();
    await noAxeViolations(page);
  }
  await form.send();
  const manage = await form.manageLink();
  await noAxeViolations(page);

  // Not public before review.
  await list.goto(`country=${here.code}`);
  await list.expectTotal(before);

  await visit(page, manage);
  await expect(page.getByText("Waiting for review", { exact: true })).toBeVisible();
  await noAxeViolations(page);

  const mod = new ModerationPage(page);
  await mod.signIn();
  await noAxeViolations(page);
  // Signed in, every page's header says how many items wait for review and leads to the queue;
  // the same page without the session does not.
  await list.goto(`country=${here.code}`);
  const waiting = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^\d+ waiting for review$/ });
  await expect(waiting).toBeVisible();
  await expect(waiting).toHaveAttribute("href", "/admin");
  // (`request` keeps no cookies of the page's.)
  const anonymous = await request.get(`/initiatives?country=${here.code}`);
  expect(await anonymous.text()).not.toContain("waiting for review");
  await mod.open(i.title);
  await noAxeViolations(page);
  await expect(page.getByText(i.yourEmail)).toBeVisible();
  await mod.decide("Publish");
  await expect(page.getByRole("status")).toContainText("Done: published.");
  await expect(page.getByRole("listitem").filter({ hasText: MODERATOR.email })).toContainText("published");

  // At once in the public list, the facet counts and search.
  await list.goto(`country=${here.code}`);
  await list.expectTotal(before + 1);
  expect(await list.countOf(new RegExp(`^${here.name}`))).toBe(before + 1);
  await list.goto(`q=${encodeURIComponent(i.title)}`);
  await list.expectTotal(1);
  await page.getByRole("link", { name: i.title }).click();
  await expect(page.getByRole("heading", { level: 1, name: i.title })).toBeVisible();
  await expect(page.getByText("Every Tuesday at the central library.")).toBeVisible();

  await visit(page, manage);
  await expect(page.getByText("Published", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "See the public page" })).toBeVisible();
});

test("changes requested: the submitter reads the reason, edits through the link, then it is published", async ({ page }) => {
  const { title, manage } = await submit(page);
  const mod = new ModerationPage(page);
  await mod.signIn();
  await mod.open(title);
  await mod.decide("Ask for changes", "Please add the opening hours to the summary.");
  await expect(page.getByText("Changes requested", { exact: true })).toBeVisible();

  await visit(page, manage);
  await expect(page.getByText("Changes requested", { exact: true })).toBeVisible();
  await expect(page.getByText("Please add the opening hours to the summary.").first()).toBeVisible();
  await noAxeViolations(page);

  const form = new SubmissionFormPage(page);
  form.shown();
  const edited = anInitiative({
    ...elsewhere,
    title: `${title} (Tuesdays)`,
    summary: "Weekly evenings, Tuesdays 18:00 to 20:00, where newcomers practise the language.",
  });
  await form.fill(edited);
  await form.send();
  await expect(page.getByText("Your changes were saved and sent for review.")).toBeVisible();
  await expect(page.getByText("Waiting for review", { exact: true })).toBeVisible();

  await mod.open(edited.title);
  await mod.decide("Publish");
  await visit(page, "/initiatives?q=" + encodeURIComponent("Tuesdays 18:00"));
  await expect(page.getByRole("link", { name: edited.title })).toBeVisible();
});

test("a rejection needs a reason, which the submitter then reads", async ({ page }) => {
  const { title, manage } = await submit(page);
  const mod = new ModerationPage(page);
  await mod.signIn();
  await mod.open(title);
  await mod.decide("Reject");
  await expect(page.getByRole("alert")).toContainText("A reason is required for this decision");
  await expect(page.getByText("Waiting for review", { exact: true })).toBeVisible();
  await mod.decide("Reject", "This is a national programme, not a city initiative.");
  await expect(page.getByText("Rejected", { exact: true })).toBeVisible();

  await visit(page, manage);
  await expect(page.getByText("Rejected", { exact: true })).toBeVisible();
  await expect(page.getByText("This is a national programme, not a city initiative.").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Edit the initiative" })).toHaveCount(0);
});

test("an edit of a published initiative waits for review while the public version stays", async ({ page }) => {
  const { title, manage } = await submit(page);
  const mod = new ModerationPage(page);
  await mod.signIn();
  await mod.open(title);
  await mod.decide("Publish");
  const publicPage = await page.getByRole("link", { name: "See the public page" }).getAttribute("href");
  expect(publicPage).toBeTruthy();

  await visit(page, manage);
  const form = new SubmissionFormPage(page);
  form.shown();
  const edited = anInitiative({ ...elsewhere, title: `${title} — now twice a week` });
  await form.fill(edited);
  await form.send();
  await expect(page.getByText("Your latest edit is waiting for review.")).toBeVisible();
  await expect(page.getByText("Published", { exact: true })).toBeVisible();

  await visit(page, publicPage!);
  await expect(page.getByRole("heading", { level: 1, name: title, exact: true })).toBeVisible();

  await mod.open(title);
  const changes = page.getByRole("table");
  await expect(changes.getByRole("row", { name: /Title/ })).toContainText(edited.title);
  await noAxeViolations(page);
  await mod.decide("Publish the edit");
  await expect(page.getByRole("status")).toContainText("published the edit");

  await visit(page, publicPage!);
  await expect(page.getByRole("heading", { level: 1, name: edited.title })).toBeVisible();
});

test("two moderators on the same item: the second is told it changed meanwhile", async ({ page, browser }) => {
  const { title } = await submit(page);
  const first = new ModerationPage(page);
  await first.signIn();
  await first.open(title);

  const other = await (browser as Browser).newContext();
  const otherPage = await other.newPage();
  const second = new ModerationPage(otherPage);
  await second.signIn(SECOND_MODERATOR);
  await second.open(title);

  await first.decide("Publish");
  await second.decide("Reject", "Duplicate of another entry.");
  await expect(otherPage.getByRole("alert")).toContainText("Someone changed this initiative meanwhile");
  await expect(otherPage.getByLabel("Reason (shown to the submitter)")).toHaveValue("Duplicate of another entry.");
  await expect(otherPage.getByText("Published", { exact: true })).toBeVisible();
  await other.close();
});

test("moderators' pages need a session: 401 and a way to sign in, no data", async ({ page }) => {
  const response = await visit(page, "/admin");
  expect(response?.status()).toBe(401);
  await expect(page.getByRole("heading", { name: "Sign-in required" })).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Moderator sign-in" })).toBeVisible();
  await noAxeViolations(page);
  await page.getByLabel("E-mail").fill(MODERATOR.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("Wrong e-mail, password or code.");
  await expect(page.getByLabel("E-mail")).toHaveValue(MODERATOR.email);
  const mod = new ModerationPage(page);
  await mod.signIn();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  expect((await visit(page, "/admin"))?.status()).toBe(401);
});

test("field errors are specific, beside the field and in a summary, and keep every value", async ({ page }) => {
  const form = new SubmissionFormPage(page);
  await form.goto();
  const i = anInitiative({ ...elsewhere, website: "www.city.example", start: "2022-05-01", end: "2022-04-01" });
  if (jsEnabled()) {
    // Next on an empty step: the summary names each field and links to it.
    await form.next();
    await expect(form.problems).toContainText("City: This field is required");
    await expect(form.problems).toContainText("Country: This field is required");
    await form.problems.getByRole("link", { name: /^City/ }).click();
    await expect(form.label("City")).toBeFocused();
    await form.fillCity(i);
    await form.next();
    await form.fillInitiative(i);
    // Checked as the field is left.
    await form.label("Website").blur();
    await expect(page.locator("#website-error")).toHaveText(/The website must start with http:\/\/ or https:\/\//);
    await expect(form.label("Website")).toHaveAttribute("aria-invalid", "true");
    await form.next();
    await expect(form.problems).toContainText("End date: The end date cannot be before the start date");
    await expect(form.label("Title")).toHaveValue(i.title);
    await noAxeViolations(page);
    // Fixing the field clears its error at once.
    await form.label("Website").fill("https://city.example/cafe");
    await expect(page.locator("#website-error")).toHaveCount(0);
  } else {
    // Without JavaScript the server checks everything and sends the page back filled in.
    await form.fill(i);
    await form.send();
    await expect(form.problems).toContainText("Website: The website must start with http:// or https://");
    await expect(form.problems).toContainText("End date: The end date cannot be before the start date");
    await expect(form.label("Title")).toHaveValue(i.title);
    await expect(form.label("Summary")).toHaveValue(i.summary);
    await expect(form.label("Website")).toHaveValue("www.city.example");
    await expect(form.label("Your name")).toHaveValue(i.name);
    await expect(page.getByRole("checkbox", { name: "Language learning" })).toBeChecked();
    await expect(page.getByRole("radio", { name: "Ongoing" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: /I agree/ })).toBeChecked();
    await form.label("Website").fill("https://city.example/cafe");
    await form.label("End date").fill("2022-06-01");
    form.shown();
    await form.send();
    await form.manageLink();
  }
});

test("too many types and a missing consent are refused with their own messages", async ({ page }) => {
  const form = new SubmissionFormPage(page);
  await form.goto();
  const i = anInitiative({ ...elsewhere, types: ["Housing & accommodation", "Health & psychological support", "Legal & administrative help", "Transport & mobility"] });
  await form.fillCity(i);
  await form.next();
  await form.fillInitiative(i);
  await form.next();
  if (jsEnabled()) {
    await expect(form.problems).toContainText("Types: Choose at most 3 types");
    await page.getByRole("checkbox", { name: "Health & psychological support", exact: true }).uncheck();
    await form.next();
  }
  await form.label("Your name").fill(i.name);
  await form.label("Your e-mail").fill(i.yourEmail);
  await form.label("Your role and organisation").fill(i.role);
  await form.next();
  if (!jsEnabled()) {
    await form.send();
    await expect(form.problems).toContainText("Types: Choose at most 3 types");
  }
  await expect(form.problems).toContainText("Consent to publication is required");
  await expect(form.label("Your role and organisation")).toHaveValue(i.role);
});

test("a form sent sooner than a person could fill it in is refused, keeping the input", async ({ page }) => {
  test.skip(!jsEnabled(), "the fresh ticket is put into the page with a script");
  const form = new SubmissionFormPage(page);
  await form.goto();
  const i = anInitiative(elsewhere);
  await form.fill(i);
  // As if the form had been shown just now: a ticket fresh from the server.
  const ticket = await freshTicket(page);
  await page.locator('input[name="ticket"]').evaluate((el, t) => ((el as HTMLInputElement).value = t), ticket);
  await form.sendButton.click();
  await expect(page.getByRole("alert")).toContainText("quicker than a person can fill in the form");
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("button", { name: "Back" }).click();
  await expect(form.label("Title")).toHaveValue(i.title);
  await expect(form.label("Summary")).toHaveValue(i.summary);
  await form.next();
  await form.next();
  // The answer carried a fresh ticket: after a person's pause, the same form goes through.
  form.shown();
  await form.send();
  await form.manageLink();
});

test("too many submissions from one connection get a clear 429 message and keep the input", async ({ page }) => {
  const ip = await ownClient(page);
  // Use up this connection's budget (4 per hour on the test server).
  const origin = FLOW_URL;
  const ticket = await freshTicket(page, { "X-Forwarded-For": ip });
  await page.waitForTimeout(2300);
  for (let n = 0; n < 4; n++) {
    const i = anInitiative(elsewhere);
    const r = await page.request.post("/fn/submit", {
      headers: { "X-Forwarded-For": ip, Origin: origin, "Content-Type": "application/json" },
      data: {
        form: {
          city: i.city, country: "LI", text_language: "en", title: i.title, summary: i.summary, description: "",
          types: ["language"], commitments: [], activity: "ongoing", start_date: "", end_date: "",
          website: "", contact_email: "", languages: [], submitter_name: i.name,
          submitter_email: i.yourEmail, submitter_role: i.role, consent: "yes", leave_empty: "", ticket,
        },
      },
    });
    expect(r.status(), await r.text()).toBe(200);
  }
  const form = new SubmissionFormPage(page);
  await form.goto();
  const i = anInitiative(elsewhere);
  await form.fill(i);
  if (!jsEnabled()) {
    await form.send();
    await expect(page.getByRole("alert")).toContainText("Too many submissions from your connection");
    await expect(form.label("Title")).toHaveValue(i.title);
    await expect(form.label("Your name")).toHaveValue(i.name);
  } else {
    // With JavaScript the service worker sends it (issue 18): a 429 keeps the submission on the
    // device, to be sent again later by itself, and says so.
    await page.waitForFunction(() => !!navigator.serviceWorker.controller);
    await form.send();
    await expect(page.locator(".outbox-status")).toContainText("kept on this device");
    await page.getByRole("button", { name: "Back" }).click();
    await expect(form.label("Your name")).toHaveValue(i.name);
  }
});

test("the draft is kept in the browser and restored after a reload", async ({ page }) => {
  test.skip(!jsEnabled(), "drafts are kept by the page's script");
  const form = new SubmissionFormPage(page);
  await form.goto();
  await form.label("City").fill("Vaduz");
  await form.label("Country").selectOption({ label: "Liechtenstein" });
  await form.next();
  await form.label("Title").fill("Half-typed title");
  await page.reload();
  await ready(page);
  await expect(page.getByText("Your unsent answers from earlier were restored on this device.")).toBeVisible();
  await expect(form.label("City")).toHaveValue("Vaduz");
  await form.next();
  await expect(form.label("Title")).toHaveValue("Half-typed title");
  await page.getByRole("button", { name: "Start again with an empty form" }).click();
  await expect(form.label("Title")).toHaveValue("");
  await page.reload();
  await ready(page);
  await expect(page.getByText("Your unsent answers from earlier were restored")).toHaveCount(0);
});

test("the draft is cleared after a successful submission", async ({ page }) => {
  test.skip(!jsEnabled(), "drafts are kept by the page's script");
  await submit(page);
  await visit(page, "/submit");
  await expect(page.getByText("Your unsent answers from earlier were restored")).toHaveCount(0);
  await expect(new SubmissionFormPage(page).label("City")).toHaveValue("");
});

test("similar initiatives of the same city are shown while typing the title", async ({ page }) => {
  test.skip(!jsEnabled(), "suggestions appear while typing");
  const form = new SubmissionFormPage(page);
  await form.goto();
  await form.label("City").fill("Krakow");
  await form.label("Country").selectOption({ label: "Poland" });
  await form.next();
  await form.label("Title").pressSequentially("Welcome point", { delay: 20 });
  const hints = page.locator(".similar");
  await expect(hints.getByRole("heading", { name: "Is this one of these?" })).toBeVisible();
  await expect(hints.getByRole("link", { name: /Welcome point at the main railway station/ })).toBeVisible();
  // The hint region is busy only while a lookup runs (the page object waits on that).
  await expect(page.locator('[aria-live][aria-busy="true"]')).toHaveCount(0);
});

test("the whole submission can be done with the keyboard alone", async ({ page }) => {
  test.skip(test.info().project.name !== "desktop", "keyboard path checked on the desktop project");
  const form = new SubmissionFormPage(page);
  await form.goto();
  const tabTo = async (selector: string) => {
    for (let n = 0; n < 120; n++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await page.keyboard.press("Tab");
    }
    throw new Error(`never reached ${selector} with Tab`);
  };
  await tabTo("#city");
  await page.keyboard.type("Vaduz");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Liechtenstein");
  await tabTo("button.primary");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "The initiative" })).toBeFocused();
  const title = `Keyboard café ${Date.now()}`;
  await tabTo("#title");
  await page.keyboard.type(title);
  await page.keyboard.press("Tab");
  await page.keyboard.type("Weekly evenings where newcomers practise the local language.");
  await tabTo("#types-language");
  await page.keyboard.press("Space");
  // A radio group is one Tab stop; the arrow keys choose within it.
  await tabTo("#activity-planned");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("radio", { name: "Ongoing" })).toBeChecked();
  await tabTo("button.primary");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "About you" })).toBeFocused();
  await tabTo("#submitter_name");
  await page.keyboard.type("Keyboard User");
  await page.keyboard.press("Tab");
  await page.keyboard.type("keys@city.example");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Officer, City of Vaduz");
  await tabTo("#consent");
  await page.keyboard.press("Space");
  await tabTo("button.primary");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Review and send" })).toBeFocused();
  await page.waitForTimeout(2300);
  await tabTo("button[type=submit]");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Thank you: your initiative was received" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Thank you: your initiative was received" })).toBeFocused();
});

test("a malformed or unknown manage link gives the 404 page", async ({ page }) => {
  expect((await visit(page, "/manage/not-a-token"))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  expect((await visit(page, `/manage/${"A".repeat(43)}`))?.status()).toBe(404);
});

test("the submitter can withdraw the initiative", async ({ page }) => {
  const { manage } = await submit(page);
  await visit(page, manage);
  await page.getByRole("button", { name: "Withdraw it now" }).click();
  await expect(page.getByText("The initiative was withdrawn.")).toBeVisible();
  await expect(page.getByText("Withdrawn", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Withdraw it now" })).toHaveCount(0);
});

/** A ticket fresh from the server, as the form page carries it (no server function hands one
 * out: pages read theirs while they render). */
async function freshTicket(page: Page, headers: Record<string, string> = {}): Promise<string> {
  const html = await (await page.request.get("/submit", { headers })).text();
  const found = /name="ticket" value="([^"]+)"/.exec(html);
  if (!found) throw new Error("no ticket in the form page");
  return found[1];
}
