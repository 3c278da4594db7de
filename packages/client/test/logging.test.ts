// What the client logs at each level, through the public options, on a fake clock: each level shows
// what it promises and nothing of the levels above it; EVALS_LOG sets the level; every line redacted.
import { createEvalsClient, type Logger, type LogLevel } from "@evals-api/client";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  agent,
  agentId,
  apiKey,
  createBody,
  failing,
  networkError,
  ok,
  scriptedFetch,
  settle,
  useFakeClock,
} from "./support.js";

type Line = [level: keyof Logger, message: string];

function recording(): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: keyof Logger) => (message: string) => void lines.push([level, message]);
  return { logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") }, lines };
}

beforeAll(async () => {
  // The first validated call loads the validators, the first line the chunk that builds lines (real
  // I/O, not on the fake clock): both up front.
  const { logger } = recording();
  await createEvalsClient({ apiKey, fetch: scriptedFetch(ok(agent, 200)).fetch, logger, logLevel: "debug" }).agents.get(
    agentId,
  );
});
useFakeClock();
afterEach(() => vi.unstubAllEnvs());

// One scenario that has a line of every level: a GET answered 503 (Retry-After: 1), then 503s until
// the budget is used, and a create answered 500 (not retried: it may have been processed).
async function scenario(logLevel: LogLevel | undefined) {
  const { logger, lines } = recording();
  const { fetch } = scriptedFetch(failing(503, { "retry-after": "1", "x-request-id": "req_1" }), failing(503));
  const evals = createEvalsClient({ apiKey, fetch, logger, maxRetries: 1, ...(logLevel && { logLevel }) });
  await settle(evals.agents.get(agentId));
  const create = createEvalsClient({ apiKey, fetch: scriptedFetch(failing(500)).fetch, logger, logLevel });
  await settle(create.runs.create(createBody, { idempotencyKey: "key-42" }));
  return lines;
}

const path = `/v1/evals/agents/${agentId}`;
const DEBUG: Line[] = [
  ["debug", `evals: GET ${path} 503 0ms id req_1`],
  ["debug", `evals: GET ${path} 503 0ms`],
  ["debug", "evals: POST /v1/evals/runs 500 0ms"],
];
const INFO: Line[] = [["info", `evals: GET ${path} 503 retry 1/1 in 1000ms (Retry-After)`]];
const WARN: Line[] = [
  ["warn", `evals: GET ${path} 503 not retried: maxRetries 1 used`],
  ["warn", "evals: POST /v1/evals/runs 500 not retried: may have been processed; resume with Idempotency-Key key-42"],
];
const ERROR: Line[] = [
  ["error", `evals: GET ${path} 503 failed`],
  ["error", "evals: POST /v1/evals/runs 500 failed"],
];
const sorted = (lines: Line[]) => [...lines].sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y));

describe("each level logs what it promises, and nothing above it", () => {
  it.each([
    ["debug", [...DEBUG, ...INFO, ...WARN, ...ERROR]],
    ["info", [...INFO, ...WARN, ...ERROR]],
    ["warn", [...WARN, ...ERROR]],
    ["error", ERROR],
    ["off", []],
  ] as const)("%s", async (level, expected) => {
    expect(sorted(await scenario(level))).toEqual(sorted([...expected]));
  });

  it('the default is "warn"', async () => {
    expect(sorted(await scenario(undefined))).toEqual(sorted([...WARN, ...ERROR]));
  });

  it("lines come in the order things happened", async () => {
    const lines = (await scenario("debug")).map(([, message]) => message.replace(/^evals: \S+ \S+ \d+ /, ""));
    expect(lines.slice(0, 5)).toEqual([
      "0ms id req_1",
      "retry 1/1 in 1000ms (Retry-After)",
      "0ms",
      "not retried: maxRetries 1 used",
      "failed",
    ]);
  });

  it("info says when the delay is backoff, and no answer is named by its error", async () => {
    const { logger, lines } = recording();
    const { fetch } = scriptedFetch(networkError("ECONNRESET"), ok(agent, 200));
    await settle(createEvalsClient({ apiKey, fetch, logger, logLevel: "info" }).agents.get(agentId));
    // Math.random() is 0.5 here: half of the first backoff's 500 ms.
    expect(lines).toEqual([["info", `evals: GET ${path} EvalsConnectionError retry 1/2 in 250ms (backoff)`]]);
  });

  it("a success logs nothing at warn, and a caller's abort nothing at all", async () => {
    const { logger, lines } = recording();
    const evals = createEvalsClient({ apiKey, fetch: scriptedFetch(ok(agent, 200)).fetch, logger });
    await settle(evals.agents.get(agentId));
    const hung = createEvalsClient({ apiKey, fetch: () => new Promise(() => {}), logger, logLevel: "info" });
    const controller = new AbortController();
    const call = settle(hung.agents.get(agentId, { signal: controller.signal }));
    controller.abort();
    await call;
    expect(lines).toEqual([]);
  });

  it("maxRetries 0 warns of no budget used (none was asked for), but a failure is still an error", async () => {
    const { logger, lines } = recording();
    const evals = createEvalsClient({ apiKey, fetch: scriptedFetch(failing(502)).fetch, logger, maxRetries: 0 });
    await settle(evals.agents.get(agentId));
    expect(lines).toEqual([["error", `evals: GET ${path} 502 failed`]]);
  });

  it("a 4xx is the caller's to handle: no line above debug", async () => {
    const { logger, lines } = recording();
    const evals = createEvalsClient({ apiKey, fetch: scriptedFetch(failing(404)).fetch, logger, logLevel: "info" });
    await settle(evals.agents.get(agentId));
    expect(lines).toEqual([]);
  });

  it("a logger that throws never changes the call's outcome", async () => {
    const logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    logger.error = () => {
      throw new Error("disk full");
    };
    const evals = createEvalsClient({ apiKey, fetch: scriptedFetch(failing(502)).fetch, logger, maxRetries: 0 });
    const { error } = await settle(evals.agents.get(agentId));
    expect((error as { status: number }).status).toBe(502);
  });
});

describe("EVALS_LOG", () => {
  it("sets the level where there is a process", async () => {
    vi.stubEnv("EVALS_LOG", "info");
    expect((await scenario(undefined)).filter(([level]) => level === "info")).toEqual(INFO);
    vi.stubEnv("EVALS_LOG", "off");
    expect(await scenario(undefined)).toEqual([]);
  });

  it("the logLevel option wins over it; an empty one is unset", async () => {
    vi.stubEnv("EVALS_LOG", "debug");
    expect(sorted(await scenario("error"))).toEqual(sorted(ERROR));
    vi.stubEnv("EVALS_LOG", "");
    expect(sorted(await scenario(undefined))).toEqual(sorted([...WARN, ...ERROR]));
  });

  it("an unknown level is refused at createEvalsClient, naming it", () => {
    vi.stubEnv("EVALS_LOG", "verbose");
    expect(() => createEvalsClient({ apiKey })).toThrow('logLevel/EVALS_LOG "verbose": use off,error,warn,info,debug');
    // @ts-expect-error not a level
    expect(() => createEvalsClient({ apiKey, logLevel: "trace" })).toThrow(/logLevel\/EVALS_LOG "trace": use off,/);
  });
});

describe("a level that is off costs nothing", () => {
  it("no line is built: the logger is never called and no chunk of lines is loaded", async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const evals = createEvalsClient({ apiKey, fetch: scriptedFetch(failing(503)).fetch, logger, logLevel: "off" });
    await settle(evals.agents.get(agentId));
    for (const method of Object.values(logger)) expect(method).not.toHaveBeenCalled();
  });
});
