// Judging the status a check got against the statuses it expects. The severity follows the marker
// of what the check tests (its subject) and of the statuses it expects:
// - the subject is an assumption: any other status only warns;
// - every expected status is an assumption and the answer is of their class (403 for our 401, 422
//   for our 400, 200 for our 202): a warning;
// - otherwise (a 2xx where a vendor rule refuses, a 5xx, a vendor status missed): a violation.
import { type OperationId, type Provenance, provenanceOf } from "@evals-api/types/spec";
import { type Finding, finding } from "./findings.js";
import { sameClass } from "./spec.js";

export function statusFinding(
  operationId: OperationId,
  expect: readonly number[],
  subject: Provenance,
  status: number,
): Finding | undefined {
  if (expect.includes(status)) return undefined;
  const message = `expected ${expect.join(" or ")}, got ${status}`;
  if (subject.source === "assumed") return finding("status", subject, message);
  const allAssumed = expect.every((s) => provenanceOf(operationId, { status: s }).source === "assumed");
  const sibling = expect.find((s) => sameClass(s, status));
  if (allAssumed && sibling !== undefined) {
    return finding("status", provenanceOf(operationId, { status: sibling }), message);
  }
  return finding("status", { source: "vendor" }, message);
}
