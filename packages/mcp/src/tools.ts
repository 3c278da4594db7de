// The tools: one per operation of the registry, named, described and typed from the spec. The only
// thing added by hand is the guard of a billed operation, its `confirm` argument.
import type { RegisteredOperation, Registry } from "@evals-api/types/registry";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { type InputPlan, inputPlan } from "./input-schema.js";
import { type OperationDocument, readOperation } from "./operation-document.js";
import { outputSchemaOf } from "./output-schema.js";

/** A tool and what the server needs to call its operation. */
export interface EvalsTool {
  tool: Tool;
  operation: RegisteredOperation;
  plan: InputPlan;
}

/** `getEvalAgent` → `get_eval_agent`. */
export const toolName = (operationId: string) =>
  operationId
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .toLowerCase();

export const CONFIRM_PROPERTY = {
  type: "boolean",
  default: false,
  description:
    "true creates it, and bills. Leave it out (or false) for a dry run: the arguments are checked and the answer says what would be created, with nothing sent. Set it only after the user has seen the dry run and agreed.",
};

const READ_ONLY_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

function description(read: OperationDocument, plan: InputPlan): string {
  const parts = [read.summary, read.description];
  if (plan.rules.length > 0) {
    parts.push(
      `Rules across fields (the schema cannot state them at its root; the server checks them before sending):\n${plan.rules.map((r) => `- ${r}`).join("\n")}`,
    );
  }
  if (read.operation.billed) {
    parts.push(
      "BILLED. Without `confirm: true` this is a dry run: it checks the arguments and answers with what would happen (for a run: its calls, agents and atoms) and any rule broken, sending nothing. Show that to the user, and call again with the same arguments and `confirm: true` only once they agree.",
    );
  }
  return parts.filter(Boolean).join("\n\n");
}

function annotations(operation: RegisteredOperation, title: string, openWorld: boolean): Tool["annotations"] {
  const readOnly = READ_ONLY_METHODS.has(operation.method) && !operation.billed;
  return {
    title,
    readOnlyHint: readOnly,
    // Money spent cannot be taken back: a billed call counts as destructive.
    destructiveHint: !readOnly && (operation.billed || operation.method === "DELETE" || operation.method === "PUT"),
    // A billed create is not: the vendor documents no deduplication, whatever key is sent.
    idempotentHint: IDEMPOTENT_METHODS.has(operation.method) && !operation.billed,
    openWorldHint: openWorld,
  };
}

export interface ToolOptions {
  /** List only the operations the spec does not mark `x-billed`. */
  readOnly?: boolean;
  /** false when the server talks to the in-process mock: nothing outside is touched. */
  openWorld?: boolean;
}

/** The tools of every operation of `registry` (without the billed ones when `readOnly`). */
export function toolsOf(registry: Registry, { readOnly = false, openWorld = true }: ToolOptions = {}): EvalsTool[] {
  return registry.list
    .filter((operation) => !(readOnly && operation.billed))
    .map((operation) => {
      const read = readOperation(registry, operation);
      const plan = inputPlan(read, registry.document, operation.billed ? CONFIRM_PROPERTY : undefined);
      const outputSchema = outputSchemaOf(read);
      const tool: Tool = {
        name: toolName(operation.operationId),
        title: read.summary,
        description: description(read, plan),
        inputSchema: plan.schema as Tool["inputSchema"],
        ...(outputSchema === undefined ? {} : { outputSchema: outputSchema as Tool["outputSchema"] }),
        annotations: annotations(operation, read.summary, openWorld),
        _meta: {
          "evals-api/operationId": operation.operationId,
          "evals-api/method": operation.method,
          "evals-api/path": operation.path,
          "evals-api/billed": operation.billed,
        },
      };
      return { tool, operation, plan };
    });
}
