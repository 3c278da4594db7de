// Validation issues as lines an assistant can act on: the argument's JSON path, the rule broken,
// whose rule it is, and what the argument is for (its description in the tool's input schema).
import type { ValidationIssue } from "@evals-api/types/request-validators";
import { isObject, type JsonObject } from "./operation-document.js";

const unescapeSegment = (segment: string) => segment.replaceAll("~1", "/").replaceAll("~0", "~");

// The input schema's node for a JSON path: through `properties` by name, `items` by index.
function schemaAt(schema: unknown, pointer: string): JsonObject | undefined {
  let node: unknown = schema;
  for (const segment of pointer.split("/").slice(1).map(unescapeSegment)) {
    if (!isObject(node)) return undefined;
    const properties = isObject(node.properties) ? node.properties : {};
    node = segment in properties ? properties[segment] : /^\d+$/.test(segment) ? node.items : undefined;
  }
  return isObject(node) ? node : undefined;
}

export function issueLines(issues: readonly ValidationIssue[], schema: unknown): string[] {
  return issues.map((issue) => {
    const whose = issue.source === "assumed" ? " (a rule the spec assumes, not the vendor's)" : "";
    const about = schemaAt(schema, issue.path)?.description;
    const hint = typeof about === "string" ? ` [${about.trim().split("\n")[0]}]` : "";
    return `- ${issue.path || "(root)"}: ${issue.message}${whose}${hint}`;
  });
}
