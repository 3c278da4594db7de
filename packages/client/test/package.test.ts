// What users install: the built ESM and CJS entries, their bundle cost, and the packaging linters.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { createBody } from "./support.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name: string) => join(packageDir, "node_modules", ".bin", name);

// The budgets, min+gzip with openapi-fetch included, since issue 14: 6,528 B without the validators
// and 9,472 B with them (README "Bundle size and speed" says where the bytes go, and why they grew).
const BUDGET = { withoutValidators: 6_528, withValidators: 9_472 };

/** min+gzip bytes of dist/index.js bundled with its dependencies, as a user's bundler would. */
async function bundledSize(external: string[]): Promise<{ gzip: number; inputs: string[] }> {
  const result = await build({
    entryPoints: [join(packageDir, "dist/index.js")],
    bundle: true,
    minify: true,
    format: "esm",
    // No Node built-in may be needed: "neutral" resolves none of them, so one would fail the build.
    platform: "neutral",
    mainFields: ["module", "main"],
    external,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { gzip: gzipSync(code, { level: 9 }).length, inputs: Object.keys(result.metafile.inputs) };
}

describe("bundle size (esbuild, minified, gzip -9)", () => {
  it("without the validators (validateRequests: false never loads them)", async () => {
    const { gzip, inputs } = await bundledSize(["@evals-api/types/request-validators"]);
    const ours = await bundledSize(["@evals-api/types/request-validators", "openapi-fetch"]);
    console.log(
      `bundle without validators: ${gzip} B gzip (our code alone: ${ours.gzip} B; budget ${BUDGET.withoutValidators} B)`,
    );
    expect(inputs.some((path) => path.includes("openapi-fetch"))).toBe(true);
    expect(inputs.some((path) => path.includes("validators"))).toBe(false);
    expect(gzip).toBeLessThanOrEqual(BUDGET.withoutValidators);
  });

  it("with the validators, which load lazily on the first validated call", async () => {
    const { gzip, inputs } = await bundledSize([]);
    console.log(`bundle with validators: ${gzip} B gzip (budget ${BUDGET.withValidators} B)`);
    expect(inputs.some((path) => path.includes("validators"))).toBe(true);
    expect(gzip).toBeLessThanOrEqual(BUDGET.withValidators);
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
