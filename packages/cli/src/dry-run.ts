// --dry-run: the whole job through runs.createMany (its chunking, de-duplication, keys and the
// spec's validation of every chunk), with a fetch that sends nothing. It answers each create as a
// server would, and tallies what would have been sent: runs, calls, atoms (by the mock's rule,
// `countAtoms`), each chunk's Idempotency-Key. A pinned workbench version's roster is known only to
// the server, so its atoms are unknown.

import { countAtoms } from "@evals-api/mock";
import type { AgentAttachment, CreateEvalRunRequest } from "@evals-api/types";

export interface DryRunChunk {
  index: number;
  calls: number;
  /** null: scored by a workbench version's roster, which only the server knows. */
  atoms: number | null;
  idempotencyKey: string;
}

export interface DryRunTally {
  fetch: (input: string | Request, init?: RequestInit) => Promise<Response>;
  chunks: DryRunChunk[];
}

const answer = (status: number, data: unknown) =>
  new Response(JSON.stringify({ data }), { status, headers: { "content-type": "application/json" } });

export function dryRunTally(): DryRunTally {
  const chunks: DryRunChunk[] = [];
  let sent = 0;
  const fetch = async (input: string | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    if (request.method === "GET") {
      // An agent read to pin its version: answered as never published, so the attachment is
      // shown as given ("its latest published version"), with no version invented.
      const id = decodeURIComponent(new URL(request.url).pathname.split("/").pop() ?? "");
      return answer(200, { agent: { id, active_version_id: null }, current_version: null });
    }
    const index = sent++; // in the order the creates are made, before the body is read
    const body = (await request.json()) as CreateEvalRunRequest;
    const idempotencyKey = request.headers.get("idempotency-key") ?? "";
    chunks[index] = { index, calls: body.call_ids.length, atoms: atomsOf(body), idempotencyKey };
    return answer(202, { id: `dry-run-${index}`, status: "PENDING" });
  };
  return { fetch, chunks };
}

function atomsOf(body: CreateEvalRunRequest): number | null {
  const agents = (body as { attached_agents?: AgentAttachment[] }).attached_agents;
  // Without attached agents the pinned workbench version's roster scores the run.
  return agents?.length ? countAtoms(body.call_ids, agents).atoms : null;
}

/** What --dry-run prints: the totals, the fields every run would get, and each chunk. */
export function dryRunJson(chunks: readonly DryRunChunk[], fields: Omit<CreateEvalRunRequest, "call_ids">) {
  const unknownAtoms = chunks.some((chunk) => chunk.atoms === null);
  return {
    dryRun: true,
    runs: chunks.length,
    calls: chunks.reduce((sum, chunk) => sum + chunk.calls, 0),
    atoms: unknownAtoms ? null : chunks.reduce((sum, chunk) => sum + (chunk.atoms ?? 0), 0),
    request: fields,
    chunks,
  };
}

export function dryRunText(report: ReturnType<typeof dryRunJson>): string {
  const { attached_agents: agents = [], ...rest } = report.request as { attached_agents?: AgentAttachment[] };
  const atoms =
    report.atoms === null
      ? "atoms unknown (a workbench version's roster is known only to the server)"
      : `${report.atoms.toLocaleString("en-US")} atoms (calls × agents)`;
  const lines = [
    "Dry run: nothing was sent.",
    `Would create ${report.runs} run${report.runs === 1 ? "" : "s"} for ${report.calls.toLocaleString("en-US")} calls: ${atoms}.`,
    ...agents.map((agent) => `  agent ${agentText(agent)}`),
    ...Object.entries(rest).map(([field, value]) => `  ${field}: ${JSON.stringify(value)}`),
  ];
  return `${lines.join("\n")}\n`;
}

function agentText(agent: AgentAttachment): string {
  const version = agent.eval_agent_version_id ?? "its published version (read once and pinned when the job runs)";
  const weight = agent.weight === undefined ? "" : `, weight ${agent.weight}`;
  const levels = agent.target_level_keys ? `, passing at ${agent.target_level_keys.join(", ")}` : "";
  return `${agent.eval_agent_id} @ ${version}${weight}${levels}`;
}
