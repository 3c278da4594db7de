// Finding one's way around a page Redoc rendered, as a reader does: by the sidebar's links, the
// headings' visible titles and the code samples' language menu.
import type { Locator, Page } from "playwright-core";

/** Redoc names its headings "link to <title> <title>": match on the visible title at the end. */
export function heading(page: Page, title: string) {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return page.getByRole("heading", { name: new RegExp(`(^|\\s)${escaped}$`) }).first();
}

/** Opens an operation from the sidebar: its tag, then its summary. */
export async function openOperation(page: Page, url: string, operation: { tags: string[]; summary: string }) {
  await page.goto(url, { waitUntil: "networkidle" });
  await page.getByRole("link", { name: operation.tags[0], exact: true }).first().click();
  await page.getByRole("link", { name: operation.summary }).first().click();
  await heading(page, operation.summary).waitFor();
}

export async function pageText(page: Page) {
  // biome-ignore lint/performance/useDomNodeTextContent: the test asserts what is rendered, not the DOM's hidden text.
  return page.locator("body").innerText();
}

/** The part of the page that shows one operation, with its code samples. */
export function operationSection(page: Page, summary: string): Locator {
  return page.locator('[data-item-kind="httpItem"]').filter({ has: heading(page, summary) });
}

/** Switches the code samples from one language to another: the first ones on the page, or those `within`. */
export async function chooseSampleLanguage(page: Page, from: string, to: string, within: Page | Locator = page) {
  await within.getByRole("button", { name: from, exact: true }).first().click();
  await page.getByRole("menuitem", { name: to, exact: true }).click();
  await within.getByRole("button", { name: to, exact: true }).first().waitFor();
}

/** A code sample's lines as the page shows them: trimmed, blank ones left out. */
export function codeLines(source: string): string[] {
  return source
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
