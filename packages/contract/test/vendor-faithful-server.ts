// A scripted server that follows the vendor's documentation and none of our assumptions: create
// answers 200 (the vendor states no status), errors come as `{"errors":[{"message"}]}` without a
// `data` key, or as plain text, an invalid key gets 403, validation errors 422, a malformed agent
// id is answered like an unknown agent (404), there is no body size limit or content-type check
// beyond "the body must parse as JSON", success bodies leave out `errors: null` and a response id
// is not a UUID. It refuses exactly what the vendor's rules refuse (the request validators'
// `vendor` issues) and accepts unknown fields. It models the two shipped operations; any other
// operation the spec gains is answered by the mock, which follows the spec.
import { operationIndex } from "@evals-api/types";
import { registry } from "@evals-api/types/registry";
import { componentSchema, responseExamples } from "@evals-api/types/spec";
import { validateCreateEvalRunRequest } from "@evals-api/types/validators";
import { API_KEY, keyedMock } from "./helpers.js";

const [agentExample] = Object.values(responseExamples("getEvalAgent", "200")) as any[];
const [runExample] = Object.values(
  responseExamples("createEvalRun", String(operationIndex.createEvalRun.successStatus)),
) as any[];
const agent = agentExample.data;
const knownVersions = new Set([agent.current_version.id, agent.agent.active_version_id].filter(Boolean));

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const problem = (status: number, message: string) => json(status, { errors: [{ message }] });

function readAgent(id: string): Response {
  if (id !== agent.agent.id) return problem(404, `Eval agent ${id} not found`);
  const { errors: _omitted, ...body } = structuredClone(agentExample);
  body.data.agent.org_id = "org_7f3a"; // a plain string: the vendor never says it is a UUID
  return json(200, body);
}

function createRun(raw: string): Response {
  let body: any;
  try {
    body = JSON.parse(raw);
  } catch {
    return problem(400, "The request body is not valid JSON");
  }
  const broken = validateCreateEvalRunRequest(body).filter((issue) => issue.source === "vendor");
  if (broken.length > 0) return json(422, { errors: broken.map((i) => ({ message: `${i.path}: ${i.message}` })) });
  const attachments: any[] = body.attached_agents ?? [];
  const unknown = attachments.find(
    (a) =>
      a.eval_agent_id !== agent.agent.id ||
      (a.eval_agent_version_id !== undefined && !knownVersions.has(a.eval_agent_version_id)),
  );
  if (unknown !== undefined || attachments.length === 0) return problem(404, "Eval agent not found");
  const calls = new Set<string>(body.call_ids).size;
  const { errors: _omitted, ...created } = structuredClone(runExample);
  Object.assign(created.data, {
    id: crypto.randomUUID(),
    submitted_call_ids: body.call_ids,
    submitted_attached_agents: attachments,
    resolved_call_count: calls,
    resolved_agent_count: attachments.length,
    resolved_atom_count: calls * attachments.length,
    completed_atom_count: 0,
    status: "PENDING",
  });
  return json(200, created);
}

/** The vendor-faithful server as an in-process fetch handler. */
const otherOperations = keyedMock();

export async function vendorFaithfulFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const routed = registry.route(request.method, new URL(request.url).pathname);
  const operationId = routed?.operation?.operationId;
  if (operationId !== undefined && operationId !== "getEvalAgent" && operationId !== "createEvalRun") {
    return otherOperations.fetch(request);
  }
  const key = request.headers.get("authorization");
  if (key === null) return text(401, "Unauthorized");
  if (key !== API_KEY) return problem(403, "Invalid API key");
  if (operationId === "getEvalAgent") return readAgent(routed?.params?.eval_agent_id ?? "");
  if (operationId === "createEvalRun") {
    const type = request.headers.get("content-type") ?? "";
    if (!/^application\/json/i.test(type)) return text(400, "Send the body as application/json");
    return createRun(await request.text());
  }
  return text(404, "Not Found");
}

type Fetch = typeof vendorFaithfulFetch;

/** The same server, except that it breaks a rule the vendor states: it accepts over 5000 call ids. */
export const acceptsTooManyCallIds: Fetch = async (input, init) => {
  const request = new Request(input, init);
  if (request.method === "POST") {
    const body = await request
      .clone()
      .json()
      .catch(() => undefined);
    const { maxItems } = componentSchema<any>("CreateEvalRunRequest").properties.call_ids;
    if (Array.isArray(body?.call_ids) && body.call_ids.length > maxItems) {
      const { errors: _omitted, ...created } = structuredClone(runExample);
      return json(200, created);
    }
  }
  return vendorFaithfulFetch(request);
};

/** The same server, except that it answers GET with a field of the wrong type (a vendor rule). */
export const wrongFieldType: Fetch = async (input, init) => {
  const request = new Request(input, init);
  const response = await vendorFaithfulFetch(request);
  const operationId = registry.route(request.method, new URL(request.url).pathname)?.operation?.operationId;
  if (operationId !== "getEvalAgent" || response.status !== 200) return response;
  const body = await response.json();
  body.data.agent.name = 42;
  return json(200, body);
};
