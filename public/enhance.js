// Navigation without page loads, for server-rendered pages.
//
// Every page is complete HTML that works without JavaScript. With it, this module (the only
// script most pages load: no wasm) follows links and GET forms of this site by fetching the
// next page and swapping the document's body and title in place, so the window, its scroll
// handling and this script survive; Back and Forward do the same. The list's filter form
// (`form[data-auto-apply]`) applies each change at once, keeping the focus on the control
// that changed and the filter panel open.
//
// Left to the browser: POST forms (the server answers them with a redirect or a page),
// links to other sites, new tabs, downloads, `rel="external"`, same-page `#anchors`, and any
// page that holds a leptos island (it is loaded for real, so its wasm hydrates it).
//
// The `islands_routing.js` of leptos 0.8.23 does this job in principle, but it drops the
// submit button's value (the language and moderation buttons), fetches `#hash` links, never
// moves scroll or focus, never removes attributes, and needs every page's markup shaped for
// its DOM walk; docs/architecture.md tells more.

const ANNOUNCER_ID = "nav-announcer";
let inFlight = null;
// The address (path and query) of the content on screen; hash-only changes keep it.
let shown = location.pathname + location.search;

/** A same-origin URL this script may fetch as a page, or null to leave it to the browser. */
function pageUrl(href) {
  let url;
  try {
    url = new URL(href, location.href);
  } catch {
    return null;
  }
  if (url.origin !== location.origin) return null;
  // Files (`/favicon.svg`, `/initiatives.csv`, `/pkg/…`) are not pages.
  const last = url.pathname.split("/").pop();
  if (last.includes(".") || url.pathname.startsWith("/pkg/") || url.pathname.startsWith("/api/")) {
    return null;
  }
  return url;
}

function announcer() {
  let el = document.getElementById(ANNOUNCER_ID);
  if (!el) {
    el = document.createElement("div");
    el.id = ANNOUNCER_ID;
    el.className = "visually-hidden";
    el.setAttribute("aria-live", "polite");
    el.setAttribute("aria-atomic", "true");
  }
  return el;
}

function rememberScroll() {
  history.replaceState({ ...(history.state || {}), y: window.scrollY }, "");
}

/** Stylesheets and scripts of a document: a page built by another release reloads. */
function assets(doc) {
  return [...doc.head.querySelectorAll("link[rel=stylesheet], script[src]")]
    .map((n) => n.getAttribute("href") || n.getAttribute("src"))
    .join(" ");
}

// The head elements a page sets for itself (besides the title).
const PAGE_HEAD =
  'meta[name="description"], meta[name="robots"], meta[property], meta[name^="twitter:"], link[rel="canonical"], link[rel="alternate"]';

function swap(doc) {
  document.title = doc.title;
  for (const node of document.head.querySelectorAll(PAGE_HEAD)) node.remove();
  for (const node of doc.head.querySelectorAll(PAGE_HEAD)) {
    document.head.append(document.importNode(node, true));
  }
  const live = announcer();
  const nodes = [...doc.body.childNodes].map((n) => document.adoptNode(n));
  document.body.replaceChildren(...nodes, live);
  // Screen readers hear what changed: the result count on the list, else the page's title.
  const results = document.getElementById("results-h");
  live.textContent = "";
  requestAnimationFrame(() => {
    live.textContent = (results ? results.textContent : doc.title).trim();
  });
}

function focusAfter(how) {
  if (how.focusId) {
    const el = document.getElementById(how.focusId);
    if (el) {
      el.focus({ preventScroll: true });
      return;
    }
  }
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target) {
    target.scrollIntoView();
    return;
  }
  document.getElementById("main")?.focus({ preventScroll: true });
}

/**
 * Shows the page at `url` in place. `how.push`: a new history entry (a click or a form),
 * else the entry is already current (Back/Forward). `how.focusId`/`how.panelOpen`: a filter
 * change, which keeps the scroll position, the focus and the open panel.
 */
async function go(url, how = {}) {
  inFlight?.abort();
  const ctrl = new AbortController();
  inFlight = ctrl;
  const leave = (to) => (how.push ? location.assign(to) : location.replace(to));
  if (how.push) rememberScroll();
  const y = window.scrollY;
  document.documentElement.setAttribute("aria-busy", "true");
  let doc;
  let finalUrl;
  try {
    const res = await fetch(url.href, { signal: ctrl.signal, headers: { Accept: "text/html" } });
    const type = res.headers.get("content-type") || "";
    finalUrl = res.url || url.href;
    if (!type.startsWith("text/html")) {
      leave(finalUrl);
      return;
    }
    doc = new DOMParser().parseFromString(await res.text(), "text/html");
  } catch (e) {
    if (e.name !== "AbortError") leave(url.href);
    return;
  } finally {
    if (inFlight === ctrl) document.documentElement.removeAttribute("aria-busy");
  }
  if (inFlight !== ctrl) return;
  inFlight = null;
  const fresh = new URL(finalUrl);
  if (url.hash && !fresh.hash) fresh.hash = url.hash;
  if (
    doc.querySelector("leptos-island") ||
    doc.documentElement.lang !== document.documentElement.lang ||
    assets(doc) !== assets(document)
  ) {
    leave(fresh.href);
    return;
  }
  if (how.push) history.pushState({ y: 0 }, "", fresh.href);
  else if (fresh.href !== location.href) history.replaceState(history.state, "", fresh.href);
  shown = fresh.pathname + fresh.search;
  swap(doc);
  if (how.focusId !== undefined) {
    const panel = document.querySelector("details.filters");
    if (panel && how.panelOpen) panel.open = true;
    window.scrollTo(0, y);
  } else if (how.push) {
    window.scrollTo(0, 0);
  } else {
    window.scrollTo(0, (history.state && history.state.y) || 0);
  }
  focusAfter(how);
}

function onClick(ev) {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) {
    return;
  }
  const a = ev.target instanceof Element ? ev.target.closest("a[href]") : null;
  if (!a || a.hasAttribute("download") || a.closest("leptos-island")) return;
  if (a.target && a.target !== "_self") return;
  if ((a.getAttribute("rel") || "").split(/\s+/).includes("external")) return;
  const url = pageUrl(a.href);
  if (!url) return;
  // Only the fragment differs: the browser scrolls to it.
  if (url.pathname + url.search === shown && url.hash) return;
  ev.preventDefault();
  go(url, { push: true });
}

/** The query a GET form sends; the filter form leaves out what is empty or the default. */
function formUrl(form, submitter) {
  const url = pageUrl(form.action);
  if (!url) return null;
  const data = new FormData(form, submitter || undefined);
  const params = new URLSearchParams();
  for (const [name, value] of data) {
    if (typeof value !== "string") return null;
    if (form.hasAttribute("data-auto-apply")) {
      if (value.trim() === "" || (name === "sort" && value === "newest")) continue;
    }
    params.append(name, value);
  }
  url.search = params.toString();
  return url;
}

function onSubmit(ev) {
  const form = ev.target;
  if (ev.defaultPrevented || !(form instanceof HTMLFormElement) || form.closest("leptos-island")) return;
  const method = (ev.submitter?.getAttribute("formmethod") || form.method || "get").toLowerCase();
  if (method !== "get" || form.target) return;
  const url = formUrl(form, ev.submitter);
  if (!url) return;
  ev.preventDefault();
  go(url, { push: true });
}

function onChange(ev) {
  const control = ev.target;
  const form = control instanceof Element ? control.closest("form[data-auto-apply]") : null;
  // The search box applies on Enter or Apply, not at every change.
  if (!form || control.id === "q") return;
  const url = formUrl(form, null);
  if (!url) return;
  const active = document.activeElement;
  go(url, {
    push: true,
    focusId: active && active.id ? active.id : control.id,
    panelOpen: form.closest("details")?.open ?? false,
  });
}

/**
 * A Copy button (`button[data-copy]`, shown only with JavaScript) copies the text of the
 * control it names (the list's embed code) and says how that went in its live region
 * (`data-status`, with the sentences in its `data-copied`/`data-failed`). Without the clipboard,
 * the text is selected so the person can copy it.
 */
async function onCopy(ev) {
  const button = ev.target instanceof Element ? ev.target.closest("button[data-copy]") : null;
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.status);
  if (!source || !status) return;
  status.textContent = "";
  try {
    await navigator.clipboard.writeText(source.value ?? source.textContent);
    status.textContent = status.dataset.copied;
  } catch {
    source.focus();
    source.select?.();
    status.textContent = status.dataset.failed;
  }
}

function onPopState() {
  const here = location.pathname + location.search;
  if (here === shown) return;
  go(new URL(location.href), { push: false });
}

history.scrollRestoration = "manual";
// A reload or a return to a page loaded for real comes back where it was.
const arrival = performance.getEntriesByType("navigation")[0];
if (arrival && arrival.type !== "navigate" && history.state && history.state.y) {
  window.scrollTo(0, history.state.y);
}
rememberScroll();
document.addEventListener("click", onClick);
document.addEventListener("click", onCopy);
document.addEventListener("submit", onSubmit);
document.addEventListener("change", onChange);
window.addEventListener("popstate", onPopState);
window.addEventListener("pagehide", rememberScroll);
// Pages with an island are ready once it is hydrated (it sets the mark); others are now.
if (!document.querySelector("leptos-island")) {
  document.documentElement.setAttribute("data-hydrated", "true");
}

// Offline (issue 18): the service worker (src/web/sw.js) after load; a page without a form lets a
// waiting new release take over. outbox.js: on the form page, or while a submission waits.
if ("serviceWorker" in navigator) {
  addEventListener("load", () => {
    navigator.serviceWorker
      .register("/sw.js", { updateViaCache: "none" })
      .then((reg) => {
        if (reg.waiting && !document.querySelector("leptos-island")) reg.waiting.postMessage({ type: "skip" });
      })
      .catch(() => {});
  });
}
let outbox = Promise.resolve();
let waiting = null;
try {
  waiting = localStorage.getItem("icc-outbox");
} catch {}
if (document.querySelector(".outbox-status") || waiting) {
  outbox = import(`/outbox.js${new URL(import.meta.url).search}`)
    .then((m) => m.start())
    .catch(() => {});
}

// The islands' bundle (the submission form): fetched only once the page has painted and the
// browser is idle, so on a slow connection it does not compete with the page's own HTML and
// styles. Then each island is hydrated by its function in the bundle.
const bundle = document.querySelector('meta[name="island-bundle"]');
if (bundle) {
  const start = () =>
    outbox.then(() => import(bundle.dataset.js)).then(async (mod) => {
      await mod.default({ module_or_path: bundle.content });
      mod.hydrate();
      for (const island of document.querySelectorAll("leptos-island")) {
        const hydrateIsland = mod[island.dataset.component];
        if (hydrateIsland) hydrateIsland(island);
        else console.warn(`no function in the bundle for the island ${island.dataset.component}`);
      }
    }).catch((e) => {
      // The connection dropped, or the page is being left: the form stays the server's form,
      // which posts without JavaScript. Nothing is thrown at the page.
      console.info("the form's script did not load; the form works without it:", e);
    });
  if ("requestIdleCallback" in window) requestIdleCallback(start);
  else setTimeout(start);
}
