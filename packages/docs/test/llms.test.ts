// llms.txt, llms-full.txt and the per-operation Markdown in the build: every link resolves, and
// every field of every request schema (parameters and body, at any depth) is in its operation's
// Markdown. The fields are found by walking the spec's schemas here, through
// @evals-api/types/spec-reading, not by asking the generator.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { registry as fixture } from "@evals-api/fixture-third-operation";
import { registry } from "@evals-api/types/registry";
import { declaredParameters, jsonMediaTypeOf, resolveRefIn } from "@evals-api/types/spec-reading";
import { describe, expect, it } from "vitest";
import { llmsFiles, operationMarkdownPath } from "../src/llms.mjs";
import { findOperation } from "../src/operation-examples.mjs";
import { NOTE_LEAD } from "../src/provenance-notes.mjs";
import { siteDocument } from "../src/site.mjs";
import { distDir, readBuilt } from "./built-site.ts";

type Node = Record<string, any>;
const built: Node = JSON.parse(readBuilt("openapi.json"));

/** Every property path of a schema: `call_ids`, `attached_agents[].weight`, `metadata.*`. */
function fieldPaths(document: Node, node: unknown, prefix = ""): string[] {
  const schema = resolveRefIn<Node>(document, node) ?? {};
  const paths: string[] = [];
  for (const part of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    paths.push(...fieldPaths(document, part, prefix));
  }
  for (const [name, child] of Object.entries<unknown>(schema.properties ?? {})) {
    paths.push(`${prefix}${name}`, ...nested(document, child, `${prefix}${name}`));
  }
  const extra = resolveRefIn<Node>(document, schema.additionalProperties);
  if (extra && typeof extra === "object") paths.push(`${prefix}*`);
  return paths;
}

function nested(document: Node, node: unknown, path: string): string[] {
  const schema = resolveRefIn<Node>(document, node) ?? {};
  if (schema.items) return fieldPaths(document, schema.items, `${path}[].`);
  return fieldPaths(document, schema, `${path}.`);
}

function requestFields(document: Node, operation: ReturnType<typeof registry.get>): string[] {
  const pathItem = resolveRefIn<Node>(document, document.paths[operation.path]);
  const object = findOperation(document, operation);
  const parameters = declaredParameters(document, pathItem, object).map((p: Node) => p.name as string);
  const content = resolveRefIn<Node>(document, object.requestBody)?.content;
  const mediaType = jsonMediaTypeOf(content);
  const body = mediaType === undefined ? [] : fieldPaths(document, content[mediaType].schema);
  return [...parameters, ...new Set(body)];
}

describe("the Markdown of every operation", () => {
  it.each(registry.list.map((o) => o.operationId))("names every request field of %s", (operationId) => {
    const operation = registry.get(operationId);
    const markdown = readBuilt(operationMarkdownPath(operationId));
    const fields = requestFields(built, operation);
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) expect(markdown, field).toContain(`\`${field}\``);
  });

  it.each(registry.list.map((o) => o.operationId))(
    "has the method, path, every documented status and both samples of %s",
    (operationId) => {
      const operation = registry.get(operationId);
      const markdown = readBuilt(operationMarkdownPath(operationId));
      expect(markdown).toContain(`${operation.method} ${operation.path}`);
      for (const status of Object.keys(operation.responses)) expect(markdown).toContain(`### ${status}`);
      for (const sample of findOperation(built, operation)["x-codeSamples"]) {
        for (const line of sample.source.split("\n")) expect(markdown).toContain(line);
      }
    },
  );

  it("says 'Not in the vendor reference' with the spec's reason wherever the spec assumes", () => {
    const markdown = readBuilt(operationMarkdownPath("createEvalRun"));
    const operation = registry.get("createEvalRun");
    const assumed = Object.entries(operation.responseProvenance).filter(([, p]) => p.source === "assumed");
    expect(assumed.length).toBeGreaterThan(0);
    for (const [, provenance] of assumed) {
      expect(markdown).toContain(`**${NOTE_LEAD}.** ${provenance.reason}`);
    }
    for (const parameter of operation.parameters.filter((p) => p.provenance.source === "assumed")) {
      expect(markdown).toContain(`**${NOTE_LEAD}.** ${parameter.provenance.reason}`);
    }
    // GET's id is the vendor's, but its format: uuid is ours.
    expect(readBuilt(operationMarkdownPath("getEvalAgent"))).toContain(`**${NOTE_LEAD}:** \`format: uuid\``);
  });

  it("shows a bound and an enum as the spec states them", () => {
    const markdown = readBuilt(operationMarkdownPath("createEvalRun"));
    const schema = resolveRefIn<Node>(built, built.components.schemas.CreateEvalRunRequest);
    const callIds = schema.properties.call_ids;
    expect(markdown).toContain(`min items \`${callIds.minItems}\`; max items \`${callIds.maxItems}\``);
    const runMode = resolveRefIn<Node>(built, schema.properties.run_mode);
    expect(markdown).toContain(`one of ${runMode.enum.map((v: string) => `\`${v}\``).join(", ")}`);
  });
});

describe("llms.txt", () => {
  const llms = readBuilt("llms.txt");
  const links = [...llms.matchAll(/\]\(([^)]+)\)/g)].map((match) => match[1] as string);

  it("follows the convention: a title, a summary in a blockquote, sections of links", () => {
    expect(llms.startsWith(`# ${built.info.title}\n\n> ${built.info.summary}\n`)).toBe(true);
    expect(llms).toMatch(/^## Operations$/m);
    for (const operation of registry.list) expect(links).toContain(operationMarkdownPath(operation.operationId));
  });

  it("links only to files in the build", () => {
    expect(links.length).toBeGreaterThan(registry.list.length);
    for (const link of links) expect(existsSync(join(distDir, link)), link).toBe(true);
  });

  it("has a full version with the introduction and every operation", () => {
    const full = readBuilt("llms-full.txt");
    expect(full).toContain(built.info.description.trim().split("\n")[0]);
    for (const operation of registry.list) expect(full).toContain(`${operation.method} ${operation.path}`);
  });
});

describe("the llms files of a spec with a third operation", () => {
  it("gets getEvalRun its Markdown and its link with no code", () => {
    const document = siteDocument({ registry: fixture });
    const files = llmsFiles(fixture, document);
    expect(files.get("llms.txt")).toContain(`(${operationMarkdownPath("getEvalRun")})`);
    const markdown = files.get(operationMarkdownPath("getEvalRun")) ?? "";
    for (const field of requestFields(document, fixture.get("getEvalRun"))) expect(markdown).toContain(`\`${field}\``);
    expect(markdown).toContain('evals.raw.GET("/v1/evals/runs/{run_id}"');
  });
});
