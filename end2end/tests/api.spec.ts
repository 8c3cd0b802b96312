import { expect, test } from "./fixtures";
import { visit } from "./pages";

test("the footer leads to the API reference, whose examples answer as documented", async ({ page }) => {
  await visit(page, "/");
  await page.getByRole("contentinfo").getByRole("link", { name: "Open data and API" }).click();
  await expect(page).toHaveURL(/\/api$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Open data and API");
  for (const path of ["/api/v1/initiatives", "/api/v1/initiatives/{slug}", "/api/v1/facets", "/api/v1/openapi.json"]) {
    await expect(page.getByRole("heading", { level: 3, name: `GET ${path}`, exact: true })).toBeVisible();
  }
  // Each example is a link on this site that answers with JSON.
  const examples = page.getByRole("link", { name: /^\/api\/v1\// });
  const hrefs = await examples.evaluateAll((links) => links.map((l) => l.getAttribute("href") ?? ""));
  expect(hrefs.length).toBeGreaterThanOrEqual(4);
  for (const href of hrefs) {
    const reply = await page.request.get(href);
    expect(reply.status(), href).toBe(200);
    expect(reply.headers()["content-type"], href).toBe("application/json");
  }
  const list = await (await page.request.get("/api/v1/initiatives?country=PL&per_page=3")).json();
  expect(list.items).toHaveLength(3);
  expect(list.links.next).toContain("page=2");
  const problem = await page.request.get("/api/v1/initiatives?per_page=1000");
  expect(problem.status()).toBe(400);
  expect((await problem.json()).problems[0].parameter).toBe("per_page");
});

test("a public page in another language has an address of its own", async ({ page }) => {
  await visit(page, "/initiatives?country=PL&lang=uk");
  await expect(page.locator("html")).toHaveAttribute("lang", "uk");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ініціативи");
  const alternates = page.locator('head link[rel="alternate"][hreflang]');
  await expect(alternates).toHaveCount(4);
  await expect(page.locator('head link[hreflang="fr"]')).toHaveAttribute("href", /\/initiatives\?country=PL&lang=fr$/);
  await expect(page.locator('head link[hreflang="x-default"]')).toHaveAttribute("href", /\/initiatives\?country=PL$/);
});
