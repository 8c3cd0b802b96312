// The page's side of the outbox of submissions (issue 18; the worker's side is src/web/sw.js).
//
// Loaded by enhance.js on the form page (it has `.outbox-status`) and, on any other page, only
// while a submission made on this device waits to be sent or its outcome is unseen. Readers who
// never submit never load it. It needs the service worker: without one (a first visit whose
// worker is not running yet, a browser without them) the form behaves as before — a send
// without a connection fails with its message and the draft stays in the browser.
//
// - A send that the worker kept (it answers 202 + `X-Outbox: queued`) is not answered to the
//   form at once: the form keeps waiting ("Sending…") and this page says the initiative is kept
//   on the device; when the worker sends it, the form gets the server's real answer — the
//   confirmation with the manage link, or the field errors — as if it had come straight away.
// - After a reload, or on another page: an outcome that came meanwhile is shown by the server.
//   On the form page the kept submission is posted as a form without JavaScript posts it, with
//   its id: the server answers a known id as it did (stored once), and renders the confirmation
//   with the manage link, or the refused fields with every value. Other pages show a short
//   notice with a link to the form page.
// - The worker is asked to send on load, on `online` and when the tab becomes visible (it also
//   sends on Background Sync where the browser has it).
// - The draft expires after three days; "Forget what this device saved" removes the draft, what
//   waits to be sent and the saved pages.

const DRAFT = "icc-submission-draft";
const DRAFT_AT = "icc-submission-draft-at";
const NOTE = "icc-outbox";
const DAY = 864e5;
const KEEP_DAYS = 3;
const sw = navigator.serviceWorker;
const status = document.querySelector(".outbox-status");
const waiters = new Map();
// Outcomes that came while a send was still being answered (the worker can send a kept
// submission before the form has heard that it was kept): the form's call takes them.
const early = new Map();
let inFlight = 0;

function local(f) {
  try {
    return f(localStorage);
  } catch {
    return null;
  }
}

function note() {
  return local((s) => JSON.parse(s.getItem(NOTE) || "null")) || { texts: {}, told: [] };
}

function texts() {
  return status ? { ...status.dataset } : note().texts;
}

function say(key) {
  if (status) status.textContent = texts()[key] || "";
}

function ask(message) {
  return new Promise((ok) => {
    const worker = sw && sw.controller;
    if (!worker) return ok(null);
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => ok(e.data);
    worker.postMessage(message, [channel.port2]);
    setTimeout(ok, 3000, null);
  });
}

function tell(message) {
  if (sw && sw.controller) sw.controller.postMessage(message);
}

const drain = () => tell({ type: "drain" });

function sent(e) {
  return e.answer.status < 300;
}

/** Another page of the site: a short notice, once per submission, with a link to the form. */
function notice(e) {
  const n = note();
  if (n.told.includes(e.id) || !n.texts.see) return;
  const p = document.createElement("p");
  p.className = "outbox-notice";
  p.setAttribute("role", "status");
  p.textContent = `${n.texts[sent(e) ? "sent" : "refused"]} `;
  const a = document.createElement("a");
  a.href = "/submit";
  a.textContent = n.texts.see;
  p.append(a);
  document.body.prepend(p);
  n.told.push(e.id);
  local((s) => s.setItem(NOTE, JSON.stringify(n)));
}

/** The form page, rendered by the server with the outcome: the kept submission is posted as the
 * form without JavaScript posts it, with its id, so the server answers it as it did (a known id
 * is never stored or counted again; refused fields come back with every value). The island then
 * starts from that page, as after any post. */
async function postOutcome(e) {
  const form = document.createElement("form");
  form.method = "post";
  form.action = `/submit${location.search}`;
  const add = (name, value) => {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  };
  for (const [name, value] of Object.entries(JSON.parse(e.body).form)) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== null && v !== undefined) add(name, String(v));
  }
  add("submission_id", e.id);
  document.body.append(form);
  await seen(e);
  form.submit();
}

async function seen(e) {
  if (sent(e)) local((s) => [DRAFT, DRAFT_AT].forEach((k) => s.removeItem(k)));
  local((s) => s.removeItem(NOTE));
  await ask({ type: "seen", id: e.id });
}

/** An outcome: to the form waiting for it, to the form page through the server, or as a notice. */
function answered(e) {
  const waiting = waiters.get(e.id);
  if (waiting) {
    waiters.delete(e.id);
    say(null);
    seen(e);
    waiting(new Response(e.answer.body, { status: e.answer.status, headers: { "content-type": "application/json" } }));
  } else if (status && inFlight) {
    early.set(e.id, e);
  } else if (status) {
    postOutcome(e);
  } else {
    notice(e);
  }
}

/** Drafts expire: three days after the last keystroke, they are gone. */
function expireDraft() {
  local((s) => {
    const at = Number(s.getItem(DRAFT_AT)) || 0;
    if (!s.getItem(DRAFT)) return;
    if (!at) s.setItem(DRAFT_AT, String(Date.now()));
    else if (Date.now() - at > KEEP_DAYS * DAY) [DRAFT, DRAFT_AT].forEach((k) => s.removeItem(k));
  });
}

async function forget() {
  local((s) => [DRAFT, DRAFT_AT, NOTE].forEach((k) => s.removeItem(k)));
  await ask({ type: "forget" });
  document.querySelector("form.submission")?.reset();
  say("forgotten");
}

/** Runs before the form's script: its outcome must be in the form's data first. */
export async function start() {
  if (status) {
    expireDraft();
    document.addEventListener(
      "input",
      (ev) => {
        if (ev.target instanceof Element && ev.target.closest("form.submission")) {
          local((s) => s.setItem(DRAFT_AT, String(Date.now())));
        }
      },
      true,
    );
    document.addEventListener("click", (ev) => {
      if (ev.target instanceof Element && ev.target.closest("[data-forget-device]")) forget();
    });
    const realFetch = window.fetch;
    window.fetch = async (...args) => {
      inFlight += 1;
      let res;
      try {
        res = await realFetch(...args);
      } finally {
        inFlight -= 1;
      }
      if (res.status !== 202 || res.headers.get("x-outbox") !== "queued") return res;
      const { queued } = await res.json();
      const known = early.get(queued);
      if (known) {
        early.delete(queued);
        seen(known);
        return new Response(known.answer.body, { status: known.answer.status, headers: { "content-type": "application/json" } });
      }
      local((s) => s.setItem(NOTE, JSON.stringify({ texts: texts(), told: [] })));
      say("queued");
      return new Promise((ok) => waiters.set(queued, ok));
    };
  }
  if (!sw) return;
  sw.addEventListener("message", (ev) => {
    if (ev.data && ev.data.outbox) answered(ev.data.outbox);
  });
  addEventListener("online", drain);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) drain();
  });
  const list = await ask({ type: "outbox" });
  if (!list) return;
  for (const e of list) {
    if (e.answer) answered(e);
    else say("waiting");
  }
  if (!list.length && !waiters.size) local((s) => s.removeItem(NOTE));
  drain();
}
