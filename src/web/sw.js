// The service worker (issue 18; docs/architecture.md, "Offline"). Served by the app at /sw.js
// with `self.BUILD` in front, so each build's worker differs by a byte and installs anew.
// A classic script (not a module), for Firefox. Its pure rules are the plain functions at the
// top; src/web/sw.test.mjs runs them in node.
//
// - Hashed files (/pkg/…, versioned scripts, icons): cache-first, in a cache whose name does not
//   change with a release, so a page saved under an old release keeps its stylesheet.
// - Public pages: network first; after TIMEOUT without an answer, or with no connection, the
//   copy saved for the address in the page's language, marked as a saved copy with its time.
//   An unsaved page offline gets the offline page in that language, listing what is saved.
//   Responses are stored and served whole (their Content-Security-Policy and the nonce of
//   their scripts stay together, every header kept, one added: `sw-saved-at`); only the body
//   gets the saved-copy mark.
// - Never stored: anything not on the list of public pages (manage links, /admin, the API,
//   the server functions, the embed, data downloads), answers to POSTs, private answers.
// - The outbox: a submission (POST /fn/submit) that finds no connection, or 429/502/503/504,
//   is kept in IndexedDB with an id (the Idempotency-Key: the server stores one submission per
//   id) and sent on `sync`, or when a page asks (load, `online`, visible). An expired or too
//   recent ticket is replaced by the fresh one the server answers with.
"use strict";

var LANGS = ["en", "fr", "uk"];
var ASSETS = "icc-assets-v1";
var PAGES = "icc-pages-v1";
var META = "icc-meta-v1";
var MAX_PAGES = 60;
var MAX_ASSETS = 40;
var DAY = 864e5;
var PAGE_DAYS = 7;
var OUTBOX_DAYS = 3;
var TIMEOUT = 3000;

// ---- pure rules ----

/** Pages of the directory a reader may keep; everything else is never stored. */
function publicPage(path) {
  return /^\/(initiatives(\/[^/.]+)?|statistics|declaration|api|privacy|submit|offline)?$/.test(path);
}

/** Pages holding the form: the worker never takes over while one is open. */
function formPage(path) {
  return path === "/submit" || path.startsWith("/manage/") || /^\/admin\/initiatives\/[^/]+\/edit$/.test(path);
}

/** What the worker does with a request: "asset", "page", "submit", or null (the network's). */
function kind(method, url, accept) {
  if (method === "POST") return url.pathname === "/fn/submit" ? "submit" : null;
  if (method !== "GET") return null;
  const p = url.pathname;
  if (p.startsWith("/pkg/") || /^\/(icon-[\w-]+\.png|favicon\.svg)$/.test(p)) return "asset";
  if (/^\/(enhance|outbox)\.js$/.test(p) && url.searchParams.has("v")) return "asset";
  if (publicPage(p) && accept.includes("text/html")) return "page";
  return null;
}

/** The page's language: `lang=` in its address, else the reader's usual one. */
function languageOf(url, usual) {
  const l = url.searchParams.get("lang");
  return LANGS.includes(l) ? l : usual;
}

/** The key a page is saved under: its address (without fragment) and its language. */
function pageKey(href, lang) {
  const u = new URL(href);
  u.hash = "";
  u.searchParams.set("sw-lang", lang);
  return u.href;
}

/** The address a key was made from, and its language. */
function fromKey(key) {
  const u = new URL(key);
  const lang = u.searchParams.get("sw-lang");
  u.searchParams.delete("sw-lang");
  return { path: u.pathname + u.search, lang };
}

/** Whether an answer may be kept: a whole public HTML page, not private. */
function storable(status, type, cacheControl) {
  return status === 200 && /^text\/html/.test(type || "") && !/private/.test(cacheControl || "");
}

function tooOld(date, now, days) {
  const t = Date.parse(date || "");
  return !(t > now - days * DAY);
}

/** A saved page, marked as such: the marker loses `hidden` and gets the time. */
function markSaved(html, when) {
  return html.replace(/<p (hidden(="")? )?class="saved-copy"( hidden(="")?)?>/, `<p class="saved-copy" data-at="${escapeHtml(when)}">`);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The offline page with the saved pages listed (`items`: {path, title, when, iso}). */
function listSaved(html, items) {
  const lis = items
    .map((i) => `<li><a href="${escapeHtml(i.path)}">${i.title}</a> <time datetime="${escapeHtml(i.iso)}">${escapeHtml(i.when)}</time></li>`)
    .join("");
  return html.replace(/<ul class="saved-pages">/, (m) => m + lis);
}

/** A page's <title> text as the server escaped it. */
function titleOf(html) {
  const m = /<title>([^<]*)<\/title>/.exec(html);
  return m ? m[1] : "";
}

/** Whether a submission's answer means "try later" (the connection or the server). */
function later(status) {
  return [0, 429, 502, 503, 504].includes(status);
}

/** The fresh ticket in a `Retry` answer, if it is one. */
function retryTicket(text) {
  try {
    const r = JSON.parse(text).Retry;
    return r && typeof r.ticket === "string" ? r.ticket : null;
  } catch {
    return null;
  }
}

/** The submission's body with another ticket. */
function withTicket(body, ticket) {
  const b = JSON.parse(body);
  b.form.ticket = ticket;
  return JSON.stringify(b);
}

function when(date, lang) {
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(date);
  } catch {
    return date.toISOString();
  }
}

// ---- caches ----

async function trim(name, max) {
  const c = await caches.open(name);
  const keys = await c.keys();
  for (const k of keys.slice(0, Math.max(0, keys.length - max))) await c.delete(k);
}

async function usualLang() {
  const r = await (await caches.open(META)).match("/__sw/lang");
  return r ? r.text() : "en";
}

const offlineKey = (lang) => `/__sw/offline/${lang}`;

async function asset(req) {
  const c = await caches.open(ASSETS);
  const hit = await c.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.status === 200) {
    await c.put(req, res.clone());
    trim(ASSETS, MAX_ASSETS);
  }
  return res;
}

/** The response as it came, every header kept, with the time it was saved on the device. */
async function stamped(res) {
  const headers = new Headers(res.headers);
  headers.set("sw-saved-at", new Date().toUTCString());
  return new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers });
}

async function keep(url, fresh) {
  const res = await stamped(fresh);
  const lang = LANGS.includes(res.headers.get("content-language")) ? res.headers.get("content-language") : "en";
  const meta = await caches.open(META);
  if (!url.searchParams.has("lang")) await meta.put("/__sw/lang", new Response(lang));
  if (url.pathname === "/offline") await meta.put(offlineKey(lang), res);
  else {
    await (await caches.open(PAGES)).put(pageKey(url.href, lang), res);
    await trim(PAGES, MAX_PAGES);
  }
  if (!(await meta.match(offlineKey(lang)))) {
    const o = await fetch(`/offline?lang=${lang}`);
    if (storable(o.status, o.headers.get("content-type"), "")) await meta.put(offlineKey(lang), await stamped(o));
  }
}

/** A stored response with another body: the same status and headers. */
function rewrite(res, body, status) {
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  headers.delete("content-encoding");
  return new Response(body, { status: status || res.status, headers });
}

async function saved(url, lang) {
  const c = await caches.open(PAGES);
  const res = await c.match(pageKey(url.href, lang), { ignoreVary: true });
  if (!res) return null;
  const date = res.headers.get("sw-saved-at");
  if (tooOld(date, Date.now(), PAGE_DAYS)) {
    await c.delete(pageKey(url.href, lang));
    return null;
  }
  return rewrite(res, markSaved(await res.text(), when(new Date(date), lang)));
}

async function offline(lang) {
  const meta = await caches.open(META);
  const page = (await meta.match(offlineKey(lang))) || (await meta.match(offlineKey("en")));
  if (!page) return new Response("Offline", { status: 503, headers: { "content-type": "text/plain" } });
  const c = await caches.open(PAGES);
  const items = [];
  for (const k of await c.keys()) {
    const { path, lang: l } = fromKey(k.url);
    const r = await c.match(k);
    const date = r.headers.get("sw-saved-at");
    if (l !== lang || tooOld(date, Date.now(), PAGE_DAYS)) continue;
    const d = new Date(date);
    items.push({ path, title: titleOf(await r.text()), when: when(d, lang), iso: d.toISOString() });
  }
  return rewrite(page, listSaved(await page.text(), items.reverse()), 503);
}

async function page(event, url) {
  const lang = languageOf(url, await usualLang());
  let done;
  event.waitUntil(new Promise((ok) => (done = ok)));
  const network = fetch(event.request).then(
    (res) => {
      const ok = storable(res.status, res.headers.get("content-type"), res.headers.get("cache-control"));
      (ok ? keep(url, res.clone()).catch(() => null) : Promise.resolve()).then(done);
      return res;
    },
    (e) => {
      done();
      throw e;
    },
  );
  const timer = new Promise((ok) => setTimeout(ok, TIMEOUT, "slow"));
  const first = await Promise.race([network.catch(() => "down"), timer]);
  if (first instanceof Response) return first;
  const copy = await saved(url, lang);
  if (copy) return copy;
  return network.catch(() => offline(lang));
}

// ---- the outbox (IndexedDB "icc-outbox", store "entries": {id, body, type, page, at, answer?}) ----

function store(mode, f) {
  return new Promise((ok, ko) => {
    const open = indexedDB.open("icc-outbox", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("entries", { keyPath: "id" });
    open.onerror = () => ko(open.error);
    open.onsuccess = () => {
      const t = open.result.transaction("entries", mode);
      const r = f(t.objectStore("entries"));
      t.oncomplete = () => ok(r && r.result);
      t.onerror = () => ko(t.error);
    };
  });
}
const entries = () => store("readonly", (s) => s.getAll());
const save = (e) => store("readwrite", (s) => s.put(e));
const drop = (id) => store("readwrite", (s) => s.delete(id));

/** Sends an entry: the server's final answer, or null to try later. A form waiting for the
 * answer (`live`) gets a `Retry` as it is (it takes the fresh ticket itself); a kept one is sent
 * again with the fresh ticket. */
async function send(e, live) {
  for (let tries = 1; tries <= 4; tries++) {
    let res;
    try {
      res = await fetch("/fn/submit", {
        method: "POST",
        headers: { "content-type": e.type, accept: "application/json", "idempotency-key": e.id },
        body: e.body,
        referrer: e.page,
        credentials: "same-origin",
      });
    } catch {
      return null;
    }
    if (later(res.status)) return null;
    const fresh = !live && res.status === 422 && retryTicket(await res.clone().text());
    if (!fresh) return res;
    e.body = withTicket(e.body, fresh);
    await save(e);
    await new Promise((ok) => setTimeout(ok, 2500 * tries));
  }
  return null;
}

async function submit(req) {
  const body = await req.text();
  const waiting = (await entries()).find((e) => !e.answer);
  const e = {
    id: waiting ? waiting.id : crypto.randomUUID(),
    body,
    type: req.headers.get("content-type") || "application/json",
    page: req.referrer || self.location.origin + "/submit",
    at: Date.now(),
  };
  await save(e);
  const res = await send(e, true);
  if (res) {
    await drop(e.id);
    return res;
  }
  if (self.registration.sync) self.registration.sync.register("outbox").catch(() => {});
  return new Response(JSON.stringify({ queued: e.id }), {
    status: 202,
    headers: { "content-type": "application/json", "x-outbox": "queued" },
  });
}

let draining = null;
function drain() {
  draining =
    draining ||
    (async () => {
      try {
        for (const e of await entries()) {
          if (Date.now() - e.at > OUTBOX_DAYS * DAY) await drop(e.id);
          else if (!e.answer) {
            const res = await send(e);
            if (!res) continue;
            e.answer = { status: res.status, body: await res.text() };
            await save(e);
            for (const c of await self.clients.matchAll({ type: "window" })) c.postMessage({ outbox: e });
          }
        }
      } finally {
        draining = null;
      }
    })();
  return draining;
}

async function maybeSkip() {
  const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  if (!open.some((c) => formPage(new URL(c.url).pathname))) await self.skipWaiting();
}

// ---- events ----

self.addEventListener("install", (event) => {
  event.waitUntil(
    fetch("/offline")
      .then((r) => (r.status === 200 ? keep(new URL("/offline", self.location.origin), r) : null))
      .catch(() => null)
      .then(maybeSkip),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => ![ASSETS, PAGES, META].includes(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const k = kind(req.method, url, req.headers.get("accept") || "");
  if (k === "asset") event.respondWith(asset(req));
  else if (k === "page") event.respondWith(page(event, url));
  else if (k === "submit") event.respondWith(submit(req));
});

self.addEventListener("sync", (event) => {
  if (event.tag !== "outbox") return;
  event.waitUntil(
    drain().then(async () => {
      if ((await entries()).some((e) => !e.answer)) throw new Error("still no connection");
    }),
  );
});

self.addEventListener("message", (event) => {
  const m = event.data || {};
  const reply = (v) => event.ports[0] && event.ports[0].postMessage(v);
  if (m.type === "drain") event.waitUntil(drain());
  else if (m.type === "outbox") event.waitUntil(entries().then(reply, () => reply([])));
  else if (m.type === "seen") event.waitUntil(drop(m.id).then(() => reply(true)));
  else if (m.type === "skip") event.waitUntil(maybeSkip());
  else if (m.type === "version") reply(self.BUILD);
  else if (m.type === "forget")
    event.waitUntil(
      Promise.all([store("readwrite", (s) => s.clear()), caches.delete(PAGES)]).then(() => reply(true)),
    );
});
