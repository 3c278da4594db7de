// The proof that an operation added to the spec is documented with no code of its own: the docs of
// @evals-api/fixture-third-operation (the shipped spec plus `GET /v1/evals/runs/{run_id}`, built by
// the same generator) are built from its registry and opened in Debian's Chromium. Its getEvalRun
// has no file in samples/, so its TypeScript sample is the one generated over `evals.raw`.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { registry as fixture } from "@evals-api/fixture-third-operation";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOperation } from "../src/operation-examples.mjs";
import { NOTE_LEAD } from "../src/provenance-notes.mjs";
import { buildSite, packageDir } from "../src/site.mjs";
import { serveDirectory } from "../src/static-server.mjs";
import { launchWatchedBrowser, type WatchedBrowser } from "./browser.ts";
import { readBuilt } from "./built-site.ts";
import { chooseSampleLanguage, codeLines, openOperation, operationSection } from "./redoc-page.ts";

type Node = Record<string, any>;
const PATHS_FROM = "@evals-api/fixture-third-operation";
const outputDir = join(packageDir, "test-output");
const siteDir = join(outputDir, "third-operation-site");

let browser: WatchedBrowser;
let page: Page;
let server: { url: string; close(): Promise<void> };
let built: Node;

beforeAll(async () => {
  mkdirSync(outputDir, { recursive: true });
  buildSite({ registry: fixture, outDir: siteDir, pathsFrom: PATHS_FROM, registryFrom: PATHS_FROM });
  built = JSON.parse(readBuilt(join("..", "test-output", "third-operation-site", "openapi.json")));
  server = await serveDirectory(siteDir);
  browser = await launchWatchedBrowser();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(siteDir, { recursive: true, force: true });
});

/** The built document's getEvalRun, and the one code sample of a language. */
function builtOperation(): Node {
  return findOperation(built, fixture.get("getEvalRun"));
}
function sample(lang: string): string {
  const found = builtOperation()["x-codeSamples"].find((s: { lang: string }) => s.lang === lang);
  if (found === undefined) throw new Error(`getEvalRun was built without a ${lang} sample`);
  return found.source;
}

describe("the docs of a spec with a third operation", () => {
  it("generates getEvalRun's TypeScript sample over evals.raw and keeps the hand-written ones", () => {
    expect(sample("TypeScript")).toContain('evals.raw.GET("/v1/evals/runs/{run_id}"');
    expect(sample("TypeScript")).toContain('run_id: "9f8e7d6c-5b4a-4321-8fed-cba987654321"');
    expect(sample("curl")).toContain("/v1/evals/runs/9f8e7d6c-5b4a-4321-8fed-cba987654321");
    const hand = findOperation(built, fixture.get("getEvalAgent"))["x-codeSamples"][0].source;
    expect(hand).toContain("evals.agents.get(");
  });

  it("renders getEvalRun with its TypeScript sample over evals.raw and its curl sample", async () => {
    const operation = builtOperation();
    await openOperation(page, server.url, { tags: operation.tags, summary: operation.summary });
    // Eval runs has two operations now: read and switch getEvalRun's samples, not the first on the page.
    const section = operationSection(page, operation.summary);
    // biome-ignore lint/performance/useDomNodeTextContent: the sample must be rendered, not merely in the DOM.
    const text = await section.innerText();
    expect(text).toContain(fixture.get("getEvalRun").path);
    expect(text).toContain('evals.raw.GET("/v1/evals/runs/{run_id}"');
    for (const line of codeLines(sample("TypeScript"))) expect(text).toContain(line);

    await chooseSampleLanguage(page, "TypeScript", "curl", section);
    // biome-ignore lint/performance/useDomNodeTextContent: the sample must be rendered, not merely in the DOM.
    const curlText = await section.innerText();
    for (const line of codeLines(sample("curl"))) expect(curlText).toContain(line);
    await chooseSampleLanguage(page, "curl", "TypeScript", section);
    await page.screenshot({ path: join(outputDir, "getEvalRun.png") });
  });

  it("shows the notes on what getEvalRun assumes: the operation, its path parameter and its format: uuid", async () => {
    const operation = builtOperation();
    await openOperation(page, server.url, { tags: operation.tags, summary: operation.summary });
    // biome-ignore lint/performance/useDomNodeTextContent: a note must be rendered, not merely in the DOM.
    const text = (await operationSection(page, operation.summary).innerText()).replace(/\s+/g, " ");
    const reason = operation["x-provenance"].reason;
    expect(text).toContain(`${NOTE_LEAD}. ${reason}`);
    const keywordReason = operation.parameters[0].schema["x-keyword-provenance"].format.reason;
    expect(text).toContain(`${NOTE_LEAD}: format: uuid — ${keywordReason}`);
  });

  it("gives getEvalRun a Try it (mock) panel that sends its example to the in-page mock", async () => {
    const operation = builtOperation();
    const registered = fixture.get("getEvalRun");
    await openOperation(page, server.url, { tags: operation.tags, summary: operation.summary });
    const panel = page.getByRole("region", { name: `Try it (mock): ${operation.summary}`, exact: true });
    await panel.waitFor();
    await panel.scrollIntoViewIfNeeded();
    const path = JSON.parse(await panel.getByLabel("Path parameters (JSON)").inputValue());
    await panel.getByRole("button", { name: "Send", exact: true }).click();
    await panel.locator("button.evals-try-it-send:not([disabled])").waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the result must be rendered, not merely in the DOM.
    const result = await panel.getByRole("status").innerText();
    expect(result).toMatch(new RegExp(`^Status ${registered.successStatus}$`, "m"));
    expect(result).toContain(`GET ${registered.route.fill(path)} → ${registered.successStatus}`);
    const body = JSON.parse((await panel.getByLabel("Response body").textContent()) ?? "");
    expect(registered.response(registered.successStatus)?.validate?.(body)).toEqual([]);
    await panel.screenshot({ path: join(outputDir, "try-it-getEvalRun-after.png") });
  });

  it("publishes getEvalRun's Markdown, linked from llms.txt", () => {
    const llms = readBuilt(join("..", "test-output", "third-operation-site", "llms.txt"));
    expect(llms).toContain("(operations/getEvalRun.md)");
    const markdown = readBuilt(join("..", "test-output", "third-operation-site", "operations", "getEvalRun.md"));
    expect(markdown).toContain(`GET ${fixture.get("getEvalRun").path}`);
  });

  it("fetched nothing from outside loopback and logged no errors", () => {
    expect(browser.offLoopback).toEqual([]);
    expect(browser.errors).toEqual([]);
  });
});

describe("building the docs of a spec with a third operation", () => {
  it("fails before rendering when a generated sample does not compile against the client it is checked with", () => {
    // Checked against the shipped client, which has no /v1/evals/runs/{run_id}.
    const outDir = join(outputDir, "third-operation-unchecked");
    expect(() => buildSite({ registry: fixture, outDir })).toThrow(/getEvalRun\.ts\(\d+,\d+\): error TS/);
  });
});
