// The registry the panels' bundle is built against: esbuild aliases this name to the site's
// registry module (src/try-it-bundle.mjs), the shipped spec's or a fixture's.
declare module "evals-try-it-registry" {
  export const registry: import("@evals-api/types/registry").Registry;
}
