// Issue 17: an initiative's text in the reader's language. With the interface in English, French
// and Ukrainian, cards, the detail page and the embed show the version in the reader's language
// when there is one, else the original; every piece of text in another language than the
// page's carries `lang`; the detail page says which language the text is in, who translated
// it, links the other versions and the original with plain links, and warns about a
// translation made from an earlier original. The data is the test fixtures
// (fixtures/test-initiatives.json), read here so the expectations follow it:
//   Kraków   written in English, French version (moderator, outdated), Ukrainian (submitter)
//   Львів    written in Ukrainian, English version (submitter), French (machine, no description)
//   Lyon     written in French, Ukrainian version (moderator)
//   Wrocław  English only
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { expectTextLanguages, InitiativePage, jsEnabled, ready, type UiLanguage, visit } from "./pages";

const LANGUAGES: UiLanguage[] = ["en", "fr", "uk"];

interface Version {
  title: string;
  summary: string;
  description?: string;
  source?: string;
  outdated?: boolean;
}

interface Fixture extends Version {
  city: string;
  text_language?: UiLanguage;
  translations?: Partial<Record<UiLanguage, Version>>;
}

const FIXTURES: Fixture[] = JSON.parse(
  readFileSync(path.join(__dirname, "../fixtures/test-initiatives.json"), "utf8"),
).initiatives;

function fixture(city: string): Fixture {
  const found = FIXTURES.find((f) => f.city === city);
  if (!found) throw new Error(`no fixture in ${city}`);
  return found;
}

/** The four initiatives of this test: their page and a search that finds only them. */
const CASES = [
  { name: "Kraków", slug: "krakow-welcome-point-at-the-main-railway-station", search: "krakow" },
  { name: "Львів", slug: "lviv-movni-kursy-dlia-vnutrishno-peremishchenykh-osib", search: "мовні" },
  { name: "Lyon", slug: "lyon-accueil-et-hebergement-des-familles-ukrainiennes", search: "lyon" },
  { name: "Wrocław", slug: "wroclaw-psychological-support-line-in-ukrainian", search: "wroclaw" },
];

/** The version a reader with the interface in `ui` sees: theirs, else the original. */
function shown(f: Fixture, ui: UiLanguage): Version & { language: UiLanguage } {
  const original = f.text_language ?? "en";
  const version = ui === original ? undefined : f.translations?.[ui];
  return version ? { ...version, language: ui } : { ...f, language: original };
}

/** Every piece of initiative text of the fixtures (titles, summaries, description paragraphs
 * of every version) and the language it is written in. */
const TEXTS = new Map<string, string>();
for (const f of FIXTURES) {
  const versions: [string, Version][] = [[f.text_language ?? "en", f]];
  for (const [lang, v] of Object.entries(f.translations ?? {})) versions.push([lang, v as Version]);
  for (const [lang, v] of versions) {
    for (const text of [v.title, v.summary, ...(v.description ?? "").split("\n\n")]) {
      if (text) TEXTS.set(text, lang);
    }
  }
}

/** What the note on the text says (its paragraphs), per initiative and interface language. */
const NOTES: Record<string, Record<UiLanguage, string[]>> = {
  "Kraków": {
    en: ["Original text in English", "Also in: Français · Українська"],
    fr: [
      "Texte en français. Traduit par le secrétariat du réseau.",
      "Cette traduction a été faite à partir d'une version antérieure de l'original et n'est peut-être plus à jour. Afficher l'original (anglais)",
      "Aussi en : Українська",
    ],
    uk: [
      "Текст українською. Переклад від людини, яка подала ініціативу. Показати оригінал (англійською)",
      "Також іншими мовами: Français",
    ],
  },
  "Львів": {
    en: [
      "Text in English. Translated by the person who submitted the initiative. Show the original (Ukrainian)",
      "Also in: Français",
    ],
    fr: ["Texte en français. Traduction automatique. Afficher l'original (ukrainien)", "Aussi en : English"],
    uk: ["Оригінальний текст українською", "Також іншими мовами: English · Français"],
  },
  Lyon: {
    en: ["Original text in French", "Also in: Українська"],
    fr: ["Texte original en français", "Aussi en : Українська"],
    uk: ["Текст українською. Переклад секретаріату мережі. Показати оригінал (французькою)"],
  },
  "Wrocław": {
    en: [],
    fr: ["Texte original en anglais"],
    uk: ["Оригінальний текст англійською"],
  },
};

for (const ui of LANGUAGES) {
  test.describe(`with the interface in ${ui}`, () => {
    test("each card shows the reader's version, else the original, in its own language", async ({ page }) => {
      for (const c of CASES) {
        const f = fixture(c.name);
        const text = shown(f, ui);
        await visit(page, `/initiatives?q=${encodeURIComponent(c.search)}&lang=${ui}`);
        const card = page.getByRole("main").getByRole("article");
        await expect(card).toHaveCount(1);
        await expect(card.getByRole("heading", { level: 3 })).toHaveText(text.title);
        await expect(card.getByRole("link", { name: text.title })).toHaveAttribute(
          "href",
          `/initiatives/${c.slug}?lang=${ui}`,
        );
        await expect(card.getByText(text.summary, { exact: true })).toBeVisible();
        // Title and summary, each in the language it is written in.
        expect(await expectTextLanguages(page.getByRole("main"), TEXTS)).toBe(2);
        const notes = {
          machine: { en: "Machine translation", fr: "Traduction automatique", uk: "Машинний переклад" }[ui],
          outdated: {
            en: "Translation may be out of date",
            fr: "Traduction peut-être pas à jour",
            uk: "Переклад може бути застарілим",
          }[ui],
        };
        await expect(card.getByText(notes.machine)).toHaveCount(text.source === "machine" ? 1 : 0);
        await expect(card.getByText(notes.outdated)).toHaveCount(text.outdated ? 1 : 0);
      }
    });

    test("each page shows the reader's version, says which it is and marks its language", async ({ page }) => {
      const detail = new InitiativePage(page);
      for (const c of CASES) {
        const f = fixture(c.name);
        const text = shown(f, ui);
        await detail.goto(c.slug, `lang=${ui}`);
        await expect(page.locator("html")).toHaveAttribute("lang", ui);
        await expect(detail.title).toHaveText(text.title);
        await expect(detail.main.getByText(text.summary, { exact: true })).toBeVisible();
        // A translation without a description leaves the original's.
        const description = (text.description ?? f.description ?? "").split("\n\n").filter(Boolean);
        for (const para of description) {
          await expect(detail.main.getByText(para, { exact: true })).toBeVisible();
        }
        expect(await expectTextLanguages(detail.main, TEXTS), c.name).toBe(2 + description.length);
        const note = detail.versionNote(ui);
        const lines = NOTES[c.name][ui];
        if (lines.length === 0) {
          await expect(note).toHaveCount(0);
        } else {
          await expect(note.locator("p")).toHaveText(lines);
        }
        await expect(page).toHaveTitle(new RegExp(`^${text.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} — `));
        await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", text.summary);
        await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", text.title);
        await expect(page.locator('meta[property="og:description"]')).toHaveAttribute("content", text.summary);
      }
    });
  });
}

test("the other versions and the original are plain links that keep the interface's language", async ({ page }) => {
  const detail = new InitiativePage(page);
  const krakow = fixture("Kraków");
  await detail.goto(CASES[0].slug);
  const ukrainian = detail.versionNote().getByRole("link", { name: "Українська" });
  await expect(ukrainian).toHaveAttribute("lang", "uk");
  await expect(ukrainian).toHaveAttribute("hreflang", "uk");
  await expect(detail.versionNote().getByRole("link", { name: "Français" })).toHaveAttribute("lang", "fr");
  await ukrainian.click();
  await expect(page).toHaveURL(`/initiatives/${CASES[0].slug}?version=uk`);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(detail.title).toHaveText(krakow.translations!.uk!.title);
  await expect(detail.title).toHaveAttribute("lang", "uk");
  await expect(detail.versionNote().locator("p")).toHaveText([
    "Text in Ukrainian. Translated by the person who submitted the initiative. Show the original (English)",
    "Also in: Français",
  ]);
  expect(await expectTextLanguages(detail.main, TEXTS)).toBe(4);
  await detail.versionNote().getByRole("link", { name: "Show the original (English)" }).click();
  await expect(page).toHaveURL(`/initiatives/${CASES[0].slug}?version=en`);
  await expect(detail.title).toHaveText(krakow.title);
  await expect(detail.versionNote().locator("p").first()).toHaveText("Original text in English");

  // An address that names the interface's language keeps it in every version's link.
  await detail.goto(CASES[1].slug, "lang=fr");
  await detail.versionNote("fr").getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(`/initiatives/${CASES[1].slug}?version=en&lang=fr`);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(detail.title).toHaveText(fixture("Львів").translations!.en!.title);
  await expect(detail.title).toHaveAttribute("lang", "en");
  await expect(detail.versionNote("fr").locator("p").first()).toHaveText(
    "Texte en anglais. Traduit par la personne qui a proposé l'initiative. Afficher l'original (ukrainien)",
  );
});

test("an outdated translation says so and links the original", async ({ page }) => {
  const detail = new InitiativePage(page);
  const krakow = fixture("Kraków");
  await detail.goto(CASES[0].slug, "lang=fr");
  await expect(detail.title).toHaveText(krakow.translations!.fr!.title);
  const notice = detail
    .versionNote("fr")
    .getByText(/^Cette traduction a été faite à partir d'une version antérieure de l'original/);
  await expect(notice).toBeVisible();
  await notice.getByRole("link", { name: "Afficher l'original (anglais)" }).click();
  await expect(page).toHaveURL(`/initiatives/${CASES[0].slug}?version=en&lang=fr`);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(detail.title).toHaveText(krakow.title);
  await expect(detail.title).toHaveAttribute("lang", "en");
  await expect(detail.versionNote("fr").locator("p")).toHaveText([
    "Texte original en anglais",
    "Aussi en : Français · Українська",
  ]);
  await expect(detail.versionNote("fr").getByText(/version antérieure/)).toHaveCount(0);
  expect(await expectTextLanguages(detail.main, TEXTS)).toBe(4);
});

test("the page as served: title, meta tags, canonical and alternates follow the text shown", async ({ request }) => {
  const krakow = fixture("Kraków");
  const path = `/initiatives/${CASES[0].slug}`;
  const decode = (text: string) =>
    text.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  /** Every `<tag …>` of the page as its attributes. */
  const tags = (html: string, tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}\\s([^>]*)>`, "g"))].map((m) =>
      Object.fromEntries([...m[1].matchAll(/([a-z:-]+)="([^"]*)"/g)].map((a) => [a[1], decode(a[2])])),
    );
  const meta = (html: string, key: string) =>
    tags(html, "meta").find((m) => m.name === key || m.property === key)?.content;
  const fetch = async (query: string) => {
    const response = await request.get(`${path}?${query}`);
    expect(response.status()).toBe(200);
    return response.text();
  };
  // Several times and in turns: the page cache keeps each version apart.
  for (let round = 0; round < 2; round++) {
    const uk = await fetch("lang=uk");
    const ukText = krakow.translations!.uk!;
    expect(uk).toContain(`<title>${ukText.title} — Ініціативи солідарності ICC</title>`);
    expect(meta(uk, "og:title")).toBe(ukText.title);
    expect(meta(uk, "og:description")).toBe(ukText.summary);
    expect(meta(uk, "description")).toBe(ukText.summary);
    expect(uk).toMatch(new RegExp(`<h1 dir="auto">${ukText.title}(<!>)?</h1>`));

    const fr = await fetch("version=fr&lang=uk");
    const frText = krakow.translations!.fr!;
    expect(meta(fr, "og:title")).toBe(frText.title);
    expect(meta(fr, "description")).toBe(frText.summary);
    expect(decode(fr)).toContain(`<title>${frText.title} — Ініціативи солідарності ICC</title>`);
    expect(fr).toMatch(/<h1 dir="auto" lang="fr">Point d/);
    // One page, read in another version: it names the plain page as canonical, and its language
    // alternates are the plain page's.
    const links = tags(fr, "link");
    expect(links.filter((l) => l.rel === "canonical").map((l) => l.href)).toEqual([`${path}?lang=uk`]);
    const alternates = links.filter((l) => l.rel === "alternate");
    expect(alternates.map((l) => l.hreflang)).toEqual(["en", "fr", "uk", "x-default"]);
    for (const l of alternates) expect(l.href).not.toContain("version=");
  }
});

test("the embed shows each initiative in the frame's language, else the original, marked", async ({ page }) => {
  // The embed holds no script, so there is nothing to wait for.
  await page.goto(`/embed/initiatives?city=krakow&city=wroclaw&city=${encodeURIComponent("Львів")}&lang=fr`);
  const main = page.getByRole("main");
  const titles = main.getByRole("heading", { level: 2 });
  await expect(titles).toHaveCount(3);
  expect((await titles.allTextContents()).sort()).toEqual(
    [
      fixture("Kraków").translations!.fr!.title,
      fixture("Львів").translations!.fr!.title,
      fixture("Wrocław").title,
    ].sort(),
  );
  await expect(main.getByText("Traduction automatique", { exact: true })).toHaveCount(1);
  await expect(main.getByText("Traduction peut-être pas à jour", { exact: true })).toHaveCount(1);
  expect(await expectTextLanguages(main, TEXTS)).toBe(6);
  await expect(main.getByRole("link", { name: fixture("Wrocław").title })).toHaveAttribute("lang", "en");
});

/** The four initiatives of this test, on one list. */
const FOUR = ["krakow", "Львів", "lyon", "wroclaw"].map((c) => `city=${encodeURIComponent(c)}`).join("&");

const STATES = [
  `/initiatives/${CASES[0].slug}?lang=fr`,
  `/initiatives/${CASES[0].slug}?version=uk`,
  `/initiatives/${CASES[1].slug}?lang=fr`,
  `/initiatives/${CASES[2].slug}`,
  `/initiatives?${FOUR}&lang=fr`,
  `/initiatives?${FOUR}&lang=uk`,
  `/embed/initiatives?city=krakow&city=lyon&city=${encodeURIComponent("Львів")}&lang=uk`,
];

for (const state of STATES) {
  test(`${state} has no WCAG 2.2 A/AA violations`, async ({ page }) => {
    test.skip(!jsEnabled(), "axe needs JavaScript in the page");
    await page.goto(state);
    // The embed holds no script: nothing hydrates there.
    if (!state.startsWith("/embed")) await ready(page);
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"])
      .analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
  });
}

test.describe("in dark mode", () => {
  test.use({ colorScheme: "dark" });
  for (const state of [STATES[0], STATES[4]]) {
    test(`${state} keeps WCAG AA contrast`, async ({ page }) => {
      test.skip(!jsEnabled(), "axe needs JavaScript in the page");
      await visit(page, state);
      const results = await new AxeBuilder({ page }).withTags(["wcag2aa", "wcag21aa"]).analyze();
      expect(results.violations.map((v) => v.id)).toEqual([]);
    });
  }
});
