// The tests read the site that `pnpm build` produced; say how to make it when it is missing.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageDir } from "../src/site.mjs";

export const distDir = join(packageDir, "dist");

export function readBuilt(file: string): string {
  const path = join(distDir, file);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`pnpm --filter @evals-api/docs... build\` before the docs tests.`);
  }
  return readFileSync(path, "utf8");
}
