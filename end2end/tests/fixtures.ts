import { type Browser, type BrowserContext, test as base, expect } from "@playwright/test";

/**
 * The `test` of every spec: like Playwright's, but a test fails when any page it opened
 * reported a Content-Security-Policy violation — seen by a `securitypolicyviolation` listener
 * installed before any page script (JavaScript on) and by the browser's own console messages
 * (which Chromium also writes with JavaScript off) — or threw an uncaught error (a panic of the
 * form's wasm, such as a hydration mismatch, or an error in enhance.js). Contexts a test opens
 * itself with `browser.newContext()` are watched too.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context, browser }, use) => {
      const seen: string[] = [];
      await watch(context, seen);
      const b = browser as Browser;
      const newContext = b.newContext.bind(b);
      b.newContext = async (...args: Parameters<Browser["newContext"]>) => {
        const other = await newContext(...args);
        await watch(other, seen);
        return other;
      };
      await use(seen);
      b.newContext = newContext;
      expect(seen, "Content-Security-Policy violations and uncaught errors").toEqual([]);
    },
    { auto: true },
  ],
});

async function watch(context: BrowserContext, seen: string[]) {
  await context.exposeBinding("__iccCspViolation", (_source, text: string) => {
    seen.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __iccCspViolation: (t: string) => void }).__iccCspViolation;
      report(`${e.effectiveDirective} refused ${e.blockedURI || "inline"} on ${e.documentURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  context.on("weberror", (error) => {
    const text = String(error.error());
    // A test that holds the bundle back (escaping.spec.ts) makes its import fail: expected.
    if (/dynamically imported module/i.test(text)) return;
    // Chromium's own error page, shown in a frame the directory refuses to be framed in
    // (embed.spec.ts), runs its script under Trusted Types; when the test closes the page
    // while it runs, Chromium reports this. No script of ours makes a Trusted Types policy.
    if (/createHTML' on 'TrustedTypePolicy': The provided callback is no longer runnable/.test(text)) return;
    seen.push(`uncaught: ${text}`);
  });
  context.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame|send form)/i.test(message.text())) {
      seen.push(`console: ${message.text()}`);
    }
  });
}

export { expect };
