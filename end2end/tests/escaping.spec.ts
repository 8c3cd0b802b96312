import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { anInitiative, FLOW_URL, jsEnabled, ModerationPage, ownClient, SubmissionFormPage, visit } from "./pages";

// Breakouts typed into the form come out as the same text, before and after hydration, and
// nothing they hold runs or becomes an element (the fixture also fails on any CSP violation).

test.use({ baseURL: FLOW_URL });

const SITE = "ICC Solidarity Initiatives";

function breakouts() {
  const id = Math.random().toString(36).slice(2, 8);
  return {
    title: `</title><script>alert(1)</script> Games for children <7 years> ${id}`,
    summary: `</textarea><svg onload=alert(1)> "><img src=x onerror=alert(1)> & &amp; ${id}`,
    description: `<!-- ]]> </textarea><script>alert(2)</script> <b>bold</b> ${id}`,
    city: `"><img src=x onerror=alert(1)> Vaduz ${id}`,
  };
}

/** Nothing from the input became an element, and no dialog was opened. */
async function nothingInjected(page: Page) {
  await expect(page.locator("svg, img, b, main script")).toHaveCount(0);
  const handlers = await page.locator("[onload], [onerror]").count();
  expect(handlers).toBe(0);
}

// The page as the server sends it, not as the service worker keeps it (issue 18): a kept
// bundle would come from the worker's cache, out of the reach of `page.route`.
test.use({ serviceWorkers: "block" });

// The bundle and the navigation script: holding them back shows the page as the server sent it.
const SCRIPTS = /\/pkg\/|\/enhance\.js/;

/** The page as the server sent it, before any script of ours runs. */
async function beforeHydration(page: Page, path: string) {
  await page.route(SCRIPTS, (route) => route.abort());
  await page.goto(path);
  await expect(page.locator("html[data-hydrated]")).toHaveCount(0);
}

async function afterHydration(page: Page, path: string) {
  await page.unroute(SCRIPTS);
  await visit(page, path);
}

test.beforeEach(async ({ page }) => {
  test.setTimeout(90_000);
  await ownClient(page);
  page.on("dialog", (dialog) => {
    throw new Error(`a dialog was opened: ${dialog.message()}`);
  });
});

test("breakouts in a submission are shown exactly as typed, before and after hydration", async ({ page }) => {
  test.skip(!jsEnabled(), "before/after hydration needs JavaScript");
  const typed = breakouts();
  const i = anInitiative({ country: "Liechtenstein", ...typed });
  const form = new SubmissionFormPage(page);
  await form.goto();
  await form.fill(i);
  // The review step renders the preview in the browser.
  const preview = page.locator(".preview");
  await expect(preview.locator("h3")).toHaveText(i.title);
  await expect(preview.locator("p.lead")).toHaveText(i.summary);
  await nothingInjected(page);
  await form.send();
  const manage = await form.manageLink();
  await expect(page.getByText(i.title, { exact: true })).toBeVisible();
  await nothingInjected(page);

  // The link from the confirmation loads the manage page (it holds the form island).
  await page.getByRole("link", { name: "Open your page" }).click();
  await expect(page).toHaveURL(manage);
  await expect(page.locator("#summary")).toHaveValue(i.summary);
  await expect(page.locator("#description")).toHaveValue(i.description!);
  await nothingInjected(page);

  // Server-rendered, then hydrated.
  for (const step of [beforeHydration, afterHydration]) {
    await step(page, manage);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Your initiative: ${i.title}`);
    await expect(page.locator("#title")).toHaveValue(i.title);
    await expect(page.locator("#summary")).toHaveValue(i.summary);
    await expect(page.locator("#description")).toHaveValue(i.description!);
    await expect(page.locator("#city")).toHaveValue(i.city);
    await nothingInjected(page);
  }

  const mod = new ModerationPage(page);
  await mod.signIn();
  await mod.open(i.title);
  await expect(page.locator(".preview p.lead")).toHaveText(i.summary);
  await nothingInjected(page);
  await mod.decide("Publish");
  const publicPage = await page.getByRole("link", { name: "See the public page" }).getAttribute("href");
  expect(publicPage).toBeTruthy();

  for (const step of [beforeHydration, afterHydration]) {
    await step(page, publicPage!);
    expect(await page.evaluate(() => document.title)).toBe(`${i.title} — ${SITE}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(i.title);
    await expect(page.locator("p.lead")).toHaveText(i.summary);
    await expect(page.locator("article.detail")).toContainText(i.description!);
    await expect(page.locator("article.detail p.place bdi")).toHaveText(i.city);
    await nothingInjected(page);
  }
  // The title follows the language in the browser and stays exact.
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByRole("button", { name: "Français" })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => page.evaluate(() => document.title)).not.toBe(`${i.title} — ${SITE}`);
  expect(await page.evaluate(() => document.title)).toMatch(/^<\/title><script>alert\(1\)<\/script> Games for children <7 years> \w+ — /);
});
