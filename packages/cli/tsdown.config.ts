import { defineConfig } from "tsdown";

// A bin only: ESM, the shebang in src/cli.ts kept at the top of dist/cli.js. The workspace packages
// stay imports (dependencies), so the CLI runs the very client and mock a user could install.
export default defineConfig({
  entry: { cli: "src/cli.ts" },
  format: ["esm"],
  dts: false,
  platform: "node",
  fixedExtension: false,
  target: "node20",
  sourcemap: false,
  clean: true,
});
