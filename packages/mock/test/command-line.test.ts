// The evals-mock command line, read in-process: what each flag does to the mock, and how each
// mistake is named. test/cli.test.ts spawns the built bin for exit codes, output and signals.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registry } from "@evals-api/types/registry";
import { describe, expect, it } from "vitest";
import { listenProblem, mockFromCommandLine, USAGE, UsageError } from "../src/command-line.js";
import type { MockServer } from "../src/index.js";
import { agentExample, requestExamples } from "./spec-examples.js";

// The operations of the shipped spec that document no response for `status`, as the mock names them.
const undocumenting = (status: number) =>
  registry.list
    .filter((operation) => operation.response(status) === undefined)
    .map((operation) => operation.operationId)
    .join(", ");

const agentPath = `/v1/evals/agents/${agentExample().data.agent.id}`;

function served(argv: string[]): { mock: MockServer; port: number; host: string } {
  const commandLine = mockFromCommandLine(argv);
  if (commandLine.help) throw new Error(`${argv.join(" ")} asked for help`);
  return commandLine;
}

const get = (mock: MockServer, authorization = "k") => mock.fetch(agentPath, { headers: { authorization } });

function refused(argv: string[]): string {
  try {
    mockFromCommandLine(argv);
  } catch (error) {
    expect(error, argv.join(" ")).toBeInstanceOf(UsageError);
    expect((error as Error).name).toBe("UsageError");
    return (error as Error).message;
  }
  throw new Error(`${argv.join(" ")} was accepted`);
}

function file(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "evals-mock-")), "agents.json");
  writeFileSync(path, content);
  return path;
}

describe("mockFromCommandLine", () => {
  it("asks for the help text with --help or -h, which lists every flag", () => {
    expect(mockFromCommandLine(["--help"])).toEqual({ help: true });
    expect(mockFromCommandLine(["-h"])).toEqual({ help: true });
    for (const flag of ["--port", "--host", "--api-key", "--seed", "--latency-ms", "--fail-rate", "--fail-status"]) {
      expect(USAGE).toContain(flag);
    }
    for (const flag of ["--rate-limit-rate", "--retry-after", "--drop-rate", "--fault-seed", "--no-billing"]) {
      expect(USAGE).toContain(flag);
    }
  });

  it("serves on 127.0.0.1:4010 by default, accepting any key and billing runs", async () => {
    const { mock, port, host } = served([]);
    expect({ port, host }).toEqual({ port: 4010, host: "127.0.0.1" });
    expect((await get(mock, "any")).status).toBe(200);
    const run = await mock.fetch("/v1/evals/runs", {
      method: "POST",
      headers: { authorization: "any", "content-type": "application/json" },
      body: JSON.stringify(requestExamples().withAttachedAgents),
    });
    expect(run.status).toBe(202);
  });

  it("takes --port from 0 to 65535 and any --host", () => {
    expect(served(["--port", "0"]).port).toBe(0);
    expect(served(["--port", "65535", "--host", "::1"])).toMatchObject({ port: 65535, host: "::1" });
    for (const port of ["65536", "1.5", "", "abc", "-1", "1e3"]) {
      expect(refused([`--port=${port}`])).toBe(
        `--port must be a whole number from 0 to 65535, got ${JSON.stringify(port)}`,
      );
    }
  });

  it("accepts only the --api-key given, and refuses one no request could send", async () => {
    const { mock } = served(["--api-key", "secret"]);
    expect((await get(mock, "secret")).status).toBe(200);
    expect((await get(mock, "other")).status).toBe(401);
    expect(refused(["--api-key", ""])).toBe("--api-key must not be empty; leave it out to accept any non-empty key");
    expect(refused(["--api-key", "secret "])).toBe("--api-key must not start or end with white space");
  });

  it("answers create-run 402 with --no-billing", async () => {
    const { mock } = served(["--no-billing"]);
    const run = await mock.fetch("/v1/evals/runs", {
      method: "POST",
      headers: { authorization: "k", "content-type": "application/json" },
      body: JSON.stringify(requestExamples().withAttachedAgents),
    });
    expect(run.status).toBe(402);
  });

  it("loads --seed, naming the file when it cannot be read or is not a valid seed", async () => {
    const example = agentExample().data;
    const id = "5eed0000-0000-4000-8000-000000000001";
    const seed = file(
      JSON.stringify({
        replace: true,
        agents: [
          { agent: { ...example.agent, id }, current_version: { ...example.current_version, eval_agent_id: id } },
        ],
      }),
    );
    const { mock } = served(["--seed", seed]);
    expect((await mock.fetch(`/v1/evals/agents/${id}`, { headers: { authorization: "k" } })).status).toBe(200);
    expect((await get(mock)).status).toBe(404);

    const missing = join(tmpdir(), "evals-mock-no-such-dir", "agents.json");
    expect(refused(["--seed", missing])).toMatch(new RegExp(`^cannot read --seed ${missing}: ENOENT`));
    const broken = file("{ nope");
    expect(refused(["--seed", broken])).toMatch(new RegExp(`^cannot read --seed ${broken}: .*JSON`));
    const invalid = file(JSON.stringify({ agents: [{}] }));
    expect(refused(["--seed", invalid])).toMatch(
      new RegExp(`^${invalid} is not a valid mock seed:\\n/agents/0/agent: is required`),
    );
  });

  it("delays answers by --latency-ms, a number or a MIN-MAX range", async () => {
    const fixed = served(["--latency-ms", "3"]).mock;
    await get(fixed);
    expect(fixed.state.requests[0]).toMatchObject({ latencyMs: 3, fault: "latency" });
    const range = served(["--latency-ms", "1-4", "--fault-seed", "5"]).mock;
    for (let i = 0; i < 20; i++) await get(range);
    const delays = new Set(range.state.requests.map((r) => r.latencyMs));
    expect([...delays].every((ms) => ms >= 1 && ms <= 4)).toBe(true);
    expect(delays.size).toBeGreaterThan(1);
  });

  it("refuses a --latency-ms that is negative, not a number or longer than a timer can wait", () => {
    for (const value of ["NaN", "soon", "", "Infinity"]) {
      expect(refused([`--latency-ms=${value}`])).toBe(`--latency-ms must be a number, got ${JSON.stringify(value)}`);
    }
    const outOfRange = /^--latency-ms must be a number of ms from 0 to 2147483647, or a \[min, max\] range of them/;
    for (const value of ["-5", "3000000000", "10-3000000000", "20-10"]) {
      expect(refused([`--latency-ms=${value}`]), value).toMatch(outOfRange);
    }
    expect(refused(["--latency-ms=20-10"])).toMatch(/got \[20, 10\]$/);
  });

  it("injects the faults asked for, naming the flag of a value out of range", async () => {
    expect((await get(served(["--fail-rate", "1", "--fail-status", "500"]).mock)).status).toBe(500);
    const limited = await get(served(["--rate-limit-rate", "1", "--retry-after", "7"]).mock);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    await expect(get(served(["--drop-rate", "1"]).mock)).rejects.toThrow(TypeError);

    expect(refused(["--fail-rate", "lots"])).toBe('--fail-rate must be a number, got "lots"');
    expect(refused(["--fail-rate", "2"])).toBe("--fail-rate must be a number from 0 to 1, got 2");
    expect(refused(["--rate-limit-rate", "1.5"])).toBe("--rate-limit-rate must be a number from 0 to 1, got 1.5");
    expect(refused(["--drop-rate", "2"])).toBe("--drop-rate must be a number from 0 to 1, got 2");
    expect(refused(["--drop-rate", "0.6", "--fail-rate", "0.6"])).toBe(
      "--drop-rate + --rate-limit-rate + --fail-rate must not exceed 1, got 1.2",
    );
    expect(refused(["--fail-status", "402"])).toMatch(
      new RegExp(`^--fail-status 402 is not documented by ${undocumenting(402)}; `),
    );
    expect(refused(["--retry-after", "1.5"])).toBe("--retry-after must be a whole number >= 0, got 1.5");
    expect(refused(["--fault-seed", "0.5"])).toBe("--fault-seed must be a whole number, got 0.5");
  });

  it("draws faults from --fault-seed", async () => {
    const outcomes = async (seed: string) => {
      const { mock } = served(["--fail-rate", "0.5", "--fault-seed", seed]);
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await get(mock)).status);
      return statuses;
    };
    const first = await outcomes("3");
    expect(await outcomes("3")).toEqual(first);
    expect(await outcomes("4")).not.toEqual(first);
  });

  it("names the flag of every value that is not a number", () => {
    for (const flag of ["fail-rate", "fail-status", "rate-limit-rate", "retry-after", "drop-rate", "fault-seed"]) {
      for (const value of ["x", " ", "1x"]) {
        expect(refused([`--${flag}=${value}`])).toBe(`--${flag} must be a number, got ${JSON.stringify(value)}`);
      }
    }
    for (const value of ["x5-10", "5-10ms", "5 - 10"]) {
      expect(refused([`--latency-ms=${value}`])).toBe(`--latency-ms must be a number, got ${JSON.stringify(value)}`);
    }
  });

  it("refuses unknown flags and arguments", () => {
    expect(refused(["--nope"])).toMatch(/Unknown option '--nope'/);
    expect(refused(["serve"])).toMatch(/Unexpected argument 'serve'/);
  });
});

describe("listenProblem", () => {
  const failure = (fields: Partial<NodeJS.ErrnoException>) =>
    Object.assign(new Error(fields.message ?? "failed"), fields);

  it("names the flag behind each failure to listen that the user can fix", () => {
    expect(listenProblem(failure({ code: "EADDRINUSE" }), "127.0.0.1", 4010)).toBe(
      "port 4010 is already in use: stop what holds it or pick another --port",
    );
    expect(listenProblem(failure({ code: "EACCES" }), "127.0.0.1", 80)).toBe(
      "cannot listen on --port 80: permission denied (pick a port above 1023)",
    );
    const unresolvable = failure({ code: "ENOTFOUND", syscall: "getaddrinfo", message: "getaddrinfo ENOTFOUND nope" });
    expect(listenProblem(unresolvable, "nope", 4010)).toBe(
      "cannot listen on --host nope: it is not a name or address of this machine (getaddrinfo ENOTFOUND nope)",
    );
    const foreign = failure({ code: "EADDRNOTAVAIL", syscall: "listen", message: "listen EADDRNOTAVAIL" });
    expect(listenProblem(foreign, "10.9.9.9", 4010)).toMatch(/^cannot listen on --host 10\.9\.9\.9: /);
  });

  it("leaves any other failure to the caller", () => {
    expect(listenProblem(failure({ code: "EMFILE", syscall: "listen" }), "127.0.0.1", 4010)).toBeUndefined();
  });
});
