// The policy of issue 11 at its seam: an issue of a rule the spec assumes never refuses a request.
// (Today's request schema assumes no rule, so the create-run tests cannot show it.)
import type { ValidationIssue } from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";
import { ErrorCode, MockError, refuseVendorIssues } from "../src/errors.js";

const assumed: ValidationIssue = { path: "/eval_agent_id", message: 'must match format "uuid"', source: "assumed" };
const vendor: ValidationIssue = { path: "/call_ids", message: "must NOT have fewer than 1 items", source: "vendor" };

describe("refuseVendorIssues", () => {
  it("lets a request through that breaks only assumed rules", () => {
    expect(() => refuseVendorIssues([assumed])).not.toThrow();
    expect(() => refuseVendorIssues([])).not.toThrow();
  });

  it("answers 400 with one entry per vendor issue, and none for the assumed ones", () => {
    let error: unknown;
    try {
      refuseVendorIssues([assumed, vendor]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MockError);
    expect(error).toMatchObject({
      status: 400,
      errors: [{ error: ErrorCode.invalidRequest, message: "/call_ids: must NOT have fewer than 1 items" }],
    });
  });
});
