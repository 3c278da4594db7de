// The code samples the site shows: one TypeScript file per operation and a curl command generated
// from the spec. The curl commands are run through a real shell with curl stubbed out, so the test
// sees exactly the arguments a user's curl would get.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { operationIndex } from "@evals-api/types";
import { resolveRefIn } from "@evals-api/types/spec-reading";
import { afterEach, describe, expect, it } from "vitest";
import { API_KEY_VARIABLE, curlSample, findOperation, withCodeSamples } from "../src/code-samples.mjs";
import { readBundledSpec, samplesDir, siteDocument } from "../src/site.mjs";

type OperationId = keyof typeof operationIndex;
const spec = readBundledSpec();
const operationIds = Object.keys(operationIndex) as OperationId[];

/** Runs a generated curl command in sh with a `curl` function that prints one argument a line. */
function curlArguments(command: string): string[] {
  const script = `curl() { for arg in "$@"; do printf '%s\\0' "$arg"; done; }\n${command}`;
  const output = execFileSync("sh", ["-c", script], { env: { [API_KEY_VARIABLE]: "test-key" }, encoding: "utf8" });
  return output.split("\0").slice(0, -1);
}

function optionValue(args: string[], option: string): string | undefined {
  const index = args.indexOf(option);
  return index === -1 ? undefined : args[index + 1];
}

function headerValues(args: string[]): string[] {
  return args.flatMap((arg, index) => (args[index - 1] === "--header" ? [arg] : []));
}

const scratchDirs: string[] = [];
function scratchDir() {
  const dir = mkdtempSync(join(tmpdir(), "evals-docs-samples-"));
  scratchDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("x-codeSamples on the site's document", () => {
  const document = siteDocument();

  it.each(operationIds)("%s has the checked-in TypeScript sample and a curl sample", (operationId) => {
    const samples = findOperation(document, operationId)["x-codeSamples"];
    expect(samples.map((sample: { lang: string }) => sample.lang)).toEqual(["TypeScript", "curl"]);
    const typeScript = readFileSync(join(samplesDir, `${operationId}.ts`), "utf8").trim();
    expect(samples[0].source).toBe(typeScript);
    expect(samples[0].source).toContain('from "@evals-api/client"');
    expect(samples[1].source).toBe(curlSample(document, operationId));
  });

  it("leaves the bundled document itself untouched", () => {
    for (const operationId of operationIds) {
      expect(findOperation(spec, operationId)["x-codeSamples"]).toBeUndefined();
    }
  });
});

describe("curl samples", () => {
  it.each(operationIds)("%s: method, server URL, auth header and example body come from the spec", (operationId) => {
    const { method, path, pathParams } = operationIndex[operationId];
    const operation = findOperation(spec, operationId);
    const args = curlArguments(curlSample(spec, operationId));

    expect(optionValue(args, "--request")).toBe(method);
    let url = `${spec.servers[0].url}${path}`;
    for (const name of pathParams) {
      const parameter = (operation.parameters ?? [])
        .map((p: unknown) => resolveRefIn<any>(spec, p))
        .find((p: { name: string }) => p.name === name);
      url = url.replace(`{${name}}`, parameter.example);
    }
    expect(optionValue(args, "--url")).toBe(url);

    const [schemeName] = Object.keys(spec.security[0]);
    const scheme = spec.components.securitySchemes[schemeName as string];
    expect(headerValues(args)).toContain(`${scheme.name}: test-key`);

    const json = operation.requestBody && resolveRefIn<any>(spec, operation.requestBody).content["application/json"];
    if (json) {
      const [firstExample] = Object.values(json.examples);
      expect(JSON.parse(optionValue(args, "--data") ?? "")).toEqual(resolveRefIn<any>(spec, firstExample).value);
      expect(headerValues(args)).toContain("content-type: application/json");
    } else {
      expect(args).not.toContain("--data");
    }
  });

  it("quotes bodies with quotes and shell syntax so the shell passes them through unchanged", () => {
    const document = structuredClone(spec);
    const operation = findOperation(document, "createEvalRun");
    const json = resolveRefIn<any>(document, operation.requestBody).content["application/json"];
    const [firstExample] = Object.values(json.examples);
    const example = resolveRefIn<any>(document, firstExample);
    example.value = { ...example.value, metadata: { note: `it's "$HOME" \`pwd\` \\ $(id) !` } };

    const args = curlArguments(curlSample(document, "createEvalRun"));
    expect(JSON.parse(optionValue(args, "--data") ?? "")).toEqual(example.value);
  });

  it("reads a path parameter declared on the path item, as OpenAPI allows", () => {
    const document = structuredClone(spec);
    const { path, method } = operationIndex.getEvalAgent;
    const pathItem = document.paths[path];
    const operation = pathItem[method.toLowerCase()];
    pathItem.parameters = operation.parameters;
    delete operation.parameters;

    const url = optionValue(curlArguments(curlSample(document, "getEvalAgent")), "--url");
    expect(url).toBe(optionValue(curlArguments(curlSample(spec, "getEvalAgent")), "--url"));
  });

  it("names the parameter when a path parameter has no example to put in the URL", () => {
    const document = structuredClone(spec);
    const operation = findOperation(document, "getEvalAgent");
    for (const parameter of operation.parameters) delete resolveRefIn<any>(document, parameter).example;
    expect(() => curlSample(document, "getEvalAgent")).toThrow(/eval_agent_id of getEvalAgent has no example/);
  });
});

describe("the samples folder", () => {
  it("fails the build, naming the file to add, when an operation has no TypeScript sample", () => {
    const dir = scratchDir();
    copyFileSync(join(samplesDir, "createEvalRun.ts"), join(dir, "createEvalRun.ts"));
    expect(() => withCodeSamples(spec, dir)).toThrow(/No TypeScript sample for getEvalAgent: add .*getEvalAgent\.ts/);
  });

  it("fails the build when a sample names no operation, so a renamed operation leaves no stale sample", () => {
    const dir = scratchDir();
    for (const operationId of operationIds)
      copyFileSync(join(samplesDir, `${operationId}.ts`), join(dir, `${operationId}.ts`));
    writeFileSync(join(dir, "listEvalRuns.ts"), "export {};\n");
    expect(() => withCodeSamples(spec, dir)).toThrow(/Samples for unknown operations: listEvalRuns/);
  });
});
