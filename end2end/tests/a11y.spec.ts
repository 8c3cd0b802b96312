import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";
import { anInitiative, FLOW_URL, jsEnabled, ModerationPage, ownClient, SubmissionFormPage, visit } from "./pages";

const PAGES = [
  "/",
  "/initiatives",
  "/initiatives?country=PL&type=housing",
  "/initiatives?q=nothing-matches",
  "/initiatives?country=XX",
  "/initiatives/krakow-welcome-point-at-the-main-railway-station",
  "/statistics",
  "/statistics?country=PL&type=housing",
  "/declaration",
  "/api",
  "/submit",
  "/manage/not-a-valid-link",
  "/admin",
  "/admin/sign-in",
  "/admin/account",
  "/admin/mail",
  "/admin/statistics",
  "/admin/sign-in?problem=invalid",
  "/privacy",
  "/privacy?done=erased",
  "/no-such-page",
];

for (const path of PAGES) {
  test(`${path} has no WCAG 2.2 A/AA violations, landmarks and one h1`, async ({ page }) => {
    await visit(page, path);
    await expect(page.locator("h1")).toHaveCount(1);
    await expect(page.getByRole("main")).toHaveCount(1);
    await expect(page.getByRole("banner")).toHaveCount(1);
    await expect(page.getByRole("contentinfo")).toHaveCount(1);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    // axe runs as a script in the page, which the no-JavaScript project forbids; the HTML it
    // would check is the same server-rendered HTML the other projects check.
    test.skip(!jsEnabled(), "axe needs JavaScript in the page");
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"])
      .analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
  });
}

// The privacy notice is long text written per language: checked in each.
for (const path of ["/privacy?lang=fr", "/privacy?lang=uk"]) {
  test(`${path} has no WCAG 2.2 A/AA violations, landmarks and one h1`, async ({ page }) => {
    await visit(page, path);
    await expect(page.locator("h1")).toHaveCount(1);
    await expect(page.getByRole("main")).toHaveCount(1);
    await expect(page.getByRole("banner")).toHaveCount(1);
    await expect(page.getByRole("contentinfo")).toHaveCount(1);
    await expect(page.getByRole("navigation")).not.toHaveCount(0);
    test.skip(!jsEnabled(), "axe needs JavaScript in the page");
    await expectNoViolations(page);
  });
}

/** axe (WCAG 2.2 A/AA) on the page as it is now. */
async function expectNoViolations(page: import("@playwright/test").Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
}

test("the moderators' privacy page has no violations, empty, with results and refusing", async ({ page }) => {
  test.skip(!jsEnabled(), "axe needs JavaScript in the page");
  await ownClient(page);
  await new ModerationPage(page).signIn();
  await visit(page, "/admin/privacy");
  await expect(page.locator("h1")).toHaveCount(1);
  await expectNoViolations(page);
  const address = page.getByLabel("The person's e-mail address");
  await address.fill("nobody@city.example");
  await page.getByRole("button", { name: "Find submissions" }).click();
  await expect(page.getByText("No submission uses this address.")).toBeVisible();
  await expectNoViolations(page);
  await page.getByRole("button", { name: "Erase this person's data" }).click();
  await expect(page.getByText("Tick the confirmation to erase.")).toBeVisible();
  await expectNoViolations(page);
  // Accepted by the browser's own check of an e-mail field, refused by the server's.
  await address.fill("someone@localhost");
  await page.getByRole("button", { name: "Find submissions" }).click();
  await expect(page.getByText("This is not an e-mail address.")).toBeVisible();
  await expectNoViolations(page);
});

test.describe("on the manage page", () => {
  test.use({ baseURL: FLOW_URL });
  test("the erasure's refusal without its confirmation has no violations", async ({ page }) => {
    test.skip(!jsEnabled(), "axe needs JavaScript in the page");
    test.setTimeout(60_000);
    await ownClient(page);
    const form = new SubmissionFormPage(page);
    await form.goto();
    await form.fill(anInitiative());
    await form.send();
    const manage = await form.manageLink();
    await visit(page, `${manage}?problem=missing`);
    await expect(page.getByText("Tick the box to confirm that you want your personal data erased.")).toBeVisible();
    await expectNoViolations(page);
  });
});

test("the current section is marked in the navigation", async ({ page }) => {
  await visit(page, "/initiatives?country=PL");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Initiatives" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Home" })).not.toHaveAttribute("aria-current", "page");
});

test("a skip link leads to the main content", async ({ page }) => {
  await visit(page, "/initiatives");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
});

test.describe("in dark mode", () => {
  test.use({ colorScheme: "dark" });
  for (const path of ["/", "/initiatives?country=PL", "/initiatives/krakow-welcome-point-at-the-main-railway-station"]) {
    test(`${path} keeps WCAG AA contrast`, async ({ page }) => {
      test.skip(!jsEnabled(), "axe needs JavaScript in the page");
      await visit(page, path);
      const results = await new AxeBuilder({ page }).withTags(["wcag2aa", "wcag21aa"]).analyze();
      expect(results.violations.map((v) => v.id)).toEqual([]);
    });
  }
});
