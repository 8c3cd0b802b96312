import { expect, test } from "./fixtures";
import { ListPage, visit } from "./pages";

test("an initiative's page shows every public field and its meta tags", async ({ page }) => {
  const list = new ListPage(page);
  await list.goto("q=krakow");
  await list.results.first().getByRole("link", { name: "Welcome point at the main railway station" }).click();
  await expect(page).toHaveURL("/initiatives/krakow-welcome-point-at-the-main-railway-station");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome point at the main railway station");
  await expect(page.getByText("Kraków, Poland")).toBeVisible();
  const facts = page.locator("dl.facts");
  await expect(facts).toContainText("Completed");
  await expect(facts).toContainText("Reception & information points");
  await expect(facts).toContainText("Transport & mobility");
  await expect(facts).toContainText("1. Supporting cities that organise the emergency reception");
  await expect(facts).toContainText("2022-02-25");
  await expect(facts).toContainText("2022-06-30");
  await expect(facts.getByRole("link", { name: "https://www.krakow.pl/" })).toHaveAttribute("href", "https://www.krakow.pl/");
  await expect(facts.getByRole("link", { name: "welcome@krakow.example" })).toHaveAttribute("href", "mailto:welcome@krakow.example");
  await expect(facts).toContainText("English, Polski, Українська");
  await expect(page.getByText("It closed when arrivals slowed in the summer.")).toBeVisible();
  await expect(page).toHaveTitle("Welcome point at the main railway station — ICC Solidarity Initiatives");
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", "Welcome point at the main railway station");
  await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /Volunteers and city staff meet trains/);
});

test("the server renders the detail page completely, meta tags included", async ({ request }) => {
  const response = await request.get("/initiatives/krakow-welcome-point-at-the-main-railway-station");
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toMatch(/<h1[^>]*>Welcome point at the main railway station/);
  expect(html).toMatch(/<meta property="og:title" content="Welcome point at the main railway station"/);
  expect(html).toContain("<title>Welcome point at the main railway station — ICC Solidarity Initiatives</title>");
});

test("sample content is labelled with its source", async ({ page }) => {
  await visit(page, "/initiatives?q=riga");
  await page.getByRole("link", { name: "Emergency fund for refugees" }).click();
  await expect(page.getByText("Sample content from a public report")).toBeVisible();
  await expect(page.locator("dl.facts").getByRole("link", { name: /eurocities\.eu/ })).toBeVisible();
});

test("an unknown initiative is a real 404 page", async ({ page }) => {
  const response = await visit(page, "/initiatives/no-such-initiative");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await page.getByRole("link", { name: "All initiatives" }).click();
  await expect(page).toHaveURL(/\/initiatives$/);
});

test("an unknown address is a real 404 page", async ({ page }) => {
  const response = await visit(page, "/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});

test("the health check answers", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
});

test("the home page shows live totals, the latest initiatives and a call to submit", async ({ page }) => {
  await visit(page, "/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cities standing with Ukraine");
  const totals = page.locator(".totals");
  await expect(totals.locator("dl > div").nth(0)).toHaveText(/^initiatives\s*45$/);
  await expect(totals.locator("dl > div").nth(2)).toHaveText(/^countries\s*18$/);
  await expect(page.getByText("Sample content: examples from public reports")).toBeVisible();
  await expect(page.locator(".cards article")).toHaveCount(6);
  await expect(page.getByRole("link", { name: "Read the full declaration" })).toHaveAttribute("href", "/declaration");
  await page.locator(".cta").getByRole("link", { name: "Submit an initiative" }).click();
  await expect(page).toHaveURL(/\/submit$/);
});

test("the declaration page holds the full text and links each commitment", async ({ page }) => {
  await visit(page, "/declaration");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Declaration on Solidarity with Ukraine");
  await expect(page.getByText("Dismayed by the armed attack on Ukraine")).toBeVisible();
  await expect(page.getByText("An unprecedented event requires an unprecedented response")).toBeVisible();
  await page.getByRole("link", { name: "Browse initiatives by commitment 4" }).click();
  await expect(page).toHaveURL(/commitment=4/);
  await new ListPage(page).expectTotal(4);
});

test("compressed responses and long-lived caching of hashed assets", async ({ request, page }) => {
  const html = await request.get("/initiatives", { headers: { "Accept-Encoding": "br" } });
  expect(html.headers()["content-encoding"]).toBe("br");
  await page.goto("/");
  const css = await page.locator('link[rel="stylesheet"]').getAttribute("href");
  expect(css).toMatch(/\/pkg\/icc-initiatives\.[a-zA-Z0-9_-]+\.css$/);
  const asset = await request.get(css!, { headers: { "Accept-Encoding": "gzip" } });
  expect(asset.status()).toBe(200);
  expect(asset.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(asset.headers()["content-encoding"]).toBe("gzip");
});
