// Judging the status a check got against the statuses it expects. The severity follows the marker
// of what the check tests (its subject) and of the statuses it expects:
// - the subject is an assumption: any other status only warns;
// - every expected status is an assumption and the answer is of their class (403 for our 401, 422
//   for our 400, 200 for our 202): a warning;
// - otherwise (a 2xx where a vendor rule refuses, a 5xx, a vendor status missed): a violation.
import type { Provenance, RegisteredOperation } from "@evals-api/types/registry";
import { type Finding, finding } from "./findings.js";
import { sameClass } from "./spec.js";

const VENDOR: Provenance = { source: "vendor" };

// An expected status the operation does not document is nobody's assumption: held as the vendor's.
const markerOfStatus = (operation: RegisteredOperation, status: number) =>
  operation.response(status)?.provenance ?? VENDOR;

export function statusFinding(
  operation: RegisteredOperation,
  expect: readonly number[],
  subject: Provenance,
  status: number,
): Finding | undefined {
  if (expect.includes(status)) return undefined;
  const message = `expected ${expect.join(" or ")}, got ${status}`;
  if (subject.source === "assumed") return finding("status", subject, message);
  const allAssumed = expect.every((s) => markerOfStatus(operation, s).source === "assumed");
  const sibling = expect.find((s) => sameClass(s, status));
  if (allAssumed && sibling !== undefined) {
    return finding("status", markerOfStatus(operation, sibling), message);
  }
  return finding("status", VENDOR, message);
}
