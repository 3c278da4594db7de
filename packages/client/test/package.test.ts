// What users install: the built ESM and CJS entries, their bundle cost, and the packaging linters.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { agent, agentId, apiKey, createBody, ok, scriptedFetch } from "./support.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name: string) => join(packageDir, "node_modules", ".bin", name);

// The budgets, min+gzip, since issue 14 (README "Bundle size and speed" says where the bytes go):
// what a bundler that splits chunks puts in the entry chunk every user downloads (6,144 B), what a
// client with validation on then loads too (9,000 B, as before), and everything in one file, for a
// bundler that does not split (10,240 B).
const BUDGET = { entry: 6_144, withValidators: 9_000, singleFile: 10_240 };

interface Chunk {
  gzip: number;
  inputs: string[];
}

/** min+gzip bytes of dist/index.js bundled with its dependencies, as a user's bundler would. */
async function bundled(splitting: boolean): Promise<Chunk[]> {
  const result = await build({
    entryPoints: [join(packageDir, "dist/index.js")],
    bundle: true,
    splitting,
    outdir: join(packageDir, "test-output", "bundle"),
    minify: true,
    format: "esm",
    // No Node built-in may be needed: "neutral" resolves none of them, so one would fail the build.
    platform: "neutral",
    mainFields: ["module", "main"],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const outputs = Object.entries(result.metafile.outputs);
  // The entry chunk first, then the chunks loaded with import(), in esbuild's order.
  outputs.sort(([, a], [, b]) => Number(!a.entryPoint) - Number(!b.entryPoint));
  return outputs.map(([path, { inputs }]) => {
    const file = result.outputFiles.find((f) => f.path.endsWith(path.replace(/^.*\//, "")));
    return { gzip: gzipSync(file?.contents ?? new Uint8Array(), { level: 9 }).length, inputs: Object.keys(inputs) };
  });
}

const holds = (chunk: Chunk | undefined, name: string) => chunk?.inputs.some((path) => path.includes(name)) ?? false;

describe("bundle size (esbuild, minified, gzip -9)", () => {
  it("the entry chunk holds neither the validators nor openapi-fetch: each loads on the first call that needs it", async () => {
    const [entry, ...lazy] = await bundled(true);
    console.log(`bundle entry chunk: ${entry?.gzip} B gzip (budget ${BUDGET.entry} B)`);
    expect(holds(entry, "validators")).toBe(false);
    expect(holds(entry, "openapi-fetch")).toBe(false);
    expect(lazy.filter((chunk) => holds(chunk, "request-validators"))).toHaveLength(1);
    expect(lazy.filter((chunk) => holds(chunk, "openapi-fetch"))).toHaveLength(1);
    expect(entry?.gzip).toBeLessThanOrEqual(BUDGET.entry);
  });

  it("with validation on (and no raw call or middleware): the entry and the validators' chunk", async () => {
    const [entry, ...lazy] = await bundled(true);
    const validators = lazy.find((chunk) => holds(chunk, "request-validators"));
    const total = (entry?.gzip ?? 0) + (validators?.gzip ?? 0);
    console.log(`bundle with validators: ${total} B gzip (budget ${BUDGET.withValidators} B)`);
    expect(holds(validators, "openapi-fetch")).toBe(false);
    expect(total).toBeLessThanOrEqual(BUDGET.withValidators);
  });

  it("everything in one file, for a bundler that does not split chunks", async () => {
    const [single, ...more] = await bundled(false);
    console.log(`bundle in one file: ${single?.gzip} B gzip (budget ${BUDGET.singleFile} B)`);
    expect(more).toHaveLength(0);
    expect(holds(single, "validators") && holds(single, "openapi-fetch")).toBe(true);
    expect(single?.gzip).toBeLessThanOrEqual(BUDGET.singleFile);
  });
});

describe("both module formats work", () => {
  it("the CJS build loads with require() and validates through its lazy chunk", async () => {
    const require = createRequire(import.meta.url);
    const cjs = require(join(packageDir, "dist/index.cjs")) as typeof import("@evals-api/client");
    const evals = cjs.createEvalsClient({ apiKey: "k", fetch: () => Promise.reject(new Error("must not be called")) });
    const error = await evals.runs.create({ ...createBody, call_ids: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cjs.EvalsValidationError);
  });

  it("the CJS build makes raw calls and runs middleware through its lazily loaded openapi-fetch", async () => {
    const require = createRequire(import.meta.url);
    const cjs = require(join(packageDir, "dist/index.cjs")) as typeof import("@evals-api/client");
    const { fetch, sent } = scriptedFetch(ok(agent, 200));
    const seen: string[] = [];
    const evals = cjs.createEvalsClient({
      apiKey,
      fetch,
      middleware: [{ onRequest: ({ schemaPath }) => void seen.push(schemaPath) }],
    });
    const { data } = await evals.raw.GET("/v1/evals/agents/{eval_agent_id}", {
      params: { path: { eval_agent_id: agentId } },
    });
    expect(data?.data).toEqual(agent);
    await expect(evals.agents.get(agentId)).resolves.toEqual(agent);
    expect(seen).toEqual(["/v1/evals/agents/{eval_agent_id}", "/v1/evals/agents/{eval_agent_id}"]);
    expect(sent.map((r) => r.headers.get("authorization"))).toEqual([apiKey, apiKey]);
  });
});

describe("packaging linters (offline)", () => {
  it("publint --strict is clean", () => {
    const output = execFileSync(bin("publint"), ["--strict"], { cwd: packageDir, encoding: "utf8" });
    expect(output).toContain("All good!");
  });

  it("@arethetypeswrong/cli finds no problem in the packed tarball", () => {
    // Exits non-zero on any problem; `--pack` packs locally, nothing is fetched.
    const output = execFileSync(bin("attw"), ["--pack", ".", "--format", "ascii"], {
      cwd: packageDir,
      encoding: "utf8",
    });
    expect(output).toContain("No problems found");
  }, 60_000);
});
