// An assumption check that a lax server accepts must never create a real run on a real agent:
// every create-run request but the billed one names only the spec examples' agents (or fresh
// random UUIDs, which no server knows), never the agent under test or its calls.
import { requestExamples } from "@evals-api/types/spec";
import { describe, expect, it } from "vitest";
import { runContractSuite } from "../src/index.js";
import { API_KEY, IN_PROCESS_URL, keyedMock } from "./helpers.js";

const REAL_AGENT = "0f0e0d0c-0b0a-4000-8000-000000000abc";
const REAL_CALL = "call_real_customer_1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Every id an attachment or a workbench field of the spec's request examples names.
function exampleIds(): Set<string> {
  const ids = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === "string" && UUID.test(value)) ids.add(value);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(requestExamples("createEvalRun"));
  return ids;
}

// The ids an attachment names, wherever in a body they are.
function agentIdsIn(body: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== "object") return;
    for (const [key, v] of Object.entries(value)) {
      if ((key === "eval_agent_id" || key === "eval_agent_version_id") && typeof v === "string") found.push(v);
      walk(v);
    }
  };
  walk(body);
  return found;
}

// A lax server: it reads agents like the mock, and accepts every create with 202.
function laxServer() {
  const mock = keyedMock();
  const creates: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (request.method !== "POST") return mock.fetch(request);
    creates.push(await request.text());
    return new Response(JSON.stringify({ data: null, errors: null }), {
      status: 202,
      headers: { "content-type": "application/json" },
    });
  };
  return { fetch, creates };
}

describe("the create-run requests of the suite", () => {
  it("name only the spec examples' agents, or fresh random UUIDs, never the agent under test", async () => {
    const server = laxServer();
    const report = await runContractSuite({
      baseUrl: IN_PROCESS_URL,
      apiKey: API_KEY,
      fetch: server.fetch,
      agentId: REAL_AGENT,
      callIds: [REAL_CALL],
    });
    expect(report.ok).toBe(false); // accepting invalid bodies breaks vendor rules
    expect(server.creates.length).toBeGreaterThan(40);
    const known = exampleIds();
    const random = new Map<string, number>();
    for (const body of server.creates) {
      expect(body).not.toContain(REAL_AGENT);
      expect(body).not.toContain(REAL_CALL);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        continue; // the "not JSON" body names no agent
      }
      for (const id of agentIdsIn(parsed).filter((id) => UUID.test(id) && !known.has(id))) {
        random.set(id, (random.get(id) ?? 0) + 1);
      }
    }
    // An id outside the examples is a fresh v4 UUID, sent once (the "unknown eval agent" check).
    for (const [id, times] of random) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(times).toBe(1);
    }
  });

  it("name the agent under test and its calls in the billed check only, when it is allowed", async () => {
    const server = laxServer();
    const report = await runContractSuite({
      baseUrl: IN_PROCESS_URL,
      apiKey: API_KEY,
      fetch: server.fetch,
      allowBilled: true,
      callIds: [REAL_CALL],
    });
    expect(report.notRun).toBe(0);
    const billed = server.creates.filter((body) => body.includes(REAL_CALL));
    expect(billed).toHaveLength(1);
    expect(server.creates.at(-1)).toBe(billed[0]); // the billed check runs last
  });
});
