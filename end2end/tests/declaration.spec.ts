import { expect, test } from "./fixtures";
import { visit } from "./pages";

// The declaration in the reader's language: English is the text adopted on 4 March 2022; the
// French and Ukrainian texts are translations, say so, and link to the English original.

const TRANSLATIONS = [
  {
    lang: "fr",
    title: "Déclaration de solidarité avec l'Ukraine",
    commitment: "Offrant notre soutien aux villes qui organisent l'accueil d'urgence des personnes fuyant la guerre en Ukraine",
    note: "Ceci est une traduction : la déclaration a été adoptée en anglais, et seul le texte anglais fait foi.",
    link: "Lire le texte original en anglais (English)",
  },
  {
    lang: "uk",
    title: "Декларація про солідарність з Україною",
    commitment: "Пропонуючи підтримку містам, які організовують екстрений прийом людей",
    note: "Це переклад: декларацію ухвалено англійською мовою, і автентичним є лише англійський текст.",
    link: "Читати оригінальний текст англійською мовою (English)",
  },
];

for (const t of TRANSLATIONS) {
  test(`/declaration?lang=${t.lang} shows the translation, says so and links to the English original`, async ({ page }) => {
    await visit(page, `/declaration?lang=${t.lang}`);
    await expect(page.locator("html")).toHaveAttribute("lang", t.lang);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.title);
    const commitment = page.getByRole("listitem").filter({ hasText: t.commitment });
    await expect(commitment).toHaveCount(1);
    await expect(page.locator(`[lang="${t.lang}"]`, { has: commitment })).not.toHaveCount(0);
    await expect(page.locator('[lang="en"]', { has: commitment })).toHaveCount(0);
    await expect(page.getByText(t.note)).toBeVisible();
    const original = page.getByRole("link", { name: t.link });
    await expect(original).toHaveAttribute("href", "/declaration?lang=en");
    await expect(original).toHaveAttribute("hreflang", "en");
    await original.click();
    await expect(page).toHaveURL(/\/declaration\?lang=en$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByText("Offering support to cities organising the emergency reception")).toBeVisible();
  });
}

test("/declaration?lang=en is the original text, with no translation note", async ({ page }) => {
  await visit(page, "/declaration?lang=en");
  const commitment = page.getByRole("listitem").filter({ hasText: "Offering support to cities organising the emergency reception" });
  await expect(commitment).toHaveCount(1);
  await expect(page.locator('[lang="en"]', { has: commitment })).not.toHaveCount(0);
  await expect(page.getByText("The declaration was adopted in English; this is its original text.")).toBeVisible();
  await expect(page.getByText("This is a translation")).toHaveCount(0);
  await expect(page.getByRole("link", { name: /original text in English/ })).toHaveCount(0);
});

test("the Ukrainian declaration's commitment links keep the language", async ({ page }) => {
  await visit(page, "/declaration?lang=uk");
  await page.getByRole("link", { name: "Переглянути ініціативи за зобов'язанням 4" }).click();
  await expect(page).toHaveURL(/\/initiatives\?commitment=4&lang=uk$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "uk");
});
