import { createHmac } from "node:crypto";
import { expect, type Locator, type Page, test } from "@playwright/test";

/** Whether the current project runs JavaScript (the "no-js" project does not). */
export function jsEnabled(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

/** Waits until the page is hydrated, so clicks reach the app and not only the HTML. */
export async function ready(page: Page) {
  if (jsEnabled()) {
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  }
}

export async function visit(page: Page, path: string) {
  const response = await page.goto(path);
  await ready(page);
  return response;
}

/** The public list of initiatives and its filter panel. */
export class ListPage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    return visit(this.page, `/initiatives${query ? `?${query}` : ""}`);
  }

  /** The "N initiatives" heading above the results. */
  get resultsHeading(): Locator {
    return this.page.getByRole("heading", { level: 2, name: /^\d+ initiatives?$/ });
  }

  get results(): Locator {
    return this.page.getByRole("region", { name: /^\d+ initiatives?$/ }).getByRole("article");
  }

  get panelToggle(): Locator {
    return this.page.locator("details.filters > summary");
  }

  /** Opens the folded filter panel on phones; on wide screens it is always open. */
  async openFilters() {
    if (await this.panelToggle.isVisible()) {
      const open = await this.page.locator("details.filters").evaluate((d) => (d as HTMLDetailsElement).open);
      if (!open) await this.panelToggle.click();
    }
  }

  option(name: string | RegExp): Locator {
    return this.page.getByRole("checkbox", { name });
  }

  /** The count shown beside an option, e.g. 8 for "Poland (8)". */
  async countOf(name: string | RegExp): Promise<number> {
    await this.openFilters();
    const id = await this.option(name).getAttribute("id");
    const text = await this.page.locator(`label[for="${id}"] .count`).innerText();
    return Number(text.replace(/[()]/g, ""));
  }

  async expectTotal(n: number) {
    await expect(this.resultsHeading).toHaveText(n === 1 ? "1 initiative" : `${n} initiatives`);
  }

  /** Applies the form: with JavaScript a change applies itself; without, press Apply. */
  private async applyIfNeeded() {
    if (!jsEnabled()) {
      await this.page.getByRole("button", { name: "Apply" }).click();
      await this.page.waitForLoadState("load");
    }
  }

  async choose(name: string | RegExp, urlPart: string) {
    await this.openFilters();
    await this.option(name).check();
    await this.applyIfNeeded();
    await expect(this.page).toHaveURL(new RegExp(urlPart.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  }

  async unchoose(name: string | RegExp) {
    await this.openFilters();
    await this.option(name).uncheck();
    await this.applyIfNeeded();
  }

  async search(text: string) {
    await this.openFilters();
    await this.page.getByRole("searchbox", { name: "Search" }).fill(text);
    if (jsEnabled()) {
      await this.page.getByRole("searchbox", { name: "Search" }).press("Enter");
    } else {
      await this.page.getByRole("button", { name: "Apply" }).click();
    }
    await expect(this.page).toHaveURL(/q=/);
  }
}

/** The list's "Embed this list" disclosure: the code, its Copy button and the preview. */
export class EmbedSection {
  constructor(readonly page: Page) {}

  get toggle(): Locator {
    return this.page.locator("details.embed > summary");
  }

  async open() {
    await this.toggle.click();
    await expect(this.page.locator("details.embed")).toHaveAttribute("open", "");
  }

  get code(): Locator {
    return this.page.getByLabel("Code to paste");
  }

  get copyButton(): Locator {
    return this.page.getByRole("button", { name: "Copy the code" });
  }

  get status(): Locator {
    return this.page.locator("#embed-copy-status");
  }

  get previewFrame(): Locator {
    return this.page.locator("details.embed iframe");
  }

  get preview() {
    return this.page.frameLocator("details.embed iframe");
  }
}

/** Another site (`https://city.example/`, answered by the test itself) whose page frames `src`
 * in an iframe `width` pixels wide; `colorScheme` is the page's own `color-scheme`, if any.
 *
 * Chromium refuses a public site's frame of a server on this machine (Local Network Access: the
 * frame shows "The connection is blocked because it was initiated by a public page…"), and the
 * test server is on 127.0.0.1 while the answered page counts as public. In real use both sites
 * are public; the test lets the city's site reach the local network, as a person would when
 * the browser asks. */
export const CITY_SITE = "https://city.example";

export async function cityPage(page: Page, src: string, width = "100%", colorScheme?: string) {
  await page.context().grantPermissions(["local-network-access"], { origin: CITY_SITE });
  const scheme = colorScheme ? `<meta name="color-scheme" content="${colorScheme}">` : "";
  await page.route(`${CITY_SITE}/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>City of Example: help for people from Ukraine</title>
<meta name="viewport" content="width=device-width, initial-scale=1">${scheme}</head>
<body><main><h1>Help for people from Ukraine</h1>
<iframe src="${src}" title="Initiatives from the ICC directory" width="${width}" height="640"></iframe>
</main></body></html>`,
    }),
  );
  await page.goto(`${CITY_SITE}/`);
}

/** The server of the submission and moderation flows (its own database; see the config). */
export const FLOW_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3010) + 1}`;

/** A fresh client address for this test: the test server trusts `X-Forwarded-For`, so each
 * test has its own rate-limit budget. Set on the whole context: the service worker sends the
 * submissions (issue 18), and its requests come from the same device. */
export async function ownClient(page: Page): Promise<string> {
  const ip = `203.0.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`;
  await page.context().setExtraHTTPHeaders({ "X-Forwarded-For": ip });
  await page.setExtraHTTPHeaders({ "X-Forwarded-For": ip });
  return ip;
}

/** What a city officer types. */
export interface Initiative {
  city: string;
  country: string;
  title: string;
  summary: string;
  description?: string;
  types: string[];
  commitments?: string[];
  activity: "Planned" | "Ongoing" | "Completed";
  start?: string;
  end?: string;
  website?: string;
  email?: string;
  languages?: string[];
  name: string;
  yourEmail: string;
  role: string;
}

export function anInitiative(over: Partial<Initiative> = {}): Initiative {
  const id = Math.random().toString(36).slice(2, 8);
  return {
    city: "Reykjavík",
    country: "Iceland",
    title: `Language café ${id}`,
    summary: "Weekly evenings where newcomers practise the local language with volunteers.",
    description: "Every Tuesday at the central library.\n\nFree, no registration needed.",
    types: ["Language learning"],
    commitments: ["2. Hosting and including those seeking refuge"],
    activity: "Ongoing",
    start: "2022-04-05",
    website: "https://city.example/cafe",
    email: "cafe@city.example",
    languages: ["Українська", "English"],
    name: "Olena Test",
    yourEmail: "olena@city.example",
    role: "Integration officer, City of Reykjavík",
    ...over,
  };
}

/** The submission form at /submit (and the edit form of the manage page): in steps with
 * JavaScript, one long form without. */
export class SubmissionFormPage {
  openedAt = 0;
  constructor(readonly page: Page) {}

  async goto() {
    await visit(this.page, "/submit");
    this.openedAt = Date.now();
  }

  /** Marks when the form was shown (the server refuses posts sooner than 2 s after). */
  shown() {
    this.openedAt = Date.now();
  }

  /** The control labelled `text` (with or without "(required)"); "Title" is not "Title in French". */
  label(text: string): Locator {
    return this.page.getByLabel(new RegExp(`^${text}(?! in )`));
  }

  /** Unfolds "Versions in other languages" (already open when a version has text or a problem). */
  async openVersions() {
    const open = await this.page.locator("details.versions").evaluate((d) => (d as HTMLDetailsElement).open);
    if (!open) await this.page.locator("details.versions > summary").click();
  }

  /** The fieldset of the version in `code` (en, fr, uk). */
  version(code: string): Locator {
    return this.page.locator(`fieldset.version[data-language="${code}"]`);
  }

  async next() {
    if (jsEnabled()) {
      await this.page.getByRole("button", { name: "Next" }).click();
    }
  }

  /** Waits until the similar-initiatives lookup that a new title starts has answered: its list
   * appears under the title and moves every control below it, so a click sent meanwhile can land
   * on the wrong box. The hint region says it is busy (`aria-busy`) while the lookup runs. */
  async similarSettled() {
    await expect(this.page.locator('[aria-live][aria-busy="true"]')).toHaveCount(0);
  }

  async fillCity(i: Initiative) {
    await this.label("City").fill(i.city);
    await this.label("Country").selectOption({ label: i.country });
  }

  async fillInitiative(i: Initiative) {
    await this.label("Title").fill(i.title);
    await this.similarSettled();
    await this.label("Summary").fill(i.summary);
    await this.label("Description").fill(i.description ?? "");
    for (const box of await this.page.getByRole("group", { name: /^Types/ }).getByRole("checkbox").all()) {
      await box.uncheck();
    }
    for (const t of i.types) await this.page.getByRole("checkbox", { name: t, exact: true }).check();
    for (const c of i.commitments ?? []) await this.page.getByRole("checkbox", { name: c }).check();
    await this.page.getByRole("radio", { name: i.activity, exact: true }).check();
    await this.label("Start date").fill(i.start ?? "");
    await this.label("End date").fill(i.end ?? "");
    await this.label("Website").fill(i.website ?? "");
    await this.label("Public contact e-mail").fill(i.email ?? "");
    for (const l of i.languages ?? []) await this.page.getByRole("checkbox", { name: l, exact: true }).check();
  }

  async fillAboutYou(i: Initiative) {
    await this.label("Your name").fill(i.name);
    await this.label("Your e-mail").fill(i.yourEmail);
    await this.label("Your role and organisation").fill(i.role);
    await this.page.getByRole("checkbox", { name: /I agree/ }).check();
  }

  /** Fills every step, moving on with Next when there are steps. */
  async fill(i: Initiative) {
    await this.fillCity(i);
    await this.next();
    await this.fillInitiative(i);
    await this.next();
    await this.fillAboutYou(i);
    await this.next();
  }

  get sendButton(): Locator {
    return this.page.getByRole("button", { name: /^(Send for review|Send the changes for review|Save the changes)$/ });
  }

  /** Sends, waiting first until a person could have filled the form in. */
  async send() {
    const wait = 2300 - (Date.now() - this.openedAt);
    if (wait > 0) await this.page.waitForTimeout(wait);
    await this.sendButton.click();
  }

  get problems(): Locator {
    return this.page.getByRole("alert").filter({ hasText: "There is a problem" });
  }

  /** The private link shown once on the confirmation. */
  async manageLink(): Promise<string> {
    await expect(this.page.getByRole("heading", { name: "Thank you: your initiative was received" })).toBeVisible();
    const url = await this.page.getByLabel("Your private link").inputValue();
    expect(url).toMatch(/\/manage\/[A-Za-z0-9_-]{43}$/);
    return new URL(url).pathname;
  }
}

export const MODERATOR = { email: "moderator@icc.example", password: "lilac tram at dusk 1947" };
export const SECOND_MODERATOR = { email: "second@icc.example", password: "amber ferry past noon 1958" };

/** The moderators' pages. */
export class ModerationPage {
  constructor(readonly page: Page) {}

  async signIn(who = MODERATOR) {
    await visit(this.page, "/admin/sign-in");
    await this.page.getByLabel("E-mail").fill(who.email);
    await this.page.getByLabel("Password").fill(who.password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await expect(this.page).toHaveURL(/\/admin$/);
    await ready(this.page);
  }

  async open(title: string) {
    await visit(this.page, "/admin?state=awaiting");
    await this.page.getByRole("link", { name: title }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await ready(this.page);
  }

  async decide(button: string, reason = "") {
    await this.page.getByLabel("Reason (shown to the submitter)").fill(reason);
    await this.page.getByRole("button", { name: button, exact: true }).click();
    await this.page.waitForLoadState("load");
    await ready(this.page);
  }
}

/** RFC 6238 (TOTP, HMAC-SHA1, 30 s, 6 digits) from a base32 key, as an authenticator app
 * computes it; `offset` moves by whole steps. */
export function totp(base32: string, offset = 0, at = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of base32.replace(/[\s=]/g, "").toUpperCase()) {
    value = ((value << 5) | alphabet.indexOf(c)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000) + offset));
  const h = createHmac("sha1", Buffer.from(bytes)).update(counter).digest();
  const o = h[h.length - 1] & 0x0f;
  const n = (((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1_000_000;
  return String(n).padStart(6, "0");
}

/** A moderator account of this browser project (see serve-test.sh), so projects running in
 * parallel do not turn on each other's second factor. */
export function twoFactorModerator() {
  return { email: `twofa-${test.info().project.name}@icc.example`, password: "violet tram harbour dusk" };
}

/** The sign-in page and the moderator's own account page (second factor, password). */
export class AccountPage {
  constructor(readonly page: Page) {}

  /** Signs in by keyboard: Enter in the last field sends the form. */
  async signIn(who: { email: string; password: string }, code = "") {
    await visit(this.page, "/admin/sign-in");
    await this.page.getByLabel("E-mail").fill(who.email);
    await this.page.getByLabel("Password").fill(who.password);
    const codeField = this.page.getByLabel("Code from your authenticator app");
    await codeField.fill(code);
    await codeField.press("Enter");
    await this.page.waitForLoadState("load");
    await ready(this.page);
  }

  async open() {
    await this.page.getByRole("link", { name: "Your account" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await ready(this.page);
  }

  get qrCode(): Locator {
    return this.page.getByRole("img", { name: "QR code for your authenticator app" });
  }

  /** The key shown for typing into the app, in groups of four. */
  async key(): Promise<string> {
    const text = await this.page.getByText(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/).innerText();
    return text.replace(/\s/g, "");
  }

  async submitCode(code: string, button: "Turn on" | "Turn off") {
    await ready(this.page);
    await this.page.getByLabel("Code from the app").fill(code);
    await this.page.getByRole("button", { name: button, exact: true }).click();
    await this.page.waitForLoadState("load");
    await ready(this.page);
  }
}

/** The interface languages, as `lang=` names them. */
export type UiLanguage = "en" | "fr" | "uk";

/** An initiative's page (`/initiatives/{slug}`) and the note about the language of its text. */
export class InitiativePage {
  constructor(readonly page: Page) {}

  async goto(slug: string, query = "") {
    return visit(this.page, `/initiatives/${slug}${query ? `?${query}` : ""}`);
  }

  get title(): Locator {
    return this.page.getByRole("heading", { level: 1 });
  }

  get main(): Locator {
    return this.page.getByRole("main");
  }

  /** The note saying which language the text is in and linking the other versions; its name
   * is in the interface's language. */
  versionNote(ui: UiLanguage = "en"): Locator {
    const name = { en: "Language of the text", fr: "Langue du texte", uk: "Мова тексту" }[ui];
    return this.page.getByRole("note", { name });
  }
}

/** Checks that every element of `scope` whose whole text is one of `texts` (a piece of
 * initiative text → the language it is written in) is in that language for assistive
 * technology: its nearest `lang` (its own or an ancestor's, `<html lang>` at the latest) names
 * it. Returns how many elements were checked, so a caller can make sure the text was there. */
export async function expectTextLanguages(scope: Locator, texts: Map<string, string>): Promise<number> {
  let checked = 0;
  for (const [text, lang] of texts) {
    const found = scope.getByText(text, { exact: true });
    const n = await found.count();
    for (let i = 0; i < n; i++) {
      await expect(
        found.nth(i).locator("xpath=ancestor-or-self::*[@lang][1]"),
        `the language of “${text}”`,
      ).toHaveAttribute("lang", lang);
      checked++;
    }
  }
  return checked;
}
