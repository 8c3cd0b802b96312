// Writes N synthetic initiatives in the import format (deterministic), for the benchmark.
// usage: node scripts/synthetic.mjs N > file.json
const n = Number(process.argv[2] ?? 10000);
const countries = ["PL", "DE", "FR", "UA", "IT", "ES", "NO", "CA", "LT", "MD", "PT", "GR", "CZ", "LV", "SE", "IE", "CH", "CY", "HU", "RO"];
const types = ["reception", "housing", "humanitarian-aid", "education", "language", "employment", "health", "legal", "transport", "community", "anti-discrimination", "twinning", "funding", "advocacy"];
const words = ["help", "centre", "school", "Kraków", "мовні", "bus", "food", "jobs", "legal", "art", "family", "shelter", "youth", "health", "culture"];
// mulberry32: small, fast and well mixed (a power-of-two LCG's low bits repeat too soon).
let seed = 7;
const rnd = (m) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (((t ^ (t >>> 14)) >>> 0) / 4294967296 * m) | 0;
};
const initiatives = [];
for (let i = 0; i < n; i++) {
  const t = [...new Set([types[rnd(14)], types[rnd(14)], types[rnd(14)]].slice(0, 1 + rnd(3)))];
  const c = [...new Set([1 + rnd(5), 1 + rnd(5)])].slice(0, rnd(3));
  initiatives.push({
    city: `City ${rnd(500)}`,
    country: countries[rnd(countries.length)],
    title: `Initiative ${i}: ${words[rnd(15)]} and ${words[rnd(15)]}`,
    summary: `A synthetic initiative offering ${words[rnd(15)]} and ${words[rnd(15)]} to people who fled the war.`,
    description: `Paragraph one about ${words[rnd(15)]}.\n\nParagraph two about ${words[rnd(15)]}.`,
    types: t,
    commitments: c,
    status: ["planned", "ongoing", "completed"][rnd(3)],
    start_date: `2022-${String(1 + rnd(12)).padStart(2, "0")}-01`,
  });
}
process.stdout.write(JSON.stringify({ about: "Synthetic benchmark data", initiatives }));
