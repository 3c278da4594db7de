// Issue 12, item 2 (the contract kit's part): timeoutMs / --timeout-ms and deadlineMs /
// --deadline-ms above Node's timer limit mean "no limit", 0 means "no limit", and nonsense is
// refused before any request is sent.
import type { ListeningMock } from "@evals-api/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContractOptions, runContractSuite } from "../src/index.js";
import { API_KEY, keyedMock, runCli } from "./helpers.js";

// Node clamps a timer above 2^31-1 ms to 1 ms: before the fix, 3,000,000,000 aborted most requests.
const HUGE = 3_000_000_000;

describe("timeoutMs and deadlineMs", () => {
  // Over HTTP with the global fetch, which honours the abort signal (an in-process mock may not).
  let server: ListeningMock;
  beforeAll(async () => {
    server = await keyedMock({ faults: { latencyMs: 20 } }).listen(0);
  });
  afterAll(() => server.close());
  const run = (options: Partial<ContractOptions>) =>
    runContractSuite({ baseUrl: server.url, apiKey: API_KEY, ...options });

  it.each([
    ["above 2^31-1", HUGE],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["0", 0],
  ])("%s means no timeout: every check against a healthy server passes", async (_name, timeoutMs) => {
    const report = await run({ timeoutMs });
    expect(report.checks.filter((c) => c.outcome === "fail")).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it.each([
    ["above 2^31-1", HUGE],
    ["0", 0],
  ])("deadlineMs %s means no deadline", async (_name, deadlineMs) => {
    const report = await run({ deadlineMs });
    expect(report).toMatchObject({ ok: true, complete: true });
  });

  it.each([
    ["negative", -1],
    ["NaN", Number.NaN],
    ["string", "1000"],
    ["-Infinity", Number.NEGATIVE_INFINITY],
  ])("a %s timeoutMs or deadlineMs is refused with a RangeError naming the option", async (_name, value) => {
    for (const option of ["timeoutMs", "deadlineMs"] as const) {
      const refused = await run({ [option]: value as number }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RangeError);
      expect((refused as RangeError).message).toMatch(new RegExp(`^${option} must be`));
    }
  });
});

describe("evals-contract --timeout-ms and --deadline-ms (spawned CLI)", () => {
  let server: ListeningMock;
  beforeAll(async () => {
    server = await keyedMock().listen(0);
  });
  afterAll(() => server.close());
  const cli = (...args: string[]) => runCli(["--base-url", server.url, "--api-key", API_KEY, ...args]);

  it("--timeout-ms above 2^31-1 is no timeout: exit 0 against a healthy mock", async () => {
    const { code, stdout, stderr } = await cli("--timeout-ms", String(HUGE), "--json");
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, failed: 0 });
    expect(stderr).toBe(""); // no TimeoutOverflowWarning
    expect(code).toBe(0);
  });

  it("--timeout-ms 0 and --deadline-ms 0 are no limit", async () => {
    const { code, stdout, stderr } = await cli("--timeout-ms", "0", "--deadline-ms", "0", "--json");
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, failed: 0, complete: true });
    expect(stderr).toBe(""); // every request shares the deadline's signal: no MaxListenersExceededWarning
    expect(code).toBe(0);
  });

  it.each(["-5", "abc", "", " ", "NaN", "12ms", "-Infinity"])(
    "%j as --timeout-ms or --deadline-ms is a usage error (exit 2) naming the flag",
    async (value) => {
      for (const flag of ["--timeout-ms", "--deadline-ms"]) {
        const { code, stdout, stderr } = await cli(`${flag}=${value}`);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toMatch(new RegExp(`^evals-contract: ${flag} must be`));
      }
    },
  );
});
