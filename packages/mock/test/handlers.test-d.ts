// The domain handlers receive input the input step checked, typed from the spec's operations.
import type { CreateEvalRunRequest } from "@evals-api/types";
import { describe, expectTypeOf, it } from "vitest";
import type { InputOf } from "../src/handlers.js";

describe("a domain handler's input", () => {
  it("is typed from the spec", () => {
    expectTypeOf<InputOf<"createEvalRun">["body"]>().toEqualTypeOf<CreateEvalRunRequest>();
    expectTypeOf<InputOf<"getEvalAgent">["params"]>().toEqualTypeOf<{ eval_agent_id: string }>();
    expectTypeOf<InputOf<"getEvalAgent">["body"]>().toEqualTypeOf<undefined>();
    expectTypeOf<InputOf<"createEvalRun">["headers"]>().toEqualTypeOf<Readonly<Record<string, string | null>>>();
  });
});
