// Benchmark 4: the mock server against Prism (the generic spec-driven mock a user would pick)
// on the same bundled spec, over loopback with autocannon at fixed connections and duration,
// with a bare node:http server as the floor of what Node can serve on this machine.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Validator } from "@evals-api/types/validators";
import {
  validateCreateEvalRunResponse,
  validateErrorEnvelope,
  validateGetEvalAgentResponse,
} from "@evals-api/types/validators";
import autocannon from "autocannon";
import type { ServerProcess } from "./processes.js";
import { startServer } from "./processes.js";
import type { Chart, Row, Section } from "./results.js";
import { formatCount, formatMs } from "./results.js";
import { specPath } from "./spec.js";
import { meets, rotation, type Spread, spread, type Target } from "./stats.js";

export interface MockServerContender {
  name: string;
  ours: boolean;
  /** Scenarios it takes part in (the floor only answers GET). */
  scenarios: ScenarioId[];
  start(): Promise<ServerProcess>;
}

export type ScenarioId = "get-agent" | "valid-post" | "invalid-post";

export interface Scenario {
  id: ScenarioId;
  label: string;
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  expectStatus: number;
  schema: Validator<unknown>;
  /** For an invalid request: the field at fault, which a helpful error names. */
  blames?: string;
}

export interface MockThroughputOptions {
  rounds: number;
  /** Seconds per autocannon run. */
  durationSeconds: number;
  connections: number;
  /** Responses fetched after each run and checked against the spec. */
  sampleSize: number;
  /** How often each server is started (and stopped) to time its startup. */
  startups: number;
  /** Our mock, once built; the comparisons against Prism are made for it. */
  mock?: MockServerContender;
  /** Scenario bodies and paths that the mock accepts (its seed data). */
  scenarios: Scenario[];
}

export const authHeaders = { authorization: "bench-api-key" };

const benchRoot = fileURLToPath(new URL("..", import.meta.url));

export const prism: MockServerContender = {
  name: "Prism 5.16 (prism mock)",
  ours: false,
  scenarios: ["get-agent", "valid-post", "invalid-post"],
  start: () =>
    startServer({
      name: "Prism",
      command: process.execPath,
      args: [
        createRequire(`${benchRoot}/package.json`).resolve("@stoplight/prism-cli/dist/index.js"),
        "mock",
        "-h",
        "127.0.0.1",
        "-p",
        "{port}",
        specPath,
      ],
      readyPath: "/v1/evals/agents/a1b2c3d4-e5f6-7890-abcd-ef1234567890",
      readyHeaders: authHeaders,
      env: { NODE_NO_WARNINGS: "1" },
    }),
};

export const floor: MockServerContender = {
  name: "bare node:http, fixed body (floor)",
  ours: false,
  scenarios: ["get-agent"],
  start: () =>
    startServer({
      name: "fixed-body server",
      command: process.execPath,
      args: [fileURLToPath(new URL("../dist/fixed-body-server.js", import.meta.url)), "{port}"],
      readyPath: "/v1/evals/agents/ready",
    }),
};

interface Load {
  rps: number;
  /** Requests answered per CPU-second of the server's process group. */
  perCpuSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(server: ServerProcess, scenario: Scenario, options: MockThroughputOptions): Promise<Load> {
  const cpuBefore = server.cpuMs();
  const result = await autocannon({
    url: `${server.baseUrl}${scenario.path}`,
    method: scenario.method,
    headers: { ...authHeaders, ...(scenario.body === undefined ? {} : { "content-type": "application/json" }) },
    ...(scenario.body === undefined ? {} : { body: JSON.stringify(scenario.body) }),
    connections: options.connections,
    duration: options.durationSeconds,
  });
  const wrongStatus = scenario.expectStatus < 300 ? result.non2xx : result["2xx"];
  const cpuMs = server.cpuMs() - cpuBefore;
  return {
    rps: result.requests.average,
    perCpuSecond: (result.requests.total * 1000) / Math.max(cpuMs, 10),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + wrongStatus,
  };
}

interface Sample {
  /** Responses with the expected status and a spec-valid body. */
  valid: number;
  /** Responses whose body names `scenario.blames` (an error that says what is wrong). */
  blaming: number;
}

/** Checks `sampleSize` fresh responses against the spec (and, for errors, for the field at fault). */
async function sample(server: ServerProcess, scenario: Scenario, sampleSize: number): Promise<Sample> {
  const result = { valid: 0, blaming: 0 };
  for (let i = 0; i < sampleSize; i++) {
    const res = await fetch(`${server.baseUrl}${scenario.path}`, {
      method: scenario.method,
      headers: { ...authHeaders, "content-type": "application/json" },
      ...(scenario.body === undefined ? {} : { body: JSON.stringify(scenario.body) }),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      continue;
    }
    if (res.status === scenario.expectStatus && scenario.schema(body).length === 0) result.valid++;
    if (scenario.blames !== undefined && text.includes(scenario.blames)) result.blaming++;
  }
  return result;
}

interface Tally {
  loads: Load[];
  valid: number;
  blaming: number;
  sampled: number;
  startups: number[];
  idleRss: number;
  peakRss: number;
}

export async function runMockThroughputBenchmark(options: MockThroughputOptions): Promise<Section> {
  const servers = [...(options.mock ? [options.mock] : []), prism, floor];
  const tallies = new Map<string, Map<ScenarioId, Tally>>();
  const startups = new Map(servers.map((s) => [s.name, [] as number[]]));
  // Startup: start and stop each server in turn, alternating, then keep the last one running.
  const running = new Map<string, ServerProcess>();
  for (let round = 0; round < options.startups; round++) {
    for (const s of rotation(servers, round)) {
      const process = await s.start();
      startups.get(s.name)?.push(process.startupMs);
      if (round === options.startups - 1) running.set(s.name, process);
      else await process.stop();
    }
  }
  const rss = new Map<string, { idle: number; peak: number }>();
  for (const [name, p] of running) rss.set(name, { idle: p.rssMiB(), peak: p.rssMiB() });
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const scenario of options.scenarios) {
        for (const s of rotation(servers, round)) {
          if (!s.scenarios.includes(scenario.id)) continue;
          const p = running.get(s.name) as ServerProcess;
          const result = await load(p, scenario, options);
          const checked = await sample(p, scenario, options.sampleSize);
          const perServer = tallies.get(s.name) ?? new Map<ScenarioId, Tally>();
          tallies.set(s.name, perServer);
          const tally = perServer.get(scenario.id) ?? {
            loads: [],
            valid: 0,
            blaming: 0,
            sampled: 0,
            startups: [],
            idleRss: 0,
            peakRss: 0,
          };
          perServer.set(scenario.id, tally);
          tally.loads.push(result);
          tally.valid += checked.valid;
          tally.blaming += checked.blaming;
          tally.sampled += options.sampleSize;
          const memory = rss.get(s.name) as { idle: number; peak: number };
          memory.peak = Math.max(memory.peak, p.rssMiB());
        }
      }
    }
  } finally {
    for (const p of running.values()) await p.stop();
  }
  return report(options, servers, tallies, startups, rss);
}

function report(
  options: MockThroughputOptions,
  servers: MockServerContender[],
  tallies: Map<string, Map<ScenarioId, Tally>>,
  startups: Map<string, number[]>,
  rss: Map<string, { idle: number; peak: number }>,
): Section {
  const rows: Row[] = [];
  const charts: Chart[] = [];
  const notes: string[] = [];
  const throughputTarget: Target = { op: ">=", value: 10 };
  for (const scenario of options.scenarios) {
    const peer = tallies.get(prism.name)?.get(scenario.id) as Tally;
    const bars = [];
    for (const s of servers) {
      const tally = tallies.get(s.name)?.get(scenario.id);
      if (tally === undefined) continue;
      const ratio = spread(tally.loads.map((l, i) => l.rps / (peer.loads[i] as Load).rps));
      bars.push({ label: s.name, value: ratio.median, min: ratio.min, max: ratio.max, ours: s.ours });
      const med = (pick: (l: Load) => number) => spread(tally.loads.map(pick)).median;
      const errors = tally.loads.reduce((n, l) => n + l.errors, 0);
      const mine = s === options.mock;
      const cpuRatio = spread(tally.loads.map((l, i) => l.perCpuSecond / (peer.loads[i] as Load).perCpuSecond));
      rows.push({
        subject: `${s.name} — ${scenario.label}`,
        peer: s === prism ? "—" : "Prism",
        ratioMeaning: "requests/s ÷ Prism's",
        ...(s === prism ? {} : { ratio }),
        ...(mine
          ? { target: throughputTarget, met: meets(throughputTarget, ratio) && tally.valid === tally.sampled }
          : {}),
        detail:
          `${formatCount(med((l) => l.rps))} req/s, p50 ${med((l) => l.p50)} ms, p99 ${med((l) => l.p99)} ms; ` +
          `${tally.valid}/${tally.sampled} sampled responses ${scenario.expectStatus} and schema-valid` +
          (scenario.blames === undefined ? "" : `, ${tally.blaming}/${tally.sampled} name the field at fault`) +
          (errors > 0 ? `; ${formatCount(errors)} errors or unexpected statuses under load` : ""),
      });
      rows.push({
        subject: `${s.name} — ${scenario.label}, per server CPU-second`,
        peer: s === prism ? "—" : "Prism",
        ratioMeaning: "requests per CPU-second ÷ Prism's",
        ...(s === prism ? {} : { ratio: cpuRatio }),
        detail: `${formatCount(med((l) => l.perCpuSecond))} requests per CPU-second of the server's processes`,
      });
    }
    charts.push({
      file: `mock-${scenario.id}.svg`,
      title: `${scenario.label}: autocannon, ${options.connections} connections, ${options.durationSeconds} s`,
      unit: "requests/s, × Prism (higher is better)",
      suffix: "×",
      bars,
      target: { value: throughputTarget.value, label: `target ≥ ${throughputTarget.value}× Prism` },
    });
  }
  const startupOf = (s: MockServerContender): Spread => spread(startups.get(s.name) as number[]);
  const prismStartup = startupOf(prism);
  const prismMemory = rss.get(prism.name) as { idle: number; peak: number };
  for (const s of servers) {
    const startup = startupOf(s);
    const mine = s === options.mock;
    const startupTarget: Target = { op: "<=", value: 150, unit: "ms" };
    rows.push({
      subject: `${s.name} — startup (spawn to first answer)`,
      peer: s === prism ? "—" : "Prism",
      ratioMeaning: "startup ms ÷ Prism's",
      ...(s === prism
        ? {}
        : {
            ratio: {
              min: startup.min / prismStartup.median,
              median: startup.median / prismStartup.median,
              max: startup.max / prismStartup.median,
            },
          }),
      ...(mine ? { target: startupTarget, met: startup.median <= startupTarget.value } : {}),
      detail: `${formatMs(startup.median)} (min ${formatMs(startup.min)}, max ${formatMs(startup.max)}) vs Prism's ${formatMs(prismStartup.median)}`,
    });
    const memory = rss.get(s.name) as { idle: number; peak: number };
    const memoryTarget: Target = { op: "<=", value: 0.5 };
    const ratio = memory.peak / prismMemory.peak;
    rows.push({
      subject: `${s.name} — resident memory (peak of readings after each run)`,
      peer: s === prism ? "—" : "Prism",
      ratioMeaning: "RSS ÷ Prism's",
      ...(s === prism ? {} : { ratio: { min: ratio, median: ratio, max: ratio } }),
      ...(mine ? { target: memoryTarget, met: ratio <= memoryTarget.value } : {}),
      detail: `${memory.peak.toFixed(0)} MiB (${memory.idle.toFixed(0)} MiB idle after startup) vs Prism's ${prismMemory.peak.toFixed(0)} MiB`,
    });
  }
  charts.push({
    file: "mock-startup.svg",
    title: "Startup: spawn to first successful answer",
    unit: "milliseconds (lower is better)",
    suffix: " ms",
    bars: servers.map((s) => {
      const st = startupOf(s);
      return { label: s.name, value: st.median, min: st.min, max: st.max, ours: s.ours };
    }),
    ...(options.mock ? { target: { value: 150, label: "target ≤ 150 ms" } } : {}),
  });
  if (options.mock === undefined)
    notes.push("`@evals-api/mock` was not built when this ran, so only Prism and the floor were measured.");
  return {
    id: "mock-throughput",
    title: "Mock server throughput",
    method:
      `Each server runs as its own process group on 127.0.0.1 (Prism as \`prism mock\` on the bundled spec). ` +
      `autocannon (in the bench process) drives it with ${options.connections} connections for ` +
      `${options.durationSeconds} s per run; servers rotate within each round, ${options.rounds} rounds, and each ratio ` +
      `is against Prism in the same round. After every run ${options.sampleSize} fresh responses are fetched and ` +
      "checked for the expected status and against the spec's schema with the generated validators (and, for the " +
      "invalid request, whether the error names the field at fault). Startup is " +
      `spawn to first successful GET, over ${options.startups} starts per server; memory is the resident set of the ` +
      "server's whole process group, read after startup and after every run (peak reported). Because the machine " +
      "is shared, each scenario also reports requests per CPU-second of the server's processes (from /proc, in " +
      "10 ms ticks): what a server costs per request, whatever else the machine is doing. The targets are judged " +
      "on autocannon's requests per second, as the issue states them.",
    rows,
    charts,
    notes,
  };
}

export function defaultScenarios(
  agentId: string,
  validRun: unknown,
  invalidRun: unknown,
  invalidField: string,
): Scenario[] {
  return [
    {
      id: "get-agent",
      label: "GET agent",
      method: "GET",
      path: `/v1/evals/agents/${agentId}`,
      expectStatus: 200,
      schema: validateGetEvalAgentResponse as Validator<unknown>,
    },
    {
      id: "valid-post",
      label: "valid POST run",
      method: "POST",
      path: "/v1/evals/runs",
      body: validRun,
      expectStatus: 202,
      schema: validateCreateEvalRunResponse as Validator<unknown>,
    },
    {
      id: "invalid-post",
      label: "invalid POST run",
      method: "POST",
      path: "/v1/evals/runs",
      body: invalidRun,
      expectStatus: 400,
      schema: validateErrorEnvelope as Validator<unknown>,
      blames: invalidField,
    },
  ];
}
