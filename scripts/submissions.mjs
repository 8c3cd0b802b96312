// Load generator for scripts/bench-submissions.sh and scripts/crash-test.sh: N submitters post
// complete submissions to /fn/submit for D seconds; then a moderator's view of the queue must
// hold every acknowledged one.
// Usage: node submissions.mjs BASE_URL SUBMITTERS SECONDS [MODERATOR_EMAIL PASSWORD]
// Environment:
//   ACK_FILE=path        each acknowledged submission's manage token is appended to it, one a
//                        line, as soon as the answer arrives (what the crash test checks)
//   SIGNAL_PID=pid SIGNAL_NAME=SIGKILL|SIGTERM SIGNAL_AFTER=seconds
//                        send that signal to the server in the middle of the load; the load
//                        then stops once the server is gone, the queue is not checked, and a
//                        request sent well before the signal that got no complete answer is a
//                        failure (printed as "started requests unanswered"; exit code 1 with
//                        SIGTERM, which must answer them all)
import { appendFileSync } from "node:fs";
const [base, submitters, seconds, email, password] = process.argv.slice(2);
const origin = new URL(base).origin;
const ackFile = process.env.ACK_FILE;
const signalPid = Number(process.env.SIGNAL_PID ?? 0);
const signalName = process.env.SIGNAL_NAME ?? "SIGTERM";
const signalAfter = Number(process.env.SIGNAL_AFTER ?? 0);
// A request sent this long before the signal has been read by the server (it reads a request
// at once; the wait is for the database), so it must be answered.
const SURELY_READ_MS = 200;
let signalAt = null;
let inFlightAtSignal = 0;
let answeredInFlight = 0;
let startedUnanswered = 0;
let unansweredAroundSignal = 0;
let refusedAfterSignal = 0;
const inFlight = new Set();

// A ticket as the form page carries it (no server function hands one out).
const formPage = await (await fetch(`${base}/submit`)).text();
const ticket = /name="ticket" value="([^"]+)"/.exec(formPage)?.[1];
if (!ticket) throw new Error("no ticket in the form page");
const form = (n, s) => ({
  city: "Benchville", country: "PL", text_language: "en", title: `Benchmark initiative ${s}-${n}`,
  summary: "A submission sent by the benchmark to measure concurrent writes.",
  description: "First paragraph.\n\nSecond paragraph.", types: ["housing", "health"],
  commitments: ["1", "2"], activity: "ongoing", start_date: "2022-03-01", end_date: "",
  website: "https://bench.example/x", contact_email: "", languages: ["uk", "pl"],
  submitter_name: "Bench", submitter_email: "bench@bench.example", submitter_role: "Load test",
  consent: "yes", leave_empty: "", ticket,
});

let acknowledged = 0;
const errors = {};
const latencies = [];
const end = Date.now() + Number(seconds) * 1000;
const count = (key) => { errors[key] = (errors[key] ?? 0) + 1; };
async function submitter(s) {
  let n = 0;
  while (Date.now() < end) {
    const t0 = performance.now();
    const request = { sentAt: Date.now() };
    inFlight.add(request);
    let answered = false;
    let refused = false; // never reached the server: not started
    try {
      const r = await fetch(`${base}/fn/submit`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: origin, "X-Forwarded-For": `10.0.${s >> 8}.${s & 255}` },
        body: JSON.stringify({ form: form(n++, s) }),
      });
      const body = await r.text();
      const token = /\/manage\/([A-Za-z0-9_-]{43})/.exec(body)?.[1];
      if (r.status === 200 && token) {
        answered = true;
        acknowledged++;
        if (ackFile) appendFileSync(ackFile, token + "\n");
      } else count(`${r.status} ${body.slice(0, 60)}`);
    } catch (e) {
      const code = e.cause?.code ?? "";
      if (signalAt === null) count(`${e} ${code}`);
      else if (code === "ECONNREFUSED") { refused = true; refusedAfterSignal++; }
    }
    inFlight.delete(request);
    if (request.inFlightAtSignal && answered) answeredInFlight++;
    if (signalAt !== null && !answered) {
      if (refused) return;
      if (request.sentAt < signalAt - SURELY_READ_MS) startedUnanswered++;
      else unansweredAroundSignal++;
      return; // the server is going away: this submitter stops
    }
    latencies.push(performance.now() - t0);
  }
}
if (signalPid) {
  setTimeout(() => {
    signalAt = Date.now();
    for (const r of inFlight) r.inFlightAtSignal = true;
    inFlightAtSignal = inFlight.size;
    process.kill(signalPid, signalName);
  }, signalAfter * 1000);
}
const started = Date.now();
await Promise.all(Array.from({ length: Number(submitters) }, (_, s) => submitter(s)));
const elapsed = (Date.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
console.log(`submitters ${submitters}, ${elapsed.toFixed(1)} s`);
console.log(`acknowledged ${acknowledged}  (${(acknowledged / elapsed).toFixed(0)} submissions/s)  p50 ${pct(50)} ms  p99 ${pct(99)} ms`);
console.log(`errors ${errorCount}${errorCount ? " " + JSON.stringify(errors) : ""}`);
if (signalPid) {
  if (signalAt === null) {
    console.log(`the load ended before ${signalName} was sent`);
    process.exit(1);
  }
  console.log(`${signalName} after ${((signalAt - started) / 1000).toFixed(1)} s with ${inFlightAtSignal} requests in flight; ` +
    `${answeredInFlight} of them answered; started requests unanswered ${startedUnanswered}; ` +
    `sent less than ${SURELY_READ_MS} ms before the signal or after it and unanswered ${unansweredAroundSignal} (not yet read: allowed); refused afterwards ${refusedAfterSignal}`);
  if (signalName === "SIGTERM" && (startedUnanswered > 0 || errorCount > 0 || inFlightAtSignal === 0)) process.exitCode = 1;
  process.exit();
}

// Count check through the moderators' queue.
const signIn = await fetch(`${base}/admin/sign-in`, {
  method: "POST", redirect: "manual",
  headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
  body: new URLSearchParams({ email, password }),
});
const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
// The queue page of pending items says "Showing N of TOTAL" (leptos's markers taken out).
const queue = await fetch(`${base}/admin?state=pending`, {
  headers: { Cookie: cookie, "Accept-Language": "en" },
});
const queueText = (await queue.text()).replace(/<!--[^]*?-->|<!>/g, "");
const stored = Number(/Showing \d+ of (\d+)/.exec(queueText)?.[1] ?? NaN);
console.log(`stored (pending in the queue) ${stored}; lost ${acknowledged - stored}`);
if (stored !== acknowledged) process.exitCode = 1;
