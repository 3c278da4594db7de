// The generated header-parameter validator, with the bounds read from the spec's declaration. The
// rules of Idempotency-Key, our extension, are assumed ones; a key under another spelling is a
// mistake in the object passed (the validator's own rule), not in the request.
import { validateCreateEvalRunHeaderParams } from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";
import { doc, resolveRef } from "./spec";

const declared = doc.paths[
  Object.keys(doc.paths).find((path) => doc.paths[path].post?.operationId === "createEvalRun") as string
].post.parameters
  .map(resolveRef<Record<string, any>>)
  .filter((p: Record<string, any>) => p.in === "header");
const key = declared.find((p: Record<string, any>) => p.schema.maxLength !== undefined) as Record<string, any>;
const { minLength, maxLength } = key.schema as { minLength: number; maxLength: number };
const pointer = `/${key.name.replaceAll("~", "~0").replaceAll("/", "~1")}`;

describe("validateCreateEvalRunHeaderParams", () => {
  it("accepts a key of any length within the spec's bounds", () => {
    for (const value of ["k".repeat(minLength), crypto.randomUUID(), "k".repeat(maxLength)]) {
      expect(validateCreateEvalRunHeaderParams({ [key.name]: value })).toEqual([]);
      expect(validateCreateEvalRunHeaderParams.is({ [key.name]: value })).toBe(true);
    }
  });

  it("rejects an empty key at the header's name", () => {
    expect(minLength).toBeGreaterThan(0);
    expect(validateCreateEvalRunHeaderParams({ [key.name]: "" })).toEqual([
      { path: pointer, message: `must NOT have fewer than ${minLength} characters`, source: "assumed" },
    ]);
  });

  it("rejects a key longer than the spec allows", () => {
    const issues = validateCreateEvalRunHeaderParams({ [key.name]: "k".repeat(maxLength + 1) });
    expect(issues).toEqual([
      { path: pointer, message: `must NOT have more than ${maxLength} characters`, source: "assumed" },
    ]);
    expect(validateCreateEvalRunHeaderParams.is({ [key.name]: "k".repeat(maxLength + 1) })).toBe(false);
  });

  it("counts length in characters (code points), as JSON Schema does, not UTF-16 units", () => {
    const emoji = "\u{1F600}"; // one character, two UTF-16 units
    expect(validateCreateEvalRunHeaderParams({ [key.name]: emoji.repeat(maxLength) })).toEqual([]);
    expect(validateCreateEvalRunHeaderParams({ [key.name]: emoji.repeat(maxLength + 1) })).toEqual([
      { path: pointer, message: `must NOT have more than ${maxLength} characters`, source: "assumed" },
    ]);
  });

  it("requires exactly the headers the spec marks required", () => {
    const required = declared.filter((p: Record<string, any>) => p.required).map((p: Record<string, any>) => p.name);
    const issues = validateCreateEvalRunHeaderParams({});
    expect(issues).toEqual(
      required.map((name: string) => ({ path: `/${name}`, message: "is required", source: "vendor" })),
    );
  });

  it("reports a header passed under another spelling instead of ignoring it", () => {
    const lower = key.name.toLowerCase();
    expect(lower).not.toBe(key.name);
    expect(validateCreateEvalRunHeaderParams({ [lower]: "" })).toContainEqual({
      path: `/${lower}`,
      message: "is not a known field (remove it or check its spelling)",
      source: "vendor",
    });
  });
});
