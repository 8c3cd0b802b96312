import AxeBuilder from "@axe-core/playwright";
import { type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { AccountPage, FLOW_URL, jsEnabled, ownClient, totp, twoFactorModerator } from "./pages";

test.use({ baseURL: FLOW_URL });

// A whole enrolment is a dozen page loads and several password hashes: on a loaded 2-core
// machine that can take longer than the default 30 s (as the submission flows do).
test.beforeEach(() => {
  test.setTimeout(90_000);
});

/** axe (WCAG 2.2 A/AA) on the page as it is now; skipped where the page runs no scripts. */
async function noAxeViolations(page: Page) {
  if (!jsEnabled()) return;
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
}

test("a moderator turns on a second factor, and signing in then asks for the code", async ({ page }) => {
  await ownClient(page);
  const who = twoFactorModerator();
  const account = new AccountPage(page);
  await account.signIn(who);
  await expect(page).toHaveURL(/\/admin$/);
  await account.open();
  await noAxeViolations(page);

  // A new password that is too easy to guess is refused, saying why.
  await page.getByLabel("Current password").fill(who.password);
  await page.getByLabel("New password", { exact: true }).fill("password1234");
  await page.getByLabel("New password again").fill("password1234");
  await page.getByRole("button", { name: "Change the password" }).click();
  await expect(page.getByRole("alert")).toContainText("The new password is too easy to guess.");
  await expect(page.getByLabel("New password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await noAxeViolations(page);

  await page.getByRole("button", { name: "Set up a second factor" }).click();
  await expect(account.qrCode).toBeVisible();
  const key = await account.key();
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await noAxeViolations(page);

  // A wrong code keeps it off and says why.
  const wrong = totp(key) === "000000" ? "111111" : "000000";
  await account.submitCode(wrong, "Turn on");
  await expect(page.getByRole("alert")).toContainText("This code is not right.");
  await expect(account.qrCode).toBeVisible();

  await account.submitCode(totp(key), "Turn on");
  await expect(page.getByRole("status").filter({ hasText: "The second factor is on." })).toBeVisible();
  await expect(page.getByText("On: signing in asks for a code")).toBeVisible();
  await noAxeViolations(page);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();

  // The password alone is no longer enough.
  await account.signIn(who);
  await expect(page.getByRole("alert")).toContainText("Wrong e-mail, password or code.");
  await expect(page.getByLabel("E-mail")).toHaveValue(who.email);
  await noAxeViolations(page);

  // With the next code (the current one was spent turning it on).
  const code = totp(key, 1);
  await account.signIn(who, code);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByText(`Signed in as ${who.email}`)).toBeVisible();

  // The same code again is refused: each code works once.
  await page.getByRole("button", { name: "Sign out" }).click();
  await account.signIn(who, code);
  await expect(page.getByRole("alert")).toContainText("Wrong e-mail, password or code.");
});
