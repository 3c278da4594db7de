// The key must never be reachable from anything the client throws, even when a server, a proxy or
// the caller's own fetch echoes it back. So what comes from outside is copied, with the key replaced
// in every string and every property name: a JSON error body, and whatever a fetch throws. A copy
// keeps the prototype (so `instanceof` still holds) and the own properties, causes included.
// Functions and symbol-keyed properties are left out: no copy can vouch for what they hold.

const MARK = "[redacted]";
// Deeper than any real error body or cause chain. What lies deeper is redacted whole: recursion would
// overflow the stack here (and lose the answer's status), and so would the caller's JSON.stringify.
const MAX_DEPTH = 100;

export interface Redaction {
  /** A copy of `value` with the key replaced everywhere in it, names included. */
  <T>(value: T): T;
  /** One string with the key replaced: for header values, whose names must stay names. */
  text(value: string): string;
}

export function redaction(apiKey: string): Redaction {
  const text = (value: string) => value.replaceAll(apiKey, MARK);
  const copy = (value: unknown, depth: number, copies: Map<object, unknown>): unknown => {
    if (typeof value === "string") return text(value);
    if (typeof value !== "object" || !value) return typeof value === "function" ? undefined : value;
    if (copies.has(value)) return copies.get(value);
    if (depth > MAX_DEPTH) return MARK;
    const list = Array.isArray(value);
    const out = list ? [] : Object.create(Object.getPrototypeOf(value));
    copies.set(value, out);
    // An error's name and message may be getters of its class (DOMException's are): copied as data.
    for (const name of [...(value instanceof Error ? ["name", "message"] : []), ...Object.getOwnPropertyNames(value)]) {
      if (list && name === "length") continue;
      Object.defineProperty(out, text(name), {
        value: copy((value as Record<string, unknown>)[name], depth + 1, copies),
        enumerable: Object.prototype.propertyIsEnumerable.call(value, name),
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  const redact = (<T>(value: T): T => {
    try {
      return copy(value, 0, new Map()) as T;
    } catch {
      // A getter or a Proxy trap that throws: nothing of the value can be vouched for.
      return undefined as T;
    }
  }) as Redaction;
  redact.text = text;
  return redact;
}
