import { mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// A real browser renders the whole site: give it more than the default 5 s per test.
export default mergeConfig(shared, { test: { testTimeout: 60_000, hookTimeout: 60_000 } });
