// The types of document-readers.mjs, which stays plain JavaScript so the generator can run it unbuilt.

/** The nodes a `$ref` chain passes through: `node` first, then each target, ending with the first node that is not a reference. Throws, naming the ref, for a reference that is not local (`#/…`), points at nothing, or refers back to itself. */
export declare function refChain(document: unknown, node: unknown): unknown[];

/** Follows local `$ref`s until a node that is not a reference; any other value is returned as is. Throws, naming the ref, as `refChain` does. */
export declare function resolveRefIn<T = Record<string, unknown>>(document: unknown, node: unknown): T;

/** The parameters an operation takes, `$ref`s followed: its path item's, overridden by its own of the same name and location (path-item parameters first). `resolve` replaces how a `$ref` is followed (by default `resolveRefIn`). */
export declare function declaredParameters<T = Record<string, unknown>>(
  document: unknown,
  pathItem: unknown,
  operation: unknown,
  resolve?: (document: unknown, node: unknown) => unknown,
): T[];

/** The key of a `responses` object that answers `status`: the exact code, else its range (`4XX`), else `default`; undefined when none does. */
export declare function responseStatusKey(responses: unknown, status: number | string): string | undefined;

/** Whether a media type (a content key or a `content-type` header, parameters allowed) is JSON: `application/json` or a `+json` type such as `application/problem+json`. */
export declare function isJsonMediaType(type: string): boolean;

/** The first JSON media type of a `content` map (a request body's or a response's), if any. */
export declare function jsonMediaTypeOf(content: unknown): string | undefined;

/** A path template compiled once: see `compilePathTemplate`. */
export interface CompiledPath {
  /** The template as the spec writes it, e.g. `/v1/evals/agents/{eval_agent_id}`. */
  readonly template: string;
  /** Its parameter names, in order. */
  readonly names: readonly string[];
  /** Matches a whole request path (no query); each parameter is one or more non-`/` characters. */
  readonly pattern: RegExp;
  /** The parameters of a request path, percent-decoded; undefined when the path is not this template's. */
  match(pathname: string): Record<string, string> | undefined;
  /** The path with each parameter percent-encoded (`encodeURIComponent`). Throws naming a missing parameter. */
  fill(values: Record<string, unknown>): string;
}

/** Compiles a path template (`/v1/evals/agents/{eval_agent_id}`) into a matcher and a filler. */
export declare function compilePathTemplate(template: string): CompiledPath;

/** A schema with every local `$ref` replaced by its target, at any depth; the keywords next to a `$ref` are kept (an annotation replaces the target's; a constraint the target states differently sits beside it in an `allOf`). Throws, naming the refs, for a recursive schema. */
export declare function inlineSchema<T = Record<string, unknown>>(document: unknown, node: unknown): T;
