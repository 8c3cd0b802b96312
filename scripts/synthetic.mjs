// Writes N synthetic initiatives in the import format (deterministic), for the benchmark.
// usage: node scripts/synthetic.mjs N [LANGUAGES] > file.json
//   LANGUAGES 1 (default): English text only; 3: every initiative written in one of en, fr, uk
//   with versions in the other two (issue 17's benchmark: the same filters and searches, three
//   times the text).
const n = Number(process.argv[2] ?? 10000);
const languages = Number(process.argv[3] ?? 1);
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
const frWords = ["aide", "centre", "école", "Kraków", "langue", "bus", "repas", "emplois", "juridique", "art", "famille", "abri", "jeunesse", "santé", "culture"];
const ukWords = ["допомога", "центр", "школа", "Краків", "мовні", "автобус", "їжа", "робота", "правова", "мистецтво", "родина", "притулок", "молодь", "здоров'я", "культура"];
const text = {
  en: (i, w) => ({
    title: `Initiative ${i}: ${w[0]} and ${w[1]}`,
    summary: `A synthetic initiative offering ${w[2]} and ${w[3]} to people who fled the war.`,
    description: `Paragraph one about ${w[4]}.\n\nParagraph two about ${w[5]}.`,
  }),
  fr: (i, w) => ({
    title: `Initiative ${i} : ${w[0]} et ${w[1]}`,
    summary: `Une initiative synthétique qui offre ${w[2]} et ${w[3]} aux personnes qui ont fui la guerre.`,
    description: `Premier paragraphe sur ${w[4]}.\n\nDeuxième paragraphe sur ${w[5]}.`,
  }),
  uk: (i, w) => ({
    title: `Ініціатива ${i}: ${w[0]} і ${w[1]}`,
    summary: `Синтетична ініціатива, що пропонує ${w[2]} і ${w[3]} людям, які втекли від війни.`,
    description: `Перший абзац про ${w[4]}.\n\nДругий абзац про ${w[5]}.`,
  }),
};
const vocab = { en: words, fr: frWords, uk: ukWords };
const initiatives = [];
for (let i = 0; i < n; i++) {
  const t = [...new Set([types[rnd(14)], types[rnd(14)], types[rnd(14)]].slice(0, 1 + rnd(3)))];
  const c = [...new Set([1 + rnd(5), 1 + rnd(5)])].slice(0, rnd(3));
  const picks = [0, 1, 2, 3, 4, 5].map(() => rnd(15));
  const original = languages === 3 ? ["en", "fr", "uk"][rnd(3)] : "en";
  const own = text[original](i, picks.map((k) => vocab[original][k]));
  const record = {
    city: `City ${rnd(500)}`,
    country: countries[rnd(countries.length)],
    ...(languages === 3 ? { text_language: original } : {}),
    ...own,
    types: t,
    commitments: c,
    status: ["planned", "ongoing", "completed"][rnd(3)],
    start_date: `2022-${String(1 + rnd(12)).padStart(2, "0")}-01`,
  };
  if (languages === 3) {
    record.translations = {};
    for (const l of ["en", "fr", "uk"].filter((l) => l !== original)) {
      record.translations[l] = { ...text[l](i, picks.map((k) => vocab[l][k])), source: "moderator" };
    }
  }
  initiatives.push(record);
}
process.stdout.write(JSON.stringify({ about: "Synthetic benchmark data", initiatives }));
