// The "Try it (mock)" panels in Debian's Chromium: for every operation of the registry, its panel
// sends the pre-filled example to the in-page mock and shows a schema-valid 2xx; a broken bound is
// refused before anything is sent; the mock's 429 and 503 switches show the client's retry, then
// the answer; billing off shows the 402. The page keeps its CSP, requests nothing off loopback,
// and its dark mode and search work offline. What to expect is read from the registry and the
// spec's generated validators, not restated.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { registry } from "@evals-api/types/registry";
import { inlineSchema } from "@evals-api/types/spec-reading";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../src/offline.mjs";
import { findOperation, sampleRequestBody } from "../src/operation-examples.mjs";
import { packageDir } from "../src/site.mjs";
import { serveDirectory } from "../src/static-server.mjs";
import { launchWatchedBrowser, type WatchedBrowser } from "./browser.ts";
import { distDir, readBuilt } from "./built-site.ts";
import * as redocPage from "./redoc-page.ts";

type Node = Record<string, any>;
type Operation = ReturnType<typeof registry.get>;
const outputDir = join(packageDir, "test-output");
const spec: Node = JSON.parse(readBuilt("openapi.json"));
const operationIds = registry.list.map((operation) => operation.operationId);

/** The policy the page had before the panels: they must run under it, not under a looser one. */
const POLICY_BEFORE_PANELS =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'";

/**
 * The CSP violations reported from the panels' script (the page's last, inlined: from its first
 * line on). Redoc's own search probes `Function()` for a worker, which the CSP refuses, and then
 * searches without one: that violation predates the panels and is not theirs.
 */
async function panelViolations(): Promise<unknown[]> {
  const html = readBuilt("index.html");
  const firstLine = html.slice(0, html.indexOf('<script type="module" id="evals-try-it">')).split("\n").length;
  const all = await page.evaluate(() => (window as unknown as { cspViolations: { line: number }[] }).cspViolations);
  return all.filter((violation) => violation.line >= firstLine);
}

let browser: WatchedBrowser;
let page: Page;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  mkdirSync(outputDir, { recursive: true });
  server = await serveDirectory(distDir);
  browser = await launchWatchedBrowser();
  // Every CSP violation the page reports, so a panel that needed a looser policy fails here.
  await browser.context.addInitScript(() => {
    const violations: { directive: string; line: number }[] = [];
    Object.assign(window, { cspViolations: violations });
    document.addEventListener("securitypolicyviolation", (event) =>
      violations.push({ directive: event.violatedDirective, line: event.lineNumber }),
    );
  });
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens an operation from the sidebar and returns its panel, scrolled into view. */
async function openPanel(operation: Operation): Promise<Locator> {
  const declared = findOperation(spec, operation);
  await redocPage.openOperation(page, server.url, { tags: declared.tags, summary: declared.summary });
  const panel = page.getByRole("region", { name: `Try it (mock): ${declared.summary}`, exact: true });
  await panel.waitFor();
  await panel.scrollIntoViewIfNeeded();
  return panel;
}

/** How many requests the in-page mock says it has answered. */
async function mockRequests(panel: Locator): Promise<number> {
  const text = await panel.getByText(/^Requests the in-page mock has answered: \d+$/).textContent();
  return Number(text?.match(/\d+$/)?.[0]);
}

/** Clicks Send and waits for the result (the button is disabled while the call is in flight). */
async function send(panel: Locator) {
  await panel.getByRole("button", { name: "Send", exact: true }).click();
  await panel.locator("button.evals-try-it-send:not([disabled])").waitFor();
  const result = panel.getByRole("status");
  // biome-ignore lint/performance/useDomNodeTextContent: the result must be rendered, not merely in the DOM.
  const text = await result.innerText();
  const status = text.match(/^Status (\d+)$/m)?.[1];
  return {
    text,
    status: status === undefined ? undefined : Number(status),
    attempts: await result.locator(".evals-try-it-attempts li").allInnerTexts(),
    body: async () => JSON.parse((await result.getByLabel("Response body").textContent()) ?? ""),
  };
}

/** Expects the answer's body to be valid against the spec's schema for its status. */
function expectSchemaValid(operation: Operation, status: number, body: unknown) {
  const documented = operation.response(status);
  expect(documented, `${operation.operationId} documents ${status}`).toBeDefined();
  expect(documented?.validate?.(body)).toEqual([]);
}

/**
 * The request example with its first numeric field that has a `maximum` set above it, and the
 * path of that field; found by walking the example beside its (inlined) schema.
 */
function aBrokenBound(schema: Node, value: unknown, path = ""): { value: unknown; path: string } | undefined {
  const parts: Node[] = [schema, ...(schema.allOf ?? [])];
  if (typeof value === "number") {
    const maximum = parts.map((part) => part.maximum).find((m) => typeof m === "number");
    return maximum === undefined ? undefined : { value: maximum + 1, path };
  }
  if (Array.isArray(value)) {
    const items = parts.map((part) => part.items).find(Boolean);
    for (const [index, item] of value.entries()) {
      const broken = items && aBrokenBound(items, item, `${path}/${index}`);
      if (broken) return { value: value.map((v, i) => (i === index ? broken.value : v)), path: broken.path };
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const property = parts.map((part) => part.properties?.[key]).find(Boolean);
      const broken = property && aBrokenBound(property, child, `${path}/${key}`);
      if (broken) return { value: { ...value, [key]: broken.value }, path: broken.path };
    }
  }
  return undefined;
}

describe("the Try it (mock) panel of every operation", () => {
  it.each(operationIds)("sends %s's pre-filled example and shows a schema-valid 2xx", async (operationId) => {
    const operation = registry.get(operationId);
    const panel = await openPanel(operation);
    const before = await mockRequests(panel);
    await panel.screenshot({ path: join(outputDir, `try-it-${operationId}-before.png`) });
    const result = await send(panel);
    await panel.screenshot({ path: join(outputDir, `try-it-${operationId}-after.png`) });

    expect(result.status).toBe(operation.successStatus);
    expectSchemaValid(operation, operation.successStatus, await result.body());
    expect(result.text).toContain(`The body matches the spec's schema for ${operation.successStatus}.`);
    expect(result.attempts).toEqual([
      `${operation.method} ${operation.route.fill(pathExample(operation))} → ${operation.successStatus}`,
    ]);
    expect(await mockRequests(panel)).toBe(before + 1);
    await expect(panel.getByRole("table", { name: "Response headers" }).textContent()).resolves.toContain(
      "content-type",
    );
  });

  const withBody = registry.list.filter((operation) => sampleRequestBody(registry, operation) !== undefined);
  it("has operations with a body to break", () => expect(withBody.length).toBeGreaterThan(0));

  it.each(withBody.map((o) => o.operationId))(
    "refuses %s's body with a broken bound before sending: the validation error names the path",
    async (operationId) => {
      const operation = registry.get(operationId);
      const example = sampleRequestBody(registry, operation)?.value;
      const declared = findOperation(spec, operation);
      const schema = inlineSchema(spec, declared.requestBody.content["application/json"].schema);
      const broken = aBrokenBound(schema, example);
      if (broken === undefined) throw new Error(`${operationId}'s example has no field with a maximum to break`);
      const expected = (operation.validators.requestBody?.(broken.value) ?? []).filter((i) => i.source === "vendor");
      expect(expected.map((issue) => issue.path)).toContain(broken.path);

      const panel = await openPanel(operation);
      const before = await mockRequests(panel);
      await panel.getByLabel("Body (JSON)").fill(JSON.stringify(broken.value, null, 2));
      const result = await send(panel);

      expect(result.text).toContain("Not sent: EvalsValidationError");
      for (const issue of expected) expect(result.text).toContain(`${issue.path} ${issue.message}`);
      expect(await mockRequests(panel)).toBe(before);
      await panel.screenshot({ path: join(outputDir, `try-it-${operationId}-refused.png`) });
    },
  );

  for (const [fault, status] of [
    ["429", 429],
    ["503", 503],
  ] as const) {
    it.each(operationIds)(
      `answers %s's next request ${fault} once, and the client's retry gets the answer`,
      async (operationId) => {
        const operation = registry.get(operationId);
        const panel = await openPanel(operation);
        const toggle = panel.getByRole("checkbox", { name: new RegExp(`^Next request: ${fault} .*Retry-After: 1`) });
        await toggle.check();
        const result = await send(panel);

        const path = operation.route.fill(pathExample(operation));
        expect(result.attempts).toEqual([
          `${operation.method} ${path} → ${status} (the ${fault} switch)`,
          `${operation.method} ${path} → ${operation.successStatus}`,
        ]);
        expect(result.status).toBe(operation.successStatus);
        expectSchemaValid(operation, operation.successStatus, await result.body());
        await expect(toggle.isChecked()).resolves.toBe(false);
      },
    );
  }

  const billed = registry.list.filter((operation) => operation.billed);
  it("has a billed operation", () => expect(billed.length).toBeGreaterThan(0));

  it.each(billed.map((o) => o.operationId))(
    "answers %s 402 while billing is off, and 2xx once it is back on",
    async (operationId) => {
      const operation = registry.get(operationId);
      const panel = await openPanel(operation);
      const billing = panel.getByRole("checkbox", { name: /^Billing off/ });
      await billing.check();
      const off = await send(panel);
      expect(off.status).toBe(402);
      expectSchemaValid(operation, 402, await off.body());
      const again = await send(panel);
      expect(again.status).toBe(402);
      await panel.screenshot({ path: join(outputDir, `try-it-${operationId}-402.png`) });

      await billing.uncheck();
      const on = await send(panel);
      expect(on.status).toBe(operation.successStatus);
    },
  );
});

/** The path parameters the panel is pre-filled with: each parameter's example. */
function pathExample(operation: Operation): Record<string, string> {
  return Object.fromEntries(
    operation.parameters.filter((p) => p.in === "path").map((p) => [p.name, String(p.example)]),
  );
}

describe("the page around the panels", () => {
  it("keeps the Content-Security-Policy it had, and broke none of it", async () => {
    expect(CONTENT_SECURITY_POLICY).toBe(POLICY_BEFORE_PANELS);
    await page.goto(server.url, { waitUntil: "networkidle" });
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    expect(meta).toBe(POLICY_BEFORE_PANELS);
    await expect(panelViolations()).resolves.toEqual([]);
  });

  it("switches to dark mode offline, and the panel follows it", async () => {
    const operation = registry.list[0] as Operation;
    const panel = await openPanel(operation);
    const background = () => panel.evaluate((el) => getComputedStyle(el).backgroundColor);
    const light = await background();
    const mode = await page.evaluate(() => (document.documentElement.classList.contains("dark") ? "dark" : "light"));
    await page.getByRole("button", { name: mode, exact: true }).click();
    const other = mode === "dark" ? "light" : "dark";
    await expect(page.evaluate((m) => document.documentElement.classList.contains(m), other)).resolves.toBe(true);
    expect(await background()).not.toBe(light);
    await page.screenshot({ path: join(outputDir, `try-it-${other}.png`) });
    await page.getByRole("button", { name: other, exact: true }).click();
  });

  it("finds an operation with the search box, offline", async () => {
    const operation = registry.list.at(-1) as Operation;
    const summary: string = findOperation(spec, operation).summary;
    await page.goto(server.url, { waitUntil: "networkidle" });
    await page.locator('[data-testid="search-trigger"]').click();
    await page.getByPlaceholder("Search docs...").fill(summary);
    await page.getByTestId("search-dialog").getByText(summary, { exact: true }).first().click();
    await redocPage.heading(page, summary).waitFor();
    await expect(page.getByRole("region", { name: `Try it (mock): ${summary}` }).count()).resolves.toBe(1);
  });

  it("requested nothing off loopback, and logged no errors", async () => {
    expect(browser.offLoopback).toEqual([]);
    expect(browser.errors).toEqual([]);
    await expect(panelViolations()).resolves.toEqual([]);
  });
});
