// The built site, opened from a loopback static server in Debian's Chromium: every operation, its
// parameters, request body, responses, examples and both code samples are rendered; nothing is
// fetched from outside loopback and nothing is logged as an error. What to expect is read from the
// document the site was built from, so the test follows the spec rather than restating it.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { operationIndex } from "@evals-api/types";
import { registry } from "@evals-api/types/registry";
import { operationParameters, provenanceOf, responseHeaders } from "@evals-api/types/spec";
import { resolveRefIn } from "@evals-api/types/spec-reading";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOperation } from "../src/operation-examples.mjs";
import { NOTE_LEAD } from "../src/provenance-notes.mjs";
import { packageDir } from "../src/site.mjs";
import { serveDirectory } from "../src/static-server.mjs";
import { launchWatchedBrowser, type WatchedBrowser } from "./browser.ts";
import { distDir, readBuilt } from "./built-site.ts";
import * as redocPage from "./redoc-page.ts";

type OperationId = keyof typeof operationIndex;
const outputDir = join(packageDir, "test-output");
// The document the page was built from (the bundle plus the injected code samples).
const spec = JSON.parse(readBuilt("openapi.json"));
const operationIds = Object.keys(operationIndex) as OperationId[];

/** A schema's properties, with those of its allOf parts merged in (later parts win, as Redoc shows). */
function properties(schema: unknown): Record<string, unknown> {
  const resolved = resolveRefIn<any>(spec, schema);
  const merged: Record<string, unknown> = {};
  for (const part of resolved?.allOf ?? []) Object.assign(merged, properties(part));
  return Object.assign(merged, resolved?.properties ?? {});
}

function propertyNames(schema: unknown): string[] {
  return Object.keys(properties(schema));
}

function firstStringLeaf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) {
      const found = firstStringLeaf(child);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** What a short Markdown description reads as once rendered: no code or emphasis marks. */
function plainText(markdown: string): string {
  return markdown.replace(/[`*]/g, "").trim();
}

/** Text as compared with what is rendered: runs of whitespace are one space. */
function squeezed(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** A description's first paragraph: its own text, before any note the build added. */
function firstParagraph(markdown: string): string {
  return plainText(markdown.split("\n\n")[0] ?? "");
}

/** The provenance notes of a description in the built document (its blockquotes), as they read once rendered. */
function notesIn(markdown: string): string[] {
  return markdown
    .split(/\n\n(?=> )/)
    .filter((part) => part.startsWith("> "))
    .map((note) => squeezed(plainText(note.replace(/^> ?/gm, ""))));
}

let browser: WatchedBrowser;
let page: Page;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  mkdirSync(outputDir, { recursive: true });
  server = await serveDirectory(distDir);
  browser = await launchWatchedBrowser();
  page = await browser.context.newPage();
  await page.goto(server.url, { waitUntil: "networkidle" });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const heading = (title: string) => redocPage.heading(page, title);
const pageText = () => redocPage.pageText(page);
const { codeLines } = redocPage;

async function openOperation(operationId: OperationId) {
  const operation: Record<string, any> = findOperation(spec, registry.get(operationId));
  await redocPage.openOperation(page, server.url, { tags: operation.tags, summary: operation.summary });
  return operation;
}

const MARKDOWN = '[data-component-name="Markdown/Markdown"]';

/**
 * Where Redoc renders one description: the block around the Markdown that holds its first
 * paragraph, in which the build's note is a sibling blockquote.
 */
function renderedDescription(markdown: string, within: Page | Locator = page) {
  const opening = squeezed(firstParagraph(markdown)).slice(0, 60);
  return within.locator(MARKDOWN, { hasText: opening }).filter({ visible: true }).first().locator("xpath=..");
}

/**
 * Checks that a rendered description shows every note the built document gives it, that one
 * saying "Not in the vendor reference." is there exactly when the marker says `assumed`, and
 * returns the rendered text.
 */
async function expectNotes(
  markdown: string,
  source: "vendor" | "assumed",
  what: string,
  within: Page | Locator = page,
) {
  const rendered = renderedDescription(markdown, within);
  // biome-ignore lint/performance/useDomNodeTextContent: a note must be rendered, not merely in the DOM.
  const text = squeezed(await rendered.innerText());
  const notes = notesIn(markdown);
  for (const note of notes) expect(text, what).toContain(note);
  await expect(rendered.locator("blockquote").count(), what).resolves.toBe(notes.length);
  if (source === "assumed") expect(text, what).toContain(`${NOTE_LEAD}.`);
  else expect(text, what).not.toContain(`${NOTE_LEAD}.`);
  return text;
}

const chooseSampleLanguage = (from: string, to: string, within?: Locator) =>
  redocPage.chooseSampleLanguage(page, from, to, within);
// The part of the page of one operation: a tag lists several, each with its own tabs and samples.
const sectionOf = (operation: Record<string, any>) => redocPage.operationSection(page, String(operation.summary));

describe("the built docs site in Chromium", () => {
  it("opens on the introduction, with every section of info.description in the sidebar", async () => {
    const headings = [...spec.info.description.matchAll(/^## (.+)$/gm)].map((match: RegExpMatchArray) => match[1]);
    expect(headings.length).toBeGreaterThan(0);
    await page.goto(server.url, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: spec.info.title }).first().waitFor();
    const text = await pageText();
    for (const heading of headings) {
      expect(text).toContain(heading);
      await expect(page.getByRole("link", { name: heading, exact: true }).count()).resolves.toBeGreaterThan(0);
    }
    for (const tag of spec.tags) expect(text).toContain(tag.name);
    await page.screenshot({ path: join(outputDir, "introduction.png") });
  });

  it("lists every component schema in the sidebar's Schemas group", async () => {
    await page.goto(server.url, { waitUntil: "networkidle" });
    await page.getByRole("link", { name: "Schemas", exact: true }).first().click();
    await heading("Schemas").waitFor();
    for (const name of Object.keys(spec.components.schemas)) {
      const link = page.getByRole("link", { name: new RegExp(`^${name}\\b`) });
      await expect(link.count(), name).resolves.toBeGreaterThan(0);
    }
  });

  it.each(operationIds)("renders %s: path, parameters, request body and every response", async (operationId) => {
    const { path, responses, successStatus } = operationIndex[operationId];
    const operation = await openOperation(operationId);
    // Each "Expand all" turns into "Collapse all" once clicked; there is one per request and responses.
    const expandAll = page.getByRole("button", { name: "Expand all", exact: true });
    for (let clicks = 0; clicks < 5 && (await expandAll.count()) > 0; clicks++) await expandAll.first().click();
    const text = await pageText();

    expect(text).toContain(path);
    for (const parameter of operation.parameters ?? []) {
      expect(text).toContain(resolveRefIn<any>(spec, parameter).name);
    }
    if (operation.requestBody) {
      const schema = resolveRefIn<any>(spec, operation.requestBody).content["application/json"].schema;
      const resolved = resolveRefIn<any>(spec, schema);
      for (const field of propertyNames(schema)) expect(text).toContain(field);
      // The cross-field rule's branches are tabs named by their titles, not "object / object (2)",
      // and each tab shows its branch's description.
      for (const branch of resolved.anyOf ?? []) {
        const escaped = branch.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        await page
          .locator("button", { hasText: new RegExp(`^${escaped}$`) })
          .first()
          .click();
        expect(await pageText()).toContain(plainText(branch.description));
      }
    }
    for (const status of Object.keys(responses)) expect(text).toContain(status);

    const success = resolveRefIn<any>(spec, operation.responses[String(successStatus)]).content["application/json"];
    const envelope = properties(success.schema);
    for (const field of Object.keys(envelope)) expect(text).toContain(field);
    for (const field of propertyNames(envelope.data)) expect(text).toContain(field);
    // The seed's example response is shown, values and all.
    const [example] = Object.values(success.examples).map((ref) => resolveRefIn<any>(spec, ref));
    expect(text).toContain(firstParagraph(example.description));
    expect(text).toContain(`"${firstStringLeaf(example.value)}"`);
  });

  it.each(operationIds)("shows the TypeScript and curl samples of %s", async (operationId) => {
    const operation = await openOperation(operationId);
    const samples: { lang: string; source: string }[] = operation["x-codeSamples"];
    const typeScript = samples.find((sample) => sample.lang === "TypeScript");
    const curl = samples.find((sample) => sample.lang === "curl");
    if (!typeScript || !curl) throw new Error(`${operationId} was built without both code samples`);

    const section = sectionOf(operation);
    // biome-ignore lint/performance/useDomNodeTextContent: the test asserts what is rendered, not the DOM's hidden text.
    const shown = () => section.innerText();
    for (const line of codeLines(typeScript.source)) expect(await shown()).toContain(line);
    await chooseSampleLanguage("TypeScript", "curl", section);
    const curlText = await shown();
    for (const line of codeLines(curl.source)) expect(curlText).toContain(line);
    await chooseSampleLanguage("curl", "TypeScript", section);

    await heading(operation.summary).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outputDir, `${operationId}.png`) });
  });

  // Every response, response header and parameter: the note is read from the built document and
  // whether it must be there from the spec's own marker (via @evals-api/types/spec).
  const checked: string[] = [];

  it.each(operationIds)("shows a note on what %s assumes, and none on what the vendor states", async (operationId) => {
    const operation = await openOperation(operationId);
    const section = sectionOf(operation);
    for (const parameter of operationParameters(operationId)) {
      const declared = (operation.parameters ?? [])
        .map((p: unknown) => resolveRefIn<any>(spec, p))
        .find((p: { name: string }) => p.name === parameter.name);
      const what = `${operationId} parameter ${parameter.name}`;
      await expectNotes(declared.description, parameter.provenance.source, what, section);
      checked.push(`${what}: ${parameter.provenance.source}`);
    }
    for (const status of Object.keys(operationIndex[operationId].responses)) {
      await section.getByRole("tab", { name: status, exact: true }).first().click();
      const response = resolveRefIn<any>(spec, operation.responses[status]);
      const what = `${operationId} ${status}`;
      const source = provenanceOf(operationId, { status }).source;
      await expectNotes(response.description, source, what, section);
      checked.push(`${what}: ${source}`);
      for (const header of responseHeaders(operationId, status)) {
        const headerSource = provenanceOf(operationId, { status, header }).source;
        await expectNotes(
          resolveRefIn<any>(spec, response.headers[header]).description,
          headerSource,
          `${what} ${header}`,
          section,
        );
        checked.push(`${what} ${header}: ${headerSource}`);
      }
      if (operationId === "createEvalRun" && status === String(operationIndex[operationId].successStatus)) {
        await renderedDescription(response.description, section).locator("blockquote").scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(outputDir, "provenance-note.png") });
      }
    }
  });

  it("checked the notes the issue names: create-run's 202 and Idempotency-Key assumed, GET's 200 vendor", () => {
    expect(checked).toEqual(
      expect.arrayContaining([
        "createEvalRun 202: assumed",
        "createEvalRun parameter Idempotency-Key: assumed",
        "getEvalAgent 200: vendor",
        "getEvalAgent parameter eval_agent_id: vendor",
      ]),
    );
  });

  it("shows the note on every schema that is ours as a whole, on its Schemas page", async () => {
    const whole = Object.entries(spec.components.schemas as Record<string, Record<string, any>>).filter(
      ([, schema]) => schema["x-provenance"]?.source === "assumed",
    );
    expect(whole.length).toBeGreaterThan(0);
    for (const [name, schema] of whole) {
      await page.goto(server.url, { waitUntil: "networkidle" });
      await page.getByRole("link", { name: "Schemas", exact: true }).first().click();
      await page
        .getByRole("link", { name: new RegExp(`^${name}\\b`) })
        .first()
        .click();
      await heading(name).waitFor();
      await expectNotes(schema.description, "assumed", name);
    }
  });

  it("fetched nothing from outside loopback and logged no errors", () => {
    expect(browser.offLoopback).toEqual([]);
    expect(browser.errors).toEqual([]);
  });
});
