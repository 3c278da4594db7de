// The registry is the one place that reads the spec's structure: a package that follows `$ref`s
// or compiles a path template on its own drifts from the others (five resolvers and five path
// matchers once did, each with its own gaps). This scans the source of every package under
// packages/*/src, comments left out, for the two, and allows them only in @evals-api/types' readers.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Where the spec may be read structurally: the readers behind `@evals-api/types/spec`. */
const readers = new Set([
  "packages/types/src/document-readers.mjs",
  "packages/types/src/registry.ts",
  "packages/types/src/spec.ts",
]);

const rules: { what: string; pattern: RegExp }[] = [
  // `node.$ref`, `node["$ref"]`, `{ $ref }` / `$ref:` in a pattern or a type, `"#/components/…"` pointers.
  { what: "follows a $ref", pattern: /\.\$ref\b|\[\s*["'`]\$ref["'`]\s*\]|[{,]\s*\$ref\s*[:?,}]|["'`]#\/components\// },
  // A regex literal or string that matches `{name}` of a path template, or Hono's `:name` rewrite.
  { what: "compiles a path template", pattern: /\\\{\(|\\\{\[\^|\/\\\{|\{\(\\w\+\)\}|["'`]:\$1["'`]/ },
];

/** The source with comments blanked out (strings kept), so prose about `$ref`s is not code. */
function codeOf(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|(^|[^:"'`\\])\/\/.*$/gm, (match, lead = "") =>
    match.startsWith("/*") ? " ".repeat(match.length) : lead,
  );
}

function violations(file: string, source: string): string[] {
  const lines = codeOf(source).split("\n");
  return rules.flatMap(({ what, pattern }) =>
    lines.flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1} ${what}: ${line.trim()}`] : [])),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(m?[jt]s|tsx)$/.test(name) && !name.endsWith(".d.mts") ? [path] : [];
  });
}

const packagesDir = join(root, "packages");
const files = readdirSync(packagesDir).flatMap((pkg) => {
  const src = join(packagesDir, pkg, "src");
  try {
    return sourceFiles(src);
  } catch {
    return []; // a package without src/
  }
});

describe("reading the spec's structure goes through @evals-api/types/spec", () => {
  it("finds the packages' sources", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it("no package source follows a $ref or compiles a path template of its own", () => {
    const found = files
      .map((path) => relative(root, path))
      .filter((file) => !readers.has(file))
      .flatMap((file) => violations(file, readFileSync(join(root, file), "utf8")));
    expect(found, "read the spec through @evals-api/types/spec or /registry instead").toEqual([]);
  });

  it("would catch each way of doing so (the scan is not blind)", () => {
    const caught = (code: string) => violations("x.ts", code).length > 0;
    for (const code of [
      "const target = node.$ref;",
      'const target = node["$ref"];',
      "const { $ref, ...rest } = node;",
      "interface Node { $ref?: string }",
      'const schema = lookUp("#/components/schemas/EvalRun");',
      "path.replace(/\\{(\\w+)\\}/g, (_, name) => params[name]);",
      "const parts = path.split(/\\{([^}]+)\\}/);",
      'path.replace(/\\{(\\w+)\\}/g, ":$1");',
    ]) {
      expect(caught(code), code).toBe(true);
    }
    for (const code of [
      "// a comment about node.$ref and /\\{(\\w+)\\}/",
      "/** the `$ref` of a response */",
      "const path = operation.route.fill(params);",
      'const url = "https://example.com/a";',
    ]) {
      expect(caught(code), code).toBe(false);
    }
  });
});
