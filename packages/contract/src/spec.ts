// What the checks read from a registry beyond its operation table: the JSON Schema keywords the
// body rules walk, whose fact a schema, a parameter or a security scheme is, the parameters'
// examples, and how a status the spec does not document is read. Everything is read from the
// registry's own document (the shipped spec's, or a fixture's) through `@evals-api/types/spec`.
import type { Provenance, RegisteredOperation, Registry } from "@evals-api/types/registry";
import { declaredParameters, keywordProvenance, resolveRefIn } from "@evals-api/types/spec";

/** The JSON Schema keywords (and provenance markers) the checks read. */
export interface SchemaNode {
  $ref?: string;
  title?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  dependentRequired?: Record<string, string[]>;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  example?: unknown;
  examples?: unknown[];
  "x-provenance"?: Provenance;
  "x-keyword-provenance"?: Record<string, Provenance>;
}

/** One parameter an operation takes, as its document declares it. */
export interface Parameter {
  name: string;
  /** `path`, `query` or `header`. */
  in: string;
  required: boolean;
  schema: SchemaNode;
  provenance: Provenance;
  /** The spec's example value (`example`, the first of `examples`, or the schema's); null when it gives none. */
  example: unknown;
}

const VENDOR: Provenance = { source: "vendor" };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);
const child = (node: unknown, key: string): Json | undefined => {
  const value = isObject(node) ? node[key] : undefined;
  return isObject(value) ? value : undefined;
};
const isProvenance = (value: unknown): value is Provenance =>
  isObject(value) && (value.source === "vendor" || value.source === "assumed");
// The lint gate makes every operation, response, parameter and scheme state a marker; a node
// without one (a hand-built registry) is read as the vendor's, so that nothing passes unseen.
const markerOf = (node: unknown): Provenance => {
  const marker = isObject(node) ? node["x-provenance"] : undefined;
  return isProvenance(marker) ? marker : VENDOR;
};

/** The document of one registry, read by the checks. */
export class SpecReader {
  readonly #parameters = new Map<string, Parameter[]>();

  constructor(readonly registry: Registry) {}

  /** Follows local `$ref`s in the registry's document. */
  resolve<T = SchemaNode>(node: unknown): T {
    return resolveRefIn<T>(this.registry.document, node);
  }

  /** A named schema of `components.schemas`, as written. */
  componentSchema(name: string): SchemaNode {
    const schema = child(child(this.registry.document.components, "schemas"), name);
    if (schema === undefined)
      throw new Error(`the registry's document has no component schema ${JSON.stringify(name)}`);
    return schema as SchemaNode;
  }

  /** Whether a component schema is ours as a whole (`x-provenance: assumed`, e.g. ErrorEnvelope). */
  schemaProvenance(schemaName: string): Provenance {
    return markerOf(this.componentSchema(schemaName));
  }

  /** The marker of one keyword of a schema node of this document (`x-keyword-provenance`, or the node's own). */
  keywordMarker(schema: unknown, keyword: string): Provenance {
    return keywordProvenance(this.resolve<unknown>(schema), keyword);
  }

  /** The marker of a security scheme (`components.securitySchemes[name]`). */
  schemeProvenance(scheme: string): Provenance {
    return markerOf(this.resolve(child(child(this.registry.document.components, "securitySchemes"), scheme)));
  }

  /**
   * The parameters an operation takes: the registry's records (merged, with provenance and example),
   * each with its schema from the document.
   */
  parameters(operation: RegisteredOperation): Parameter[] {
    const known = this.#parameters.get(operation.operationId);
    if (known !== undefined) return known;
    const pathItem = this.resolve(child(this.registry.document.paths, operation.path));
    const declared = declaredParameters(
      this.registry.document,
      pathItem,
      child(pathItem, operation.method.toLowerCase()),
    );
    const schemaOf = (name: string, location: string) =>
      this.resolve<SchemaNode | undefined>(declared.find((d) => d.name === name && d.in === location)?.schema) ?? {};
    const parameters = operation.parameters.map((p): Parameter => ({ ...p, schema: schemaOf(p.name, p.in) }));
    this.#parameters.set(operation.operationId, parameters);
    return parameters;
  }

  /** The spec's example value of each path parameter, by name. */
  pathExamples(operation: RegisteredOperation): Record<string, unknown> {
    return Object.fromEntries(
      this.parameters(operation)
        .filter((p) => p.in === "path")
        .map((p) => [p.name, p.example]),
    );
  }
}

/**
 * The marker of what a check tests: the first enclosing marker (the operation, a parameter) that
 * is an assumption, since everything under an assumption is ours too; else the rule's own marker.
 */
export function subjectOf(...markers: [Provenance, ...Provenance[]]): Provenance {
  return markers.find((m) => m.source === "assumed") ?? (markers.at(-1) as Provenance);
}

const statusClass = (status: number | string) => String(status)[0];

/** Whether two statuses are of one class: 2xx and 2xx, 4xx and 4xx. */
export function sameClass(a: number, b: number): boolean {
  return statusClass(a) === statusClass(b);
}

/** Whether the operation documents this exact status (not only through a range or `default`). */
export function documentsExactly(operation: RegisteredOperation, status: number): boolean {
  return operation.response(status)?.statusKey === String(status);
}

/**
 * For a status the operation does not document, the first documented status key of the same class
 * (a create answering 200 is read as the documented 202); undefined when there is none.
 */
export function siblingStatusKey(operation: RegisteredOperation, status: number): string | undefined {
  return Object.keys(operation.responses).find((key) => statusClass(key) === statusClass(status));
}

/**
 * What an undocumented status breaks: the spec's status list, of which only the vendor-stated
 * statuses are the vendor's (for create-run, only 404); the rest is ours.
 */
export function statusListProvenance(operation: RegisteredOperation): Provenance {
  const stated = Object.keys(operation.responses).filter(
    (key) => operation.responseProvenance[key]?.source === "vendor",
  );
  return {
    source: "assumed",
    reason: `The vendor documents ${stated.length === 0 ? "no status" : new Intl.ListFormat("en").format(stated)} for ${operation.operationId}; the spec's other statuses are ours, so a server may answer others.`,
  };
}

/** The spec's example request bodies for an operation. */
export function exampleBodies(operation: RegisteredOperation): Record<string, unknown>[] {
  return Object.values(operation.requestExamples()) as Record<string, unknown>[];
}

const readers = new WeakMap<Registry, SpecReader>();

/** The one reader of a registry's document (its parameter lists are read once). */
export function specOf(registry: Registry): SpecReader {
  let reader = readers.get(registry);
  if (reader === undefined) {
    reader = new SpecReader(registry);
    readers.set(registry, reader);
  }
  return reader;
}
