import { defineConfig } from "tsdown";

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    platform: "node",
    fixedExtension: false,
    target: "node20",
    sourcemap: false,
    clean: true,
  },
  {
    // The CLI ships as ESM only; the shebang in src/cli.ts is kept at the top of dist/cli.js.
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    dts: false,
    platform: "node",
    fixedExtension: false,
    target: "node20",
    sourcemap: false,
    clean: false,
  },
]);
