import { defineConfig, type UserConfig } from "tsdown";

const both: UserConfig = { format: ["esm", "cjs"], dts: true, target: "es2022", sourcemap: false };

export default defineConfig([
  // Runs in Node ≥ 18, browsers, Deno, Bun and Workers: no Node built-ins in the runtime code.
  { ...both, entry: { index: "src/index.ts" }, platform: "neutral", clean: true },
  // `@evals-api/client/file-journal`: Node only (node:fs), an entry of its own so nothing else needs Node.
  { ...both, entry: { "file-journal": "src/file-journal.ts" }, platform: "node", clean: false },
]);
