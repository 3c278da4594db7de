// The "Try it (mock)" panels' script (src/try-it/), bundled at build time with esbuild for the
// browser — @evals-api/client, @evals-api/mock (Hono) and the registry the site is built from —
// and inlined into the page, so the site stays one self-contained file. The page's CSP already
// allows inline scripts (Redoc itself is inlined), and nothing in the bundle evaluates code at
// run time (the validators are ajv's standalone output), so the CSP is not loosened.
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const entry = fileURLToPath(new URL("./try-it/mount.mjs", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** The module the bundle imports its registry from (`registry` export): the site's registry. */
export const SHIPPED_REGISTRY = "@evals-api/types/registry";

/**
 * Bundles the panels' script against the registry exported by `registryFrom`.
 * @param {{ registryFrom?: string }} [options]
 * @returns {string} the script, safe to put between <script> tags
 */
export function tryItScript({ registryFrom = SHIPPED_REGISTRY } = {}) {
  const result = buildSync({
    entryPoints: [entry],
    absWorkingDir: packageDir,
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    metafile: true,
    // Only `mock.listen()` (never called in a page) reaches these, through dynamic import().
    external: ["node:*", "@hono/node-server"],
    // @evals-api/types marks itself side-effect free, so esbuild reports a bare import it drops.
    logOverride: { "ignored-bare-import": "silent" },
    logLevel: "error",
    // mount.mjs imports its registry by this name: the shipped one, or a fixture's.
    alias: { "evals-try-it-registry": registryFrom },
  });
  const [output] = Object.values(result.metafile.outputs);
  const staticImports = (output?.imports ?? []).filter((entry) => entry.kind !== "dynamic-import");
  if (staticImports.length > 0) {
    throw new Error(
      `The Try it bundle imports ${staticImports.map((entry) => entry.path).join(", ")} outside itself: a page cannot load it.`,
    );
  }
  const [file] = result.outputFiles;
  if (file === undefined) throw new Error("esbuild wrote no Try it bundle");
  // The script is inlined: a "</script" in one of its strings would end it early.
  return file.text.replaceAll("</script", "<\\/script");
}

/**
 * The page with the panels' script added at the end of its body, after Redoc's.
 * @param {string} html
 * @param {string} script
 */
export function withTryItScript(html, script) {
  const end = html.lastIndexOf("</body>");
  if (end === -1) throw new Error("The page has no </body>: did src/page.hbs change?");
  return `${html.slice(0, end)}<script type="module" id="evals-try-it">${script}</script>\n${html.slice(end)}`;
}
