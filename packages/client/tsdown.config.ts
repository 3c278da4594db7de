import { defineConfig } from "tsdown";

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    // Runs in Node ≥ 18, browsers, Deno, Bun and Workers: no Node built-ins in the runtime code.
    platform: "neutral",
    target: "es2022",
    sourcemap: false,
    clean: true,
  },
  {
    // `@evals-api/client/file-journal`: Node only (node:fs), an entry of its own so nothing else needs Node.
    entry: { "file-journal": "src/file-journal.ts" },
    format: ["esm", "cjs"],
    dts: true,
    platform: "node",
    target: "es2022",
    sourcemap: false,
    clean: false,
  },
]);
