// Bytes a phone downloads on a first visit: for each page, a fresh browser context (empty cache)
// with the Pixel 7 profile loads the page in Debian's Chromium and waits until the network is
// idle; every response's encoded length on the wire (headers included, as Chromium's network
// layer counts it) is summed by kind. A benchmark, not a test: it prints figures and the goals
// of issue 8 beside them, and always exits 0 when it could measure.
//
//   node scripts/page-weight.mjs http://127.0.0.1:3022 [/path …]
// Without paths: /, /initiatives, the first detail page linked from /initiatives, /statistics
// (goal of issue 21: 40 KB), /declaration
// and /submit. Used by scripts/bench-pages.sh.
import { createRequire } from "node:module";

const require = createRequire(new URL("../end2end/package.json", import.meta.url));
const { chromium, devices } = require("@playwright/test");

const base = process.argv[2] ?? "http://127.0.0.1:3022";
let paths = process.argv.slice(3);
if (paths.length === 0) {
  const list = await (await fetch(`${base}/initiatives`)).text();
  const detail = list.match(/href="(\/initiatives\/[a-z0-9-]+)"/)?.[1];
  paths = ["/", "/initiatives", ...(detail ? [detail] : []), "/statistics", "/declaration", "/submit"];
}
/** The goal of issue 8 for a path, in KB. */
const goal = (path) => (path === "/initiatives" ? 60 : path.startsWith("/statistics") ? 40 : 150);

function kind(url, type, mime) {
  if (url.endsWith(".wasm") || mime === "application/wasm") return "wasm";
  if (type === "Document") return "html";
  if (type === "Script") return "js";
  if (type === "Stylesheet") return "css";
  return "other";
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
});
const kinds = ["html", "css", "js", "wasm", "other"];
const kb = (n) => (n / 1024).toFixed(1);
console.log(
  `${"page".padEnd(44)} ${kinds.map((k) => k.padStart(7)).join(" ")}   total KB   goal   requests`,
);
for (const path of paths) {
  const { defaultBrowserType, ...pixel7 } = devices["Pixel 7"];
  const context = await browser.newContext({ ...pixel7, locale: "en-GB" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const requests = new Map();
  cdp.on("Network.requestWillBeSent", (e) => {
    requests.set(e.requestId, { url: e.request.url, type: e.type, bytes: 0, done: false });
  });
  cdp.on("Network.responseReceived", (e) => {
    const r = requests.get(e.requestId);
    if (r) r.mime = e.response.mimeType;
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { bytes: e.encodedDataLength, done: true });
  });
  await page.goto(base + path, { waitUntil: "load" });
  await page.waitForLoadState("networkidle");
  // Hydration may fetch a lazy chunk after load: give it a moment, then wait for quiet again.
  await page.waitForTimeout(500);
  await page.waitForLoadState("networkidle");
  const sums = Object.fromEntries(kinds.map((k) => [k, 0]));
  for (const r of requests.values()) {
    if (r.url.startsWith("data:")) continue;
    sums[kind(r.url, r.type, r.mime)] += r.bytes;
  }
  const total = Object.values(sums).reduce((a, b) => a + b, 0);
  const mark = total / 1024 <= goal(path) ? "ok" : "over";
  console.log(
    `${path.slice(0, 44).padEnd(44)} ${kinds.map((k) => kb(sums[k]).padStart(7)).join(" ")}   ` +
      `${kb(total).padStart(8)}   ≤${goal(path)} ${mark.padEnd(4)} ${String(requests.size).padStart(4)}`,
  );
  await context.close();
}
await browser.close();
