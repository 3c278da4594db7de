import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../vitest.shared.ts";

// These tests spawn Redocly, pnpm, npm and tsc: give them room on a busy 2-core CI machine.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 30_000, hookTimeout: 120_000 } }));
