// Load generator for scripts/bench-submissions.sh: N submitters post complete submissions to
// /api/submit for D seconds; then a moderator's view of the queue must hold every acknowledged
// one. Usage: node submissions.mjs BASE_URL SUBMITTERS SECONDS MODERATOR_EMAIL PASSWORD
const [base, submitters, seconds, email, password] = process.argv.slice(2);
const origin = new URL(base).origin;

const ticket = (await (await fetch(`${base}/api/form_start`)).json()).ticket;
const form = (n, s) => ({
  city: "Benchville", country: "PL", title: `Benchmark initiative ${s}-${n}`,
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
async function submitter(s) {
  let n = 0;
  while (Date.now() < end) {
    const t0 = performance.now();
    try {
      const r = await fetch(`${base}/api/submit`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: origin, "X-Forwarded-For": `10.0.${s}.1` },
        body: JSON.stringify({ form: form(n++, s) }),
      });
      const body = await r.text();
      if (r.status === 200 && body.includes("/manage/")) acknowledged++;
      else errors[`${r.status} ${body.slice(0, 60)}`] = (errors[`${r.status} ${body.slice(0, 60)}`] ?? 0) + 1;
    } catch (e) {
      errors[String(e)] = (errors[String(e)] ?? 0) + 1;
    }
    latencies.push(performance.now() - t0);
  }
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

// Count check through the moderators' queue.
const signIn = await fetch(`${base}/admin/sign-in`, {
  method: "POST", redirect: "manual",
  headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
  body: new URLSearchParams({ email, password }),
});
const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
const queue = await fetch(`${base}/api/queue`, {
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, Cookie: cookie },
  body: "query=state%3Dpending",
});
const stored = (await queue.json()).total;
console.log(`stored (pending in the queue) ${stored}; lost ${acknowledged - stored}`);
if (stored !== acknowledged) process.exitCode = 1;
