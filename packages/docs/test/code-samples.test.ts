// The code samples the site shows: a TypeScript sample per operation (the hand-written file, else
// one generated over `evals.raw`) and a curl command generated from the spec. The curl commands are
// run through a real shell with curl stubbed out, so the test sees exactly the arguments a user's
// curl would get.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { operationIndex } from "@evals-api/types";
import { createRegistry, registry } from "@evals-api/types/registry";
import { resolveRefIn } from "@evals-api/types/spec-reading";
import { operationValidators } from "@evals-api/types/validators";
import { afterEach, describe, expect, it } from "vitest";
import { typeScriptSamples, withCodeSamples } from "../src/code-samples.mjs";
import { API_KEY_VARIABLE, curlSample } from "../src/curl-sample.mjs";
import { findOperation } from "../src/operation-examples.mjs";
import { rawSample } from "../src/raw-sample.mjs";
import { samplesDir, siteDocument } from "../src/site.mjs";

type OperationId = keyof typeof operationIndex;
const spec = registry.document as Record<string, any>;
const operationIds = Object.keys(operationIndex) as OperationId[];
const operation = (document: Record<string, any>, operationId: OperationId) =>
  findOperation(document, registry.get(operationId));

/** The registry of an edited copy of the shipped document. */
function registryOf(document: Record<string, any>) {
  return createRegistry({ document, operationIndex, operationValidators });
}

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

  it.each(operationIds)(
    "%s has its TypeScript sample (checked in, else generated) and a curl sample",
    (operationId) => {
      const samples = operation(document, operationId)["x-codeSamples"];
      expect(samples.map((sample: { lang: string }) => sample.lang)).toEqual(["TypeScript", "curl"]);
      const checkedIn = join(samplesDir, `${operationId}.ts`);
      const typeScript = existsSync(checkedIn)
        ? readFileSync(checkedIn, "utf8").trim()
        : rawSample(registry, operationId);
      expect(samples[0].source).toBe(typeScript);
      expect(samples[0].source).toContain('from "@evals-api/client"');
      expect(samples[1].source).toBe(curlSample(registry, operationId));
    },
  );

  it("leaves the bundled document itself untouched", () => {
    for (const operationId of operationIds) {
      expect(operation(spec, operationId)["x-codeSamples"]).toBeUndefined();
    }
  });
});

describe("curl samples", () => {
  it.each(operationIds)("%s: method, server URL, auth header and example body come from the spec", (operationId) => {
    const { method, path, pathParams } = operationIndex[operationId];
    const declared = operation(spec, operationId);
    const args = curlArguments(curlSample(registry, operationId));

    expect(optionValue(args, "--request")).toBe(method);
    let url = `${spec.servers[0].url}${path}`;
    for (const name of pathParams) {
      const parameter = (declared.parameters ?? [])
        .map((p: unknown) => resolveRefIn<any>(spec, p))
        .find((p: { name: string }) => p.name === name);
      url = url.replace(`{${name}}`, parameter.example);
    }
    expect(optionValue(args, "--url")).toBe(url);

    const [schemeName] = Object.keys(spec.security[0]);
    const scheme = spec.components.securitySchemes[schemeName as string];
    expect(headerValues(args)).toContain(`${scheme.name}: test-key`);

    const json = declared.requestBody && resolveRefIn<any>(spec, declared.requestBody).content["application/json"];
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
    const json = resolveRefIn<any>(document, operation(document, "createEvalRun").requestBody).content[
      "application/json"
    ];
    const [firstExample] = Object.values(json.examples);
    const example = resolveRefIn<any>(document, firstExample);
    example.value = { ...example.value, metadata: { note: `it's "$HOME" \`pwd\` \\ $(id) !` } };

    const args = curlArguments(curlSample(registryOf(document), "createEvalRun"));
    expect(JSON.parse(optionValue(args, "--data") ?? "")).toEqual(example.value);
  });

  it("reads a path parameter declared on the path item, as OpenAPI allows", () => {
    const document = structuredClone(spec);
    const { path, method } = operationIndex.getEvalAgent;
    const pathItem = document.paths[path];
    const declared = pathItem[method.toLowerCase()];
    pathItem.parameters = declared.parameters;
    delete declared.parameters;

    const moved = registryOf(document);
    const url = optionValue(curlArguments(curlSample(moved, "getEvalAgent")), "--url");
    expect(url).toBe(optionValue(curlArguments(curlSample(registry, "getEvalAgent")), "--url"));
    expect(url).toContain("a1b2c3d4-e5f6-7890-abcd-ef1234567890");
  });

  it("names the parameter when a path parameter has no example to put in the URL", () => {
    const document = structuredClone(spec);
    for (const parameter of operation(document, "getEvalAgent").parameters)
      delete resolveRefIn<any>(document, parameter).example;
    expect(() => curlSample(registryOf(document), "getEvalAgent")).toThrow(
      /eval_agent_id of getEvalAgent has no example/,
    );
  });
});

describe("the samples folder", () => {
  it("generates the sample of an operation without a hand-written one, and keeps the hand-written one", () => {
    const dir = scratchDir();
    copyFileSync(join(samplesDir, "createEvalRun.ts"), join(dir, "createEvalRun.ts"));
    const samples = typeScriptSamples(registry, dir);
    expect(samples.map(({ operationId, generated }) => [operationId, generated])).toEqual(
      operationIds.map((operationId) => [operationId, operationId !== "createEvalRun"]),
    );
    expect(samples[0]?.source).toBe(readFileSync(join(samplesDir, "createEvalRun.ts"), "utf8").trim());
    const shown = operation(withCodeSamples(registry, samples), "getEvalAgent")["x-codeSamples"][0].source;
    expect(shown).toContain('evals.raw.GET("/v1/evals/agents/{eval_agent_id}"');
  });

  it("fails the build when a sample names no operation, so a renamed operation leaves no stale sample", () => {
    const dir = scratchDir();
    for (const operationId of operationIds.filter((id) => existsSync(join(samplesDir, `${id}.ts`))))
      copyFileSync(join(samplesDir, `${operationId}.ts`), join(dir, `${operationId}.ts`));
    writeFileSync(join(dir, "listEvalRuns.ts"), "export {};\n");
    expect(() => typeScriptSamples(registry, dir)).toThrow(/Samples for unknown operations: listEvalRuns/);
  });
});
