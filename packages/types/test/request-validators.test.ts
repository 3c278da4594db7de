// The narrow entry a client loads before sending: exactly the request side of every operation.
import { operationIndex } from "@evals-api/types";
import * as requestValidators from "@evals-api/types/request-validators";
import * as validators from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";

const requestSide: string[] = Object.values(operationIndex).flatMap((op) =>
  [op.requestBodySchema, op.pathParamsSchema, op.queryParamsSchema, op.headerParamsSchema].filter(
    (name) => name !== null,
  ),
);
const { operationRequestValidators, ...namedValidators } = requestValidators;

describe("@evals-api/types/request-validators", () => {
  it("exports the validator of every request body and parameter object in the spec, and formatIssues", () => {
    expect(requestSide.length).toBeGreaterThan(0);
    expect(Object.keys(namedValidators).sort()).toEqual(
      [...new Set(requestSide.map((name) => `validate${name}`)), "formatIssues"].sort(),
    );
  });

  it("no response validator: those stay in @evals-api/types/validators", () => {
    const responseSide = Object.values(operationIndex).flatMap((op) => Object.values(op.responses));
    for (const name of responseSide) {
      if (name === null || requestSide.includes(name)) continue;
      expect(Object.keys(validators)).toContain(`validate${name}`);
      expect(Object.keys(requestValidators)).not.toContain(`validate${name}`);
    }
  });

  it("its validators are the same functions as the full entry's", () => {
    for (const [name, validate] of Object.entries(namedValidators)) {
      expect(validate).toBe((validators as Record<string, unknown>)[name]);
    }
  });

  it("holds each operation's request validators by reference: the full table without its responses", () => {
    expect(Object.keys(operationRequestValidators)).toEqual(Object.keys(operationIndex));
    for (const [id, { responses: _responses, ...requestSideOf }] of Object.entries(validators.operationValidators)) {
      expect(operationRequestValidators[id as keyof typeof operationRequestValidators]).toEqual(requestSideOf);
    }
  });
});
