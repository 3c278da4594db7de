// The mock's domain: the operations whose answers depend on what it knows (its seeded agents, the
// runs it created), keyed by operationId. Every other operation is answered from its spec example
// (example-answer.ts). A handler receives input the input step has checked and returns the `data`
// of its success answer, or throws the MockError of a domain refusal (404, 409, 402…).
import type { GetEvalAgentResponse, operations } from "@evals-api/types";
import type { Registry } from "@evals-api/types/registry";
import { getEvalAgent } from "./agents.js";
import type { OperationInput } from "./input.js";
import { createEvalRun } from "./runs.js";
import type { MockState } from "./state.js";

type JsonBodyOf<Op> = Op extends { requestBody: { content: { "application/json": infer Body } } } ? Body : undefined;
type PathOf<Op> = Op extends { parameters: { path: infer Path extends object } } ? Path : Record<string, never>;
/** The checked input of a shipped operation, typed from the spec. */
export type InputOf<Id extends keyof operations> = OperationInput<JsonBodyOf<operations[Id]>, PathOf<operations[Id]>>;

/** Returns the `data` of the operation's success answer. */
export type DomainHandler = (input: OperationInput) => unknown;

export interface DomainSettings {
  state: MockState;
  /** Read on every request, as given to createMockServer. */
  options: { billing?: boolean };
  orgId: string;
  newId: () => string;
  now: () => Date;
}

/** The org of the spec's Get Eval Agent example: the default `org_id` of created runs. */
export function exampleOrgId(registry: Registry): string {
  const getAgent = registry.list.find((operation) => operation.operationId === "getEvalAgent");
  const example = Object.values(getAgent?.response(getAgent.successStatus)?.examples ?? {})[0] as
    | GetEvalAgentResponse
    | undefined;
  return example?.data.agent.org_id ?? crypto.randomUUID();
}

export function domainHandlers(settings: DomainSettings): Readonly<Record<string, DomainHandler>> {
  const { state, options } = settings;
  const handlers: { [Id in "createEvalRun" | "getEvalAgent"]: (input: InputOf<Id>) => unknown } = {
    createEvalRun: ({ body, credential, headers }) =>
      createEvalRun(state, body, {
        orgId: settings.orgId,
        billing: options.billing !== false,
        newId: settings.newId,
        now: settings.now,
        apiKey: credential ?? "",
        idempotencyKey: headers["idempotency-key"] ?? null,
      }),
    getEvalAgent: ({ params }) => getEvalAgent(state, params.eval_agent_id),
  };
  // Each handler is called only with its own operation's input, which that operation's step checked.
  return handlers as unknown as Readonly<Record<string, DomainHandler>>;
}
