// The public types of the contract kit: the policy, the outcomes and the findings are closed
// unions, so a typo in a CI script's options fails to compile.
import {
  type OperationId as FixtureOperationId,
  registry as withThirdOperation,
} from "@evals-api/fixture-third-operation";
import type { OperationId } from "@evals-api/types/registry";
import { describe, expectTypeOf, it } from "vitest";
import {
  type CheckResult,
  type ContractOptions,
  type ContractReport,
  type Coverage,
  type CoverageRecorder,
  createCoverage,
  type FailOn,
  type Finding,
  formatJUnit,
  formatProxyJUnit,
  type Outcome,
  type ProxyReport,
  runContractSuite,
  type Severity,
} from "../src/index.js";

describe("the contract kit's types", () => {
  it("a report carries its coverage; a fuzz run its size and seed", () => {
    expectTypeOf<ContractReport["coverage"]>().toEqualTypeOf<Coverage>();
    expectTypeOf<ContractReport["fuzz"]>().toEqualTypeOf<{ runs: number; seed: number } | undefined>();
    expectTypeOf<Coverage["conformance"]["score"]>().toEqualTypeOf<number | null>();
    expectTypeOf<ContractOptions["fuzz"]>().toEqualTypeOf<{ runs: number; seed?: number } | undefined>();
    // @ts-expect-error: the fuzz option takes a number of runs, not a string from a flag
    const fuzzed: ContractOptions = { baseUrl: "http://127.0.0.1", apiKey: "k", fuzz: { runs: "10" } };
    expectTypeOf(fuzzed).toMatchTypeOf<ContractOptions>();
    expectTypeOf(createCoverage).returns.toEqualTypeOf<CoverageRecorder>();
    expectTypeOf(formatJUnit).parameter(0).toMatchTypeOf<ContractReport<string>>();
    expectTypeOf(formatJUnit).returns.toEqualTypeOf<string>();
    expectTypeOf(formatProxyJUnit).parameter(0).toEqualTypeOf<ProxyReport>();
  });

  it("failOn takes exactly the three policies", () => {
    expectTypeOf<FailOn>().toEqualTypeOf<"violation" | "warning" | "never">();
    expectTypeOf<ContractOptions["failOn"]>().toEqualTypeOf<FailOn | undefined>();
    // @ts-expect-error: "strict" is the CLI's --strict, the API spells it failOn: "warning"
    const strict: ContractOptions = { baseUrl: "http://127.0.0.1", apiKey: "k", failOn: "strict" };
    expectTypeOf(strict).toMatchTypeOf<ContractOptions>();
  });

  it("limits are numbers of ms", () => {
    expectTypeOf<ContractOptions["timeoutMs"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ContractOptions["deadlineMs"]>().toEqualTypeOf<number | undefined>();
    // @ts-expect-error: a string is refused at run time too (RangeError), and never compiles
    runContractSuite({ baseUrl: "http://127.0.0.1", apiKey: "k", deadlineMs: "1000" });
  });

  it("a report counts warnings, and each result carries its findings", () => {
    expectTypeOf<Outcome>().toEqualTypeOf<"pass" | "warn" | "fail" | "not-run">();
    expectTypeOf<CheckResult["findings"]>().toEqualTypeOf<Finding[]>();
    expectTypeOf<Finding["severity"]>().toEqualTypeOf<Severity>();
    expectTypeOf<Severity>().toEqualTypeOf<"violation" | "warning">();
    expectTypeOf<Finding["assumption"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ContractReport>().toHaveProperty("warned").toEqualTypeOf<number>();
    expectTypeOf<ContractReport>().toHaveProperty("complete").toEqualTypeOf<boolean>();
    expectTypeOf<ContractReport["failOn"]>().toEqualTypeOf<FailOn>();
    expectTypeOf(
      runContractSuite({ baseUrl: "http://127.0.0.1", apiKey: "k" }),
    ).resolves.toEqualTypeOf<ContractReport>();
  });

  it("a report names the operations of the registry it checked", () => {
    // By default, the shipped spec's operations; with another registry, that registry's.
    expectTypeOf<CheckResult["operationId"]>().toEqualTypeOf<OperationId>();
    expectTypeOf<"getEvalAgent">().toExtend<CheckResult["operationId"]>();
    const report = runContractSuite({ baseUrl: "http://127.0.0.1", apiKey: "k", registry: withThirdOperation });
    expectTypeOf(report).resolves.toEqualTypeOf<ContractReport<FixtureOperationId>>();
    expectTypeOf<"getEvalRun">().toExtend<FixtureOperationId>();
  });
});
