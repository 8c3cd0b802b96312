import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { anInitiative, FLOW_URL, jsEnabled, ModerationPage, SubmissionFormPage, visit } from "./pages";

// Issue 18: installable, pages once seen readable offline, submissions sent offline going out by
// themselves. Chromium's offline mode (`context.setOffline`) also cuts the service worker's own
// requests; `response.fromServiceWorker()` tells who answered. Every test fails on a
// Content-Security-Policy violation (the fixtures), so a page served by the worker must keep
// its policy and its nonce together.

/** Waits until the service worker controls the page (it claims open pages when it activates). */
async function controlled(page: Page) {
  await page.waitForFunction(() => !!navigator.serviceWorker && !!navigator.serviceWorker.controller, null, {
    timeout: 20_000,
  });
}

/** Waits until the worker has saved `path` in `lang`, and the offline page in that language. */
async function saved(page: Page, path: string, lang: string) {
  await page.waitForFunction(
    async ([path, lang]) => {
      const pages = await caches.open("icc-pages-v1");
      const meta = await caches.open("icc-meta-v1");
      const key = new URL(path, location.href);
      key.searchParams.set("sw-lang", lang);
      return !!(await pages.match(key.href)) && !!(await meta.match(`/__sw/offline/${lang}`));
    },
    [path, lang],
    { timeout: 15_000 },
  );
}

/** The version of the worker controlling the page (its build id). */
async function workerVersion(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((ok) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => ok(e.data);
        navigator.serviceWorker.controller!.postMessage({ type: "version" }, [channel.port2]);
      }),
  );
}

/** A client address of its own for the whole context (the page's requests and the worker's),
 * so this test's submissions have their own budget on the test server. */
async function ownContextClient(context: BrowserContext) {
  const ip = `198.51.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`;
  await context.setExtraHTTPHeaders({ "X-Forwarded-For": ip });
}

/** How many submissions with this title wait in the moderators' queue. */
async function inQueue(browser: Browser, title: string): Promise<number> {
  const context = await browser.newContext({ baseURL: FLOW_URL });
  const page = await context.newPage();
  const moderation = new ModerationPage(page);
  await moderation.signIn();
  await visit(page, "/admin?state=awaiting");
  const n = await page.getByRole("link", { name: title, exact: true }).count();
  await context.close();
  return n;
}

test("the site is installable, with its manifest in the page's language", async ({ page }) => {
  await visit(page, "/?lang=fr");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBe("/manifest.webmanifest?lang=fr&start=lang");
  const manifest = await (await page.request.get(href!)).json();
  expect(manifest.name).toBe("Initiatives de solidarité ICC");
  expect(manifest.start_url).toBe("/?lang=fr");
  for (const icon of manifest.icons) {
    const r = await page.request.get(icon.src);
    expect(r.status(), icon.src).toBe(200);
    expect(r.headers()["content-type"]).toBe("image/png");
  }
  const en = await (await page.request.get("/manifest.webmanifest?lang=en")).json();
  expect(en.name).toBe("ICC Solidarity Initiatives");
  if (!jsEnabled()) return;
  // Chromium's own verdict, in a real (persistent) profile: a test's usual context is an
  // incognito one, which Chromium never offers to install from.
  const profile = mkdtempSync(path.join(tmpdir(), "icc-install-"));
  const use = test.info().project.use;
  const persistent = await chromium.launchPersistentContext(profile, {
    ...use.launchOptions,
    baseURL: `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3010)}`,
    viewport: use.viewport,
    locale: "fr-FR",
  });
  try {
    const p = persistent.pages()[0] ?? (await persistent.newPage());
    await visit(p, "/?lang=fr");
    await controlled(p);
    const cdp = await persistent.newCDPSession(p);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
    const { url, data } = await cdp.send("Page.getAppManifest");
    expect(url).toContain("/manifest.webmanifest?lang=fr");
    expect(JSON.parse(data ?? "{}").lang).toBe("fr");
  } finally {
    await persistent.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test("without JavaScript no worker runs and no page claims to be a saved copy", async ({ page }) => {
  test.skip(jsEnabled(), "the no-js project");
  await visit(page, "/initiatives");
  await expect(page.locator(".saved-copy")).toBeHidden();
  await expect(page.locator(".device-data")).toHaveCount(0);
});

test.describe("with the service worker", () => {
  test.skip(({ javaScriptEnabled }) => javaScriptEnabled === false, "the worker needs JavaScript");

  test("pages seen online are read offline, in their language, marked as saved copies", async ({ page, context }) => {
    await visit(page, "/");
    await controlled(page);
    await visit(page, "/");
    await visit(page, "/initiatives?lang=fr");
    await saved(page, "/initiatives?lang=fr", "fr");
    await saved(page, "/", "en");

    await context.setOffline(true);
    const list = await page.goto("/initiatives?lang=fr");
    expect(list?.fromServiceWorker()).toBe(true);
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    const note = page.locator(".saved-copy");
    await expect(note).toBeVisible();
    await expect(note).toContainText("Copie enregistrée sur cet appareil");
    await expect(note).toHaveAttribute("data-at", /\d/);
    // Its stylesheet came from the worker's cache too.
    expect(await note.evaluate((e) => getComputedStyle(e).borderBottomStyle)).toBe("solid");
    await expect(page.getByRole("link", { name: "Accueil", exact: true }).first()).toBeVisible();

    const home = await page.goto("/");
    expect(home?.fromServiceWorker()).toBe(true);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.locator(".saved-copy")).toBeVisible();

    // A page never opened: the offline page, in the page's language, listing what is saved in it.
    const unseen = await page.goto("/statistics?lang=fr");
    expect(unseen?.status()).toBe(503);
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("heading", { level: 1, name: "Vous êtes hors ligne" })).toBeVisible();
    const listed = page.locator(".saved-pages a");
    await expect(listed).toHaveCount(1);
    await expect(listed).toHaveAttribute("href", "/initiatives?lang=fr");
    await expect(page.locator(".saved-none")).toBeHidden();
    // Following it from the offline page opens the saved copy.
    await listed.click();
    await expect(page).toHaveURL(/\/initiatives\?lang=fr$/);
    await expect(page.locator(".saved-copy")).toBeVisible();
    await context.setOffline(false);

    // Back online, the page comes from the server again, without the mark.
    await visit(page, "/initiatives?lang=fr");
    await expect(page.locator(".saved-copy")).toBeHidden();
  });

  test("private pages and data downloads are never stored on the device", async ({ page }) => {
    await visit(page, "/");
    await controlled(page);
    await visit(page, "/admin/sign-in");
    await page.request.get("/initiatives.csv");
    await page.evaluate(() => fetch("/initiatives.csv").then((r) => r.text()));
    await page.evaluate(() => fetch("/api/v1/initiatives").then((r) => r.text()));
    await visit(page, "/declaration");
    await saved(page, "/declaration", "en");
    const keys = await page.evaluate(async () => {
      const out: string[] = [];
      for (const name of await caches.keys()) {
        for (const k of await (await caches.open(name)).keys()) out.push(new URL(k.url).pathname);
      }
      return out;
    });
    expect(keys).toContain("/declaration");
    for (const k of keys) expect(k).not.toMatch(/^\/(admin|manage|api\/|fn\/|embed)|\.(csv|json)$/);
  });

  test.describe("the outbox", () => {
    test.use({ baseURL: FLOW_URL });
    test.beforeEach(async ({ context }) => {
      test.setTimeout(90_000);
      await ownContextClient(context);
    });

    async function openForm(page: Page): Promise<SubmissionFormPage> {
      const form = new SubmissionFormPage(page);
      await form.goto();
      await controlled(page);
      return form;
    }

    test("a submission sent offline is kept, then stored exactly once when the connection returns", async ({ page, context, browser }) => {
      const form = await openForm(page);
      const i = anInitiative({ country: "Liechtenstein", city: "Vaduz" });
      await form.fill(i);
      await context.setOffline(true);
      await form.send();
      const status = page.locator(".outbox-status");
      await expect(status).toContainText("kept on this device");
      // Nothing typed is lost meanwhile.
      await page.getByRole("button", { name: "Back" }).click();
      await expect(form.label("Your name")).toHaveValue(i.name);
      await context.setOffline(false);
      // The connection is back (Chromium fires `online`): the form shows the server's answer.
      await form.manageLink();
      await expect(status).toBeEmpty();
      expect(await inQueue(browser, i.title)).toBe(1);
      // The draft is gone with its success.
      expect(await page.evaluate(() => localStorage.getItem("icc-submission-draft"))).toBeNull();
    });

    test("a submission whose answer is lost on the way is stored once and answered once", async ({ page, context, browser }) => {
      const form = await openForm(page);
      const i = anInitiative({ country: "Liechtenstein", city: "Vaduz" });
      await form.fill(i);
      let sends = 0;
      const keys: string[] = [];
      await context.route("**/fn/submit", async (route) => {
        sends += 1;
        keys.push(route.request().headers()["idempotency-key"]);
        if (sends === 1) {
          // The server stores it; its answer never reaches the device.
          const answer = await route.fetch();
          expect(answer.status()).toBe(200);
          await route.abort("connectionreset");
        } else {
          await route.continue();
        }
      });
      await form.send();
      // The device tries again when it can: Background Sync (Chromium fires it at once when
      // online), or the `online` event.
      await page.evaluate(() => window.dispatchEvent(new Event("online")));
      await form.manageLink();
      expect(sends).toBeGreaterThanOrEqual(2);
      expect(new Set(keys).size).toBe(1);
      expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await inQueue(browser, i.title)).toBe(1);
    });

    test("a ticket the server no longer accepts is replaced, and the kept submission goes through", async ({ page, context, browser }) => {
      const form = await openForm(page);
      const i = anInitiative({ country: "Liechtenstein", city: "Vaduz" });
      await form.fill(i);
      // As after a day offline, or a restart of the server: the ticket does not pass any more.
      await page.locator('input[name="ticket"]').evaluate((el) => ((el as HTMLInputElement).value = "1000.expired"));
      await context.setOffline(true);
      await form.send();
      await expect(page.locator(".outbox-status")).toContainText("kept on this device");
      await context.setOffline(false);
      await form.manageLink();
      expect(await inQueue(browser, i.title)).toBe(1);
    });

    test("the outcome of a submission sent while the page was closed is shown in the form", async ({ page, context, browser }) => {
      const form = await openForm(page);
      const i = anInitiative({ country: "Liechtenstein", city: "Vaduz" });
      await form.fill(i);
      await context.setOffline(true);
      await form.send();
      await expect(page.locator(".outbox-status")).toContainText("kept on this device");
      // The person closes the tab; the connection returns while another page of the site is open.
      await page.close();
      await context.setOffline(false);
      const other = await context.newPage();
      await visit(other, "/initiatives");
      await expect(other.locator(".outbox-notice")).toContainText("has been sent");
      await other.locator(".outbox-notice").getByRole("link", { name: "See the result" }).click();
      await expect(other.getByRole("heading", { name: "Thank you: your initiative was received" })).toBeVisible();
      expect(await inQueue(browser, i.title)).toBe(1);
      // Seen once: the next visit is a new form.
      await visit(other, "/submit");
      await expect(other.getByRole("heading", { name: "Thank you: your initiative was received" })).toHaveCount(0);
    });

    test("forget what this device saved removes the draft and the saved pages", async ({ page }) => {
      const form = await openForm(page);
      await visit(page, "/submit");
      await form.label("City").fill("Vaduz");
      await form.label("City").blur();
      expect(await page.evaluate(() => localStorage.getItem("icc-submission-draft"))).not.toBeNull();
      await page.getByRole("button", { name: "Forget what this device saved" }).click();
      await expect(page.locator(".outbox-status")).toContainText("Nothing of this site is kept on this device");
      expect(await page.evaluate(() => localStorage.getItem("icc-submission-draft"))).toBeNull();
      expect(await page.evaluate(() => caches.has("icc-pages-v1"))).toBe(false);
      await expect(form.label("City")).toHaveValue("");
    });
  });

  test("a deploy installs the new worker, and pages saved under the old one stay readable", async ({ browser }) => {
    test.setTimeout(120_000);
    // A server per project: the projects run at the same time.
    const port = Number(process.env.E2E_PORT ?? 3010) + 4 + ["desktop", "phone"].indexOf(test.info().project.name);
    const base = `http://127.0.0.1:${port}`;
    let server = await startServer(port, "release-one");
    const context = await browser.newContext({ baseURL: base });
    try {
      const page = await context.newPage();
      await visit(page, "/");
      await controlled(page);
      expect(await workerVersion(page)).toBe("release-one");
      await visit(page, "/initiatives");
      await saved(page, "/initiatives", "en");

      // The new release: the same address, a new build id.
      await stopServer(server);
      server = await startServer(port, "release-two");
      await visit(page, "/declaration");
      await page.waitForFunction(
        () =>
          new Promise((ok) => {
            const channel = new MessageChannel();
            channel.port1.onmessage = (e) => ok(e.data === "release-two");
            navigator.serviceWorker.controller?.postMessage({ type: "version" }, [channel.port2]);
            setTimeout(ok, 500, false);
          }),
        null,
        { timeout: 30_000, polling: 1000 },
      );

      await context.setOffline(true);
      const old = await page.goto("/initiatives");
      expect(old?.fromServiceWorker()).toBe(true);
      await expect(page.locator(".saved-copy")).toBeVisible();
      expect(await page.locator(".saved-copy").evaluate((e) => getComputedStyle(e).borderBottomStyle)).toBe("solid");
    } finally {
      await context.close();
      await stopServer(server);
    }
  });
});

/** A server of its own (serve-test.sh) on `port`, announcing `build` as its build id. */
async function startServer(port: number, build: string): Promise<ChildProcess> {
  const busy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`port ${port} is taken: another server would answer for this test's`);
  const child = spawn("bash", ["./serve-test.sh"], {
    cwd: path.dirname(test.info().config.configFile ?? "."),
    env: { ...process.env, E2E_PORT: String(port), ICC_BUILD_ID: build },
    stdio: "ignore",
  });
  for (let n = 0; n < 120; n++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return child;
    } catch {}
    await new Promise((ok) => setTimeout(ok, 500));
  }
  child.kill();
  throw new Error(`the server on ${port} did not start`);
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const gone = new Promise((ok) => child.once("exit", ok));
  child.kill("SIGTERM");
  await gone;
}
