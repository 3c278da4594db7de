// Reading and writing a JSON value at a pointer given as its segments (["attached_agents", "0",
// "weight"]), for the request bodies the checks and the fuzzer derive from the spec's examples.

export type Container = Record<string, unknown>;

/** The segments of a JSON Pointer: "" is the whole value, "/a/0" is ["a", "0"]. */
export const segmentsOf = (pointer: string): string[] =>
  pointer === ""
    ? []
    : pointer
        .slice(1)
        .split("/")
        .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));

/** The value at `pointer`, or undefined where the path leaves the value. */
export function getAt(root: unknown, pointer: string[]): unknown {
  return pointer.reduce<unknown>((node, key) => (node == null ? undefined : (node as Container)[key]), root);
}

/** Sets (undefined: deletes) the value at `pointer`, a member of an object or array that exists. */
export function setAt(root: Container, pointer: string[], value: unknown): void {
  const parent = getAt(root, pointer.slice(0, -1)) as Container;
  const last = pointer[pointer.length - 1] as string;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}
