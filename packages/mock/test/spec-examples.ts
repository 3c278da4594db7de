// The spec's own examples, read from the bundled document (tests compare against them).
import { operationIndex } from "@evals-api/types";
import {
  componentSchema,
  requestExamples as examplesOf,
  operationObject,
  responseExamples,
} from "@evals-api/types/spec";

export { responseExamples };

export function requestExamples(): Record<string, any> {
  return examplesOf("createEvalRun");
}

/** The Get Eval Agent examples by name (`empathyCheck`, published; `neverPublished`). */
export function agentExamples(): Record<string, any> {
  return responseExamples("getEvalAgent", String(operationIndex.getEvalAgent.successStatus));
}

export function agentExample(): any {
  return Object.values(agentExamples())[0];
}

export function schema(name: string): any {
  return componentSchema(name);
}

export function responseExampleCodes(status: string): string[] {
  const operationId =
    status in (operationObject("createEvalRun").responses as object) ? "createEvalRun" : "getEvalAgent";
  return Object.values(responseExamples(operationId, status)).flatMap((ex: any) => ex.errors.map((e: any) => e.error));
}
