// What the offline support (issue 18) costs in bytes, as a running server sends it: the service
// worker (goal: ≤ 4 KB brotli), the outbox script (only on /submit or while a submission waits),
// enhance.js (every page), the offline page and the manifest the worker or the browser fetch
// after a page has loaded, and the icons. A benchmark, not a test: it prints figures (raw, and
// brotli at quality 11 as a precompressed file would be; the server compresses answers made on
// the fly at quality 4, a little larger) and the worker's goal beside them.
//
//   node scripts/offline-size.mjs http://127.0.0.1:3010
import { brotliCompressSync, constants } from "node:zlib";

const base = process.argv[2] ?? "http://127.0.0.1:3010";
const home = await (await fetch(`${base}/`)).text();
const enhance = home.match(/src="(\/enhance\.js\?v=[0-9a-f]+)"/)?.[1];
const manifest = home.match(/rel="manifest" href="([^"]+)"/)?.[1]?.replaceAll("&amp;", "&");
const paths = [
  ["/sw.js", "the service worker", 4096],
  [enhance, "enhance.js (every page)"],
  [enhance?.replace("/enhance.js", "/outbox.js"), "outbox.js (form page, waiting submissions)"],
  ["/offline", "the offline page (fetched by the worker once per language)"],
  [manifest, "the manifest"],
  ["/icon-192.png", "icon 192"],
  ["/icon-512.png", "icon 512"],
  ["/icon-maskable-512.png", "icon 512, maskable"],
];
const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
console.log(`${"file".padEnd(34)} ${"raw B".padStart(8)} ${"brotli B".padStart(9)}  goal`);
for (const [path, what, goal] of paths) {
  if (!path) continue;
  const body = Buffer.from(await (await fetch(`${base}${path}`, { headers: { "Accept-Encoding": "identity" } })).arrayBuffer());
  const compressed = br(body);
  const verdict = goal ? (compressed <= goal ? `≤ ${goal}: met` : `≤ ${goal}: NOT met`) : "";
  console.log(`${path.slice(0, 34).padEnd(34)} ${String(body.length).padStart(8)} ${String(compressed).padStart(9)}  ${verdict}   ${what}`);
}
