// The vendor's projection of a schema: the schema with every rule we assume taken out, so that what
// is left holds only what the vendor states. Validators compiled from it are the ones that may
// refuse a request or fail a server; the rules taken out may only warn.
//   x-provenance: { source: assumed }            on a schema: the whole schema is ours, nothing is left
//   x-keyword-provenance: { <keyword>: {...} }   the named keywords of that schema are ours
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** True when the schema (not its `$ref`s) holds a rule we assume. */
export function hasAssumedRule(node) {
  if (Array.isArray(node)) return node.some(hasAssumedRule);
  if (!isObject(node)) return false;
  if (node["x-provenance"]?.source === "assumed") return true;
  if (Object.values(node["x-keyword-provenance"] ?? {}).some((m) => m?.source === "assumed")) return true;
  return Object.entries(node).some(
    ([key, value]) => !key.startsWith("x-") && key !== "examples" && hasAssumedRule(value),
  );
}

/** The schema without the rules we assume; annotations are kept. */
export function vendorProjection(node) {
  if (Array.isArray(node)) return node.map(vendorProjection);
  if (!isObject(node)) return node;
  if (node["x-provenance"]?.source === "assumed") {
    // Keep only what describes it: a schema that constrains nothing.
    return Object.fromEntries(Object.entries(node).filter(([key]) => key === "description" || key === "title"));
  }
  const assumed = new Set(
    Object.entries(node["x-keyword-provenance"] ?? {})
      .filter(([, marker]) => marker?.source === "assumed")
      .map(([keyword]) => keyword),
  );
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !assumed.has(key))
      .map(([key, value]) => [key, key.startsWith("x-") || key === "examples" ? value : vendorProjection(value)]),
  );
}
