// Read load for scripts/cluster-test.sh: CONNECTIONS keep-alive connections GET the given paths
// in turn, as fast as answers come, until SIGTERM or SIGINT (or LOAD_SECONDS), then print what
// happened. Every answer must be 2xx and every request must get a complete answer: a non-2xx
// status, a socket error (reset, refused) or a request without an answer within 30 s is a
// failure, and any failure makes the exit status 1.
// Usage: node scripts/read-load.mjs BASE_URL CONNECTIONS PATH [PATH...]
// Environment:
//   LOAD_SECONDS=N     stop after N seconds (default: only on a signal)
//   LOAD_NAME=text     the name printed with the summary
import http from "node:http";

const [base, connections, ...paths] = process.argv.slice(2);
if (!base || !connections || paths.length === 0) {
  console.error("usage: node scripts/read-load.mjs BASE_URL CONNECTIONS PATH [PATH...]");
  process.exit(2);
}
const target = new URL(base);
const name = process.env.LOAD_NAME ?? "read load";
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const started = Date.now();
let stopping = false;
let requests = 0;
let ok = 0;
let slowest = 0;
let overOneSecond = 0;
const failures = {};
const firstFailures = [];

function fail(kind, path) {
  failures[kind] = (failures[kind] ?? 0) + 1;
  if (firstFailures.length < 10) {
    firstFailures.push(`${((Date.now() - started) / 1000).toFixed(2)} s ${path}: ${kind}`);
  }
}

function get(path) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const request = http.get(
      {
        host: target.hostname, port: target.port, path, agent,
        headers: { "Accept-Encoding": "br, gzip", "Accept-Language": "en", "User-Agent": "read-load" },
        timeout: 30_000,
      },
      (response) => {
        response.on("data", () => {});
        response.on("error", (e) => { fail(e.code ?? String(e), path); resolve(); });
        response.on("end", () => {
          const ms = performance.now() - t0;
          slowest = Math.max(slowest, ms);
          if (ms > 1000) overOneSecond++;
          if (response.statusCode >= 200 && response.statusCode < 300) ok++;
          else fail(`status ${response.statusCode}`, path);
          resolve();
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error("no answer within 30 s")));
    request.on("error", (e) => { fail(e.code ?? String(e.message), path); resolve(); });
  });
}

async function worker(w) {
  let i = w;
  while (!stopping) {
    requests++;
    await get(paths[i++ % paths.length]);
  }
}

for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => { stopping = true; });
if (process.env.LOAD_SECONDS) setTimeout(() => { stopping = true; }, Number(process.env.LOAD_SECONDS) * 1000);
// Keeps the process alive until stopped, whatever the workers wait for.
const keepAlive = setInterval(() => {}, 1000);
await Promise.all(Array.from({ length: Number(connections) }, (_, w) => worker(w)));
clearInterval(keepAlive);
agent.destroy();

const seconds = (Date.now() - started) / 1000;
const failed = Object.values(failures).reduce((a, b) => a + b, 0);
console.log(
  `${name}: ${requests} GETs in ${seconds.toFixed(1)} s (${(requests / seconds).toFixed(0)}/s) over ` +
    `${connections} connections, ${ok} answered 2xx, ${failed} failed` +
    `${failed ? " " + JSON.stringify(failures) : ""}; slowest ${slowest.toFixed(0)} ms, ${overOneSecond} over 1 s`,
);
for (const f of firstFailures) console.log(`  ${f}`);
process.exit(failed > 0 || requests === 0 ? 1 : 0);
