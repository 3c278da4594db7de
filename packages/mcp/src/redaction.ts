// The last guard before anything leaves the server: every string of a tool result (and every
// property name) with the API key replaced. The client already keeps the key out of what it throws;
// a server echoing it in a body, or an argument quoting it, must not put it in a transcript either.
const MARK = "[redacted]";

export type Redact = <T>(value: T) => T;

export function redaction(apiKey: string): Redact {
  const text = (value: string) => (apiKey === "" ? value : value.replaceAll(apiKey, MARK));
  const copy = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === "string") return text(value);
    if (value === null || typeof value !== "object") return value;
    if (seen.has(value)) return MARK; // a cycle: JSON could not carry it anyway
    seen.add(value);
    const out = Array.isArray(value)
      ? value.map((item) => copy(item, seen))
      : Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k), copy(v, seen)]));
    seen.delete(value);
    return out;
  };
  return <T>(value: T) => copy(value, new WeakSet()) as T;
}
