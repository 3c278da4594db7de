import { defineConfig } from "tsdown";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    validators: "src/validators.ts",
    "request-validators": "src/request-validators.ts",
    spec: "src/spec.ts",
    "spec-reading": "src/spec-reading.ts",
    registry: "src/registry-shipped.ts",
    "request-registry": "src/request-registry.ts",
    "validator-runtime": "src/validator-runtime.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  platform: "neutral",
  target: "es2022",
  sourcemap: false,
  clean: true,
  copy: [
    { from: "generated/openapi.json", to: "dist" },
    { from: "generated/openapi.yaml", to: "dist" },
  ],
});
