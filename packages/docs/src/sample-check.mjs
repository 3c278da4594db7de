// Type-checks generated TypeScript samples as samples/ is checked (`tsc -p samples`: the same
// compiler options, against the built @evals-api/client), so that a generated sample that would
// not compile fails the build instead of reaching the page.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CLIENT_SETUP, rawCall } from "./raw-sample.mjs";

/**
 * @typedef {import("@evals-api/types/registry").Registry} Registry
 */

const require = createRequire(import.meta.url);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
// Under the package's node_modules, so that the files resolve @evals-api/client as samples/ does.
const checkRoot = join(packageDir, "node_modules", ".cache", "evals-docs-samples");

/**
 * What a generated sample is checked as, for an operation of a document. For the shipped spec
 * (`pathsFrom` undefined): exactly the text the page shows. For another document: the same setup
 * and call, on a client typed by that document's `paths` (`createEvalsClient<paths>`), which is
 * what a user of that spec would write.
 * @param {Registry} registry
 * @param {string} operationId
 * @param {string | undefined} pathsFrom a module that exports the document's `paths` type
 */
function checkedSource(registry, operationId, pathsFrom) {
  const call = rawCall(registry, operationId);
  if (pathsFrom === undefined) return `${CLIENT_SETUP}\n\n${call}\n`;
  const typedSetup = CLIENT_SETUP.replace("createEvalsClient({", "createEvalsClient<paths>({");
  if (typedSetup === CLIENT_SETUP) throw new Error("CLIENT_SETUP no longer calls createEvalsClient({ … })");
  return `import type { paths } from ${JSON.stringify(pathsFrom)};\n${typedSetup}\n\n${call}\n`;
}

/**
 * Type-checks the generated samples of `operationIds` and throws with the compiler's report when
 * one does not compile. Does nothing for an empty list.
 * @param {Registry} registry
 * @param {string[]} operationIds
 * @param {{ pathsFrom?: string }} [options] for a document other than the shipped spec: the
 *   module that exports its `paths` type (e.g. `@evals-api/fixture-third-operation`)
 */
export function checkGeneratedSamples(registry, operationIds, { pathsFrom } = {}) {
  if (operationIds.length === 0) return;
  mkdirSync(checkRoot, { recursive: true });
  const dir = mkdtempSync(join(checkRoot, "check-"));
  try {
    const tsconfig = { extends: join(packageDir, "samples", "tsconfig.json"), include: ["*.ts"] };
    writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
    for (const operationId of operationIds) {
      writeFileSync(join(dir, `${operationId}.ts`), checkedSource(registry, operationId, pathsFrom));
    }
    const result = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "--noEmit", "-p", "."], {
      cwd: dir,
      encoding: "utf8",
    });
    if (result.status !== 0) {
      throw new Error(
        `A generated TypeScript sample does not type-check (each file is named after its operation): fix the operation's examples in openapi/, or add a hand-written samples/<operationId>.ts.\n${result.stdout}${result.stderr}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
