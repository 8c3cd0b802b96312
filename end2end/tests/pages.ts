import { expect, type Locator, type Page, test } from "@playwright/test";

/** Whether the current project runs JavaScript (the "no-js" project does not). */
export function jsEnabled(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

/** Waits until the page is hydrated, so clicks reach the app and not only the HTML. */
export async function ready(page: Page) {
  if (jsEnabled()) {
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  }
}

export async function visit(page: Page, path: string) {
  const response = await page.goto(path);
  await ready(page);
  return response;
}

/** The public list of initiatives and its filter panel. */
export class ListPage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    return visit(this.page, `/initiatives${query ? `?${query}` : ""}`);
  }

  /** The "N initiatives" heading above the results. */
  get resultsHeading(): Locator {
    return this.page.getByRole("heading", { level: 2, name: /^\d+ initiatives?$/ });
  }

  get results(): Locator {
    return this.page.getByRole("region", { name: /^\d+ initiatives?$/ }).getByRole("article");
  }

  get panelToggle(): Locator {
    return this.page.locator("details.filters > summary");
  }

  /** Opens the folded filter panel on phones; on wide screens it is always open. */
  async openFilters() {
    if (await this.panelToggle.isVisible()) {
      const open = await this.page.locator("details.filters").evaluate((d) => (d as HTMLDetailsElement).open);
      if (!open) await this.panelToggle.click();
    }
  }

  option(name: string | RegExp): Locator {
    return this.page.getByRole("checkbox", { name });
  }

  /** The count shown beside an option, e.g. 8 for "Poland (8)". */
  async countOf(name: string | RegExp): Promise<number> {
    await this.openFilters();
    const id = await this.option(name).getAttribute("id");
    const text = await this.page.locator(`label[for="${id}"] .count`).innerText();
    return Number(text.replace(/[()]/g, ""));
  }

  async expectTotal(n: number) {
    await expect(this.resultsHeading).toHaveText(n === 1 ? "1 initiative" : `${n} initiatives`);
  }

  /** Applies the form: with JavaScript a change applies itself; without, press Apply. */
  private async applyIfNeeded() {
    if (!jsEnabled()) {
      await this.page.getByRole("button", { name: "Apply" }).click();
      await this.page.waitForLoadState("load");
    }
  }

  async choose(name: string | RegExp, urlPart: string) {
    await this.openFilters();
    await this.option(name).check();
    await this.applyIfNeeded();
    await expect(this.page).toHaveURL(new RegExp(urlPart.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  }

  async unchoose(name: string | RegExp) {
    await this.openFilters();
    await this.option(name).uncheck();
    await this.applyIfNeeded();
  }

  async search(text: string) {
    await this.openFilters();
    await this.page.getByRole("searchbox", { name: "Search" }).fill(text);
    if (jsEnabled()) {
      await this.page.getByRole("searchbox", { name: "Search" }).press("Enter");
    } else {
      await this.page.getByRole("button", { name: "Apply" }).click();
    }
    await expect(this.page).toHaveURL(/q=/);
  }
}
