// The operations the resource methods call, by the spec's operationId, and the types of one call:
// its input by location, and the `data` its success answer carries. Method and path are typed
// against `paths`, so one the spec does not have fails to compile, and a test checks them against
// the spec's operationIndex. That table is not imported: its schema names, provenance and examples
// would go into every bundle for two strings per operation.
import type { operations, paths } from "@evals-api/types";

type Method = "get" | "put" | "post" | "delete" | "patch";
type OperationId = keyof operations;

/** The method and path `paths` holds operation `Id` under. */
type RouteOf<Id extends OperationId> = {
  [P in keyof paths]: {
    [M in Method]: [paths[P][M]] extends [operations[Id]]
      ? [operations[Id]] extends [paths[P][M]]
        ? readonly [Uppercase<M>, P]
        : never
      : never;
  }[Method];
}[keyof paths];

export const operationRoutes = {
  createEvalRun: ["POST", "/v1/evals/runs"],
  getEvalAgent: ["GET", "/v1/evals/agents/{eval_agent_id}"],
} as const satisfies { [Id in OperationId]?: RouteOf<Id> };

/** An operation a resource method calls. */
export type RoutedOperation = keyof typeof operationRoutes;

type Parameters<Id extends OperationId> = operations[Id]["parameters"];
type JsonContent<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

/** What one call of operation `Id` sends, by where it goes in the request. */
export interface CallInput<Id extends OperationId> {
  path?: Parameters<Id>["path"];
  /** Headers the client itself adds (the Idempotency-Key): checked against every rule of the spec. */
  header?: Parameters<Id>["header"];
  body?: JsonContent<operations[Id]["requestBody"]>;
}

type SuccessStatus = 200 | 201 | 202 | 203 | 206;
type Success<Id extends OperationId> = operations[Id]["responses"][Extract<
  keyof operations[Id]["responses"],
  SuccessStatus
>];

/** The `data` of operation `Id`'s success envelope: what its resource method resolves with. */
export type Data<Id extends OperationId> = NonNullable<JsonContent<Success<Id>> extends { data: infer D } ? D : never>;
