// Lighthouse 12's mobile preset (its default: a Moto G Power sized screen, simulated slow 4G and a
// 4× slower CPU) on Debian's Chromium, for each page given; prints the figures issue 8 sets goals
// for. Each page is measured LH_RUNS times (default 3) and the median run (by performance score)
// is shown. A benchmark, not a test: it exits 0 whenever Lighthouse ran.
//
//   node scripts/lighthouse.mjs http://127.0.0.1:3022/initiatives …
// Needs lighthouse@12 in .tools/ (scripts/setup.sh --bench). Used by scripts/bench-pages.sh.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const lighthouse = new URL("../.tools/node_modules/.bin/lighthouse", import.meta.url).pathname;
const runs = Number(process.env.LH_RUNS ?? 3);
const urls = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), "lighthouse-"));

const goals = "goals: performance ≥ 98, accessibility 100, LCP ≤ 1.5 s, TTI ≤ 2.5 s, TBT ≤ 50 ms, CLS ≤ 0.02";
console.log(goals);
console.log(
  `${"page".padEnd(44)} ${["perf", "a11y", "LCP s", "TTI s", "TBT ms", "CLS", "FCP s"].map((h) => h.padStart(7)).join("")}`,
);
for (const url of urls) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const out = join(work, `run-${i}.json`);
    execFileSync(
      lighthouse,
      [
        url,
        "--quiet",
        "--only-categories=performance,accessibility",
        "--output=json",
        `--output-path=${out}`,
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
      ],
      { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" }, stdio: ["ignore", "ignore", "inherit"] },
    );
    const report = JSON.parse(readFileSync(out, "utf8"));
    const audit = (id) => report.audits[id]?.numericValue ?? NaN;
    results.push({
      perf: Math.round(report.categories.performance.score * 100),
      a11y: Math.round(report.categories.accessibility.score * 100),
      lcp: audit("largest-contentful-paint") / 1000,
      tti: audit("interactive") / 1000,
      tbt: audit("total-blocking-time"),
      cls: audit("cumulative-layout-shift"),
      fcp: audit("first-contentful-paint") / 1000,
    });
  }
  results.sort((a, b) => a.perf - b.perf);
  const m = results[Math.floor(results.length / 2)];
  const path = new URL(url).pathname + new URL(url).search;
  console.log(
    `${path.slice(0, 44).padEnd(44)} ${[
      m.perf,
      m.a11y,
      m.lcp.toFixed(2),
      m.tti.toFixed(2),
      Math.round(m.tbt),
      m.cls.toFixed(3),
      m.fcp.toFixed(2),
    ]
      .map((v) => String(v).padStart(7))
      .join("")}   (median of ${runs}; perf across runs ${results.map((r) => r.perf).join("/")})`,
  );
}
rmSync(work, { recursive: true, force: true });
