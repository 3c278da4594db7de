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
    // The CLI ships as CommonJS only (dist/cli.cjs; the shebang in src/cli.ts is kept at its top):
    // Node 20 starts an ESM entry through its ES module loader, which costs about 10 ms more before
    // the first answer than loading a CommonJS one. What the first answers do not need (the Hono
    // app, @hono/node-server) is split into chunks that load on first use.
    entry: { cli: "src/cli.ts" },
    format: ["cjs"],
    // One file starts faster than resolving and compiling dozens of modules (spawn to first answer).
    deps: { alwaysBundle: [/^hono(\/|$)/, /^@hono\//, /^@evals-api\//] },
    dts: false,
    platform: "node",
    fixedExtension: false,
    target: "node20",
    // Without white space and comments a third less to read and parse at startup; names are kept,
    // so a stack trace still reads.
    minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
    sourcemap: false,
    clean: false,
  },
]);
