// Redocly plugin: every fact in the spec says whose it is. The vendor states some facts; we assume
// others (a status, an error shape, a header of our own). Tools read the marker to decide whether a
// rule may refuse a request or fail a server, so an unlabelled response, parameter or header would
// silently count as the vendor's.
//
//   x-provenance: { source: vendor | assumed, reason: "…" }   on operations, responses, parameters,
//                                                             headers (required), schemas, examples
//   x-keyword-provenance: { <keyword>: { source: assumed, reason: "…" } }   on a schema, naming the
//                                                             keywords of that schema that we assume
const SOURCES = ["vendor", "assumed"];
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** What is wrong with one marker, or undefined when it is well formed. */
function markerProblem(marker) {
  if (!isObject(marker)) return "must be an object { source, reason }";
  if (!SOURCES.includes(marker.source)) return `source must be one of ${SOURCES.join(", ")}`;
  if (marker.source === "assumed" && !(typeof marker.reason === "string" && marker.reason.trim() !== "")) {
    return "an assumption needs a reason: say why we assume it, or what the vendor says instead";
  }
  if (marker.reason !== undefined && typeof marker.reason !== "string") return "reason must be a string";
  const extra = Object.keys(marker).filter((key) => key !== "source" && key !== "reason");
  if (extra.length > 0) return `unknown key ${extra.join(", ")} (a marker has source and reason)`;
  return undefined;
}

function checkMarker(node, ctx) {
  if (!("x-provenance" in node)) return;
  const problem = markerProblem(node["x-provenance"]);
  if (problem) ctx.report({ message: `x-provenance ${problem}.`, location: ctx.location.child("x-provenance") });
}

/** Operations, responses, parameters and headers must state their provenance. */
function ProvenanceStated() {
  const required = (what) => ({
    enter(node, ctx) {
      if (!("x-provenance" in node)) {
        ctx.report({
          message: `Every ${what} states its provenance: add x-provenance with source vendor (the vendor states it) or assumed (with a reason).`,
          location: ctx.location.key(),
        });
        return;
      }
      checkMarker(node, ctx);
    },
  });
  return {
    Operation: required("operation"),
    Response: required("response"),
    Parameter: required("parameter"),
    Header: required("header"),
    Schema: { enter: checkMarker },
    Example: { enter: checkMarker },
  };
}

/** x-keyword-provenance names keywords of its own schema, each with an assumed marker. */
function KeywordProvenance() {
  return {
    Schema: {
      enter(schema, ctx) {
        const markers = schema["x-keyword-provenance"];
        if (markers === undefined) return;
        const at = ctx.location.child("x-keyword-provenance");
        if (!isObject(markers)) {
          ctx.report({ message: "x-keyword-provenance must map keywords to markers.", location: at });
          return;
        }
        for (const [keyword, marker] of Object.entries(markers)) {
          if (!(keyword in schema) || keyword.startsWith("x-")) {
            ctx.report({
              message: `x-keyword-provenance names "${keyword}", which this schema does not have.`,
              location: at.child(keyword),
            });
          }
          const problem =
            markerProblem(marker) ??
            (marker.source === "assumed" ? undefined : "lists only assumed keywords (vendor is the default)");
          if (problem)
            ctx.report({ message: `x-keyword-provenance.${keyword} ${problem}.`, location: at.child(keyword) });
        }
      },
    },
  };
}

/** x-billed, where given, is a boolean. */
function BilledFlag() {
  return {
    Operation: {
      enter(operation, ctx) {
        if ("x-billed" in operation && typeof operation["x-billed"] !== "boolean") {
          ctx.report({ message: "x-billed must be true or false.", location: ctx.location.child("x-billed") });
        }
      },
    },
  };
}

export default function provenancePlugin() {
  return {
    id: "evals",
    rules: {
      oas3: {
        "provenance-stated": ProvenanceStated,
        "keyword-provenance": KeywordProvenance,
        "billed-flag": BilledFlag,
      },
    },
  };
}
