// The service worker's pure rules (src/web/sw.js): what is stored, under which key, and how a
// saved page and the offline page are marked. Run: node --test src/web/sw.test.mjs
// (scripts/test.sh runs it). The worker is a classic script for browsers; here it runs in a
// fresh context with a `self` that only collects its event listeners, and its top-level
// functions are read from that context.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const source = readFileSync(new URL("./sw.js", import.meta.url), "utf8");
const listeners = {};
const sandbox = {
  self: { location: { origin: "https://icc.example" }, addEventListener: (name) => (listeners[name] = true) },
  URL,
  Date,
  Intl,
  JSON,
};
vm.createContext(sandbox);
vm.runInContext(source, sandbox);
const sw = sandbox;
const at = (path) => new URL(path, "https://icc.example");

test("public pages are kept, in the reader's language", () => {
  for (const path of ["/", "/initiatives", "/initiatives/some-slug", "/statistics", "/declaration", "/api", "/privacy", "/submit", "/offline"]) {
    assert.equal(sw.kind("GET", at(path), "text/html,application/xhtml+xml"), "page", path);
  }
  assert.equal(sw.kind("GET", at("/initiatives?country=PL&lang=fr"), "text/html"), "page");
});

test("private addresses, the API, downloads, the embed and posts are never kept", () => {
  for (const path of [
    "/manage/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    "/admin",
    "/admin/initiatives/3",
    "/admin/sign-in",
    "/api/v1/initiatives",
    "/fn/similar",
    "/embed/initiatives",
    "/initiatives.csv",
    "/initiatives.json",
    "/feed.atom",
    "/statistics/by-country.csv",
    "/sitemap.xml",
    "/robots.txt",
    "/sw.js",
    "/healthz",
  ]) {
    assert.equal(sw.kind("GET", at(path), "text/html"), null, path);
  }
  assert.equal(sw.kind("POST", at("/submit"), "text/html"), null, "the form posted without JavaScript");
  assert.equal(sw.kind("POST", at("/manage/x"), "text/html"), null);
  assert.equal(sw.kind("GET", at("/initiatives"), "application/json"), null, "not a page");
});

test("hashed files are assets; an unversioned script is not", () => {
  assert.equal(sw.kind("GET", at("/pkg/icc-initiatives.abc123.css"), "*/*"), "asset");
  assert.equal(sw.kind("GET", at("/pkg/icc-initiatives.abc123.wasm"), "*/*"), "asset");
  assert.equal(sw.kind("GET", at("/enhance.js?v=0123abcd"), "*/*"), "asset");
  assert.equal(sw.kind("GET", at("/outbox.js?v=0123abcd"), "*/*"), "asset");
  assert.equal(sw.kind("GET", at("/enhance.js"), "*/*"), null);
  assert.equal(sw.kind("GET", at("/icon-192.png"), "*/*"), "asset");
  assert.equal(sw.kind("GET", at("/favicon.svg"), "*/*"), "asset");
});

test("the only post the worker takes is a submission", () => {
  assert.equal(sw.kind("POST", at("/fn/submit"), "application/json"), "submit");
  assert.equal(sw.kind("POST", at("/fn/manage_update"), "application/json"), null);
  assert.equal(sw.kind("PUT", at("/fn/submit"), "application/json"), null);
});

test("a page's key holds its address and its language, never its fragment", () => {
  const fr = sw.pageKey("https://icc.example/initiatives?country=PL#results", "fr");
  const uk = sw.pageKey("https://icc.example/initiatives?country=PL", "uk");
  assert.notEqual(fr, uk);
  assert.equal(fr, "https://icc.example/initiatives?country=PL&sw-lang=fr");
  const back = sw.fromKey(fr);
  assert.equal(back.path, "/initiatives?country=PL");
  assert.equal(back.lang, "fr");
  assert.equal(sw.languageOf(at("/?lang=uk"), "en"), "uk");
  assert.equal(sw.languageOf(at("/?lang=de"), "fr"), "fr");
  assert.equal(sw.languageOf(at("/"), "fr"), "fr");
});

test("only whole public HTML answers are stored", () => {
  assert.ok(sw.storable(200, "text/html; charset=utf-8", null));
  assert.ok(sw.storable(200, "text/html", "no-store"), "the form page: kept to be filled in offline");
  assert.ok(!sw.storable(200, "text/html", "private, no-store"), "a moderator's page");
  assert.ok(!sw.storable(404, "text/html", null));
  assert.ok(!sw.storable(503, "text/html", null));
  assert.ok(!sw.storable(200, "application/json", null));
});

test("pages older than a week are not offered", () => {
  const now = Date.parse("2026-12-07T10:00:00Z");
  assert.ok(!sw.tooOld("Mon, 07 Dec 2026 09:00:00 GMT", now, 7));
  assert.ok(sw.tooOld("Sun, 29 Nov 2026 09:00:00 GMT", now, 7));
  assert.ok(sw.tooOld(null, now, 7));
});

test("a saved page says so, without a script, and the offline page lists what is saved", () => {
  const page = '<body><p class="saved-copy" hidden="">Saved:</p><main>…</main>';
  const marked = sw.markSaved(page, '7 Dec 2026, "10:00"');
  assert.equal(marked, '<body><p class="saved-copy" data-at="7 Dec 2026, &#34;10:00&#34;">Saved:</p><main>…</main>');
  assert.ok(!marked.includes("<script"));
  // As leptos writes it: the boolean attribute first.
  assert.equal(sw.markSaved('<p hidden class="saved-copy">Saved:</p>', "now"), '<p class="saved-copy" data-at="now">Saved:</p>');
  assert.equal(sw.markSaved('<p class="other" hidden>x</p>', "now"), '<p class="other" hidden>x</p>');
  const offline = '<ul class="saved-pages"></ul><p class="saved-none">None</p>';
  const listed = sw.listSaved(offline, [
    { path: "/initiatives?q=a&b", title: "Initiatives — ICC", when: "7 Dec", iso: "2026-12-07T10:00:00.000Z" },
  ]);
  assert.equal(
    listed,
    '<ul class="saved-pages"><li><a href="/initiatives?q=a&#38;b">Initiatives — ICC</a> <time datetime="2026-12-07T10:00:00.000Z">7 Dec</time></li></ul><p class="saved-none">None</p>',
  );
  assert.equal(sw.titleOf("<head><title>Home — ICC</title></head>"), "Home — ICC");
});

test("a submission waits on the connection and on the server's overload, not on its refusal", () => {
  for (const s of [0, 429, 502, 503, 504]) assert.ok(sw.later(s), String(s));
  for (const s of [200, 400, 403, 413, 422]) assert.ok(!sw.later(s), String(s));
  assert.equal(sw.retryTicket('{"Retry":{"reason":"Expired","ticket":"123.abc"}}'), "123.abc");
  assert.equal(sw.retryTicket('{"Invalid":[]}'), null);
  assert.equal(sw.retryTicket("not json"), null);
  const body = JSON.stringify({ form: { title: "T", ticket: "old" } });
  assert.deepEqual(JSON.parse(sw.withTicket(body, "new")), { form: { title: "T", ticket: "new" } });
});

test("the worker never takes over while a form page is open", () => {
  for (const p of ["/submit", "/manage/abc", "/admin/initiatives/7/edit"]) assert.ok(sw.formPage(p), p);
  for (const p of ["/", "/initiatives", "/admin/initiatives/7"]) assert.ok(!sw.formPage(p), p);
  for (const e of ["install", "activate", "fetch", "sync", "message"]) assert.ok(listeners[e], e);
});
