import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// CLI tests spawn Node processes and the suite runs beside every other package's tests on 2 cores:
// give a test 30 s before calling it hung.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 30_000 } }));
