// One command per operation of the spec. Typed by the operation table, so a new operation in the
// spec fails the CLI's typecheck until it has a command here (and a module that runs it).
import type { operationIndex } from "@evals-api/types";
import { operationObject } from "@evals-api/types/spec";

type OperationId = keyof typeof operationIndex;

export const COMMAND_OF_OPERATION: Record<OperationId, { command: string; synopsis: string }> = {
  getEvalAgent: { command: "agents get", synopsis: "agents get <eval_agent_id>" },
  createEvalRun: { command: "runs create", synopsis: "runs create --calls <file|->" },
};

/** The operation's summary in the spec: what its command does. */
export function summaryOf(operationId: OperationId): string {
  return String(operationObject(operationId).summary ?? "").trim();
}
