// The built page is self-contained: checked statically here (the browser test checks it live).
import { describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY, remoteResources, replaceRemoteBadge } from "../src/offline.mjs";
import { withHashLinks } from "../src/site.mjs";
import { readBuilt } from "./built-site.ts";

const builtPage = readBuilt("index.html");

describe("remoteResources", () => {
  it("finds scripts, styles, fonts and images on other origins", () => {
    const page = [
      '<script src="https://cdn.example.com/redoc.standalone.js"></script>',
      '<link rel="stylesheet" href="//fonts.example.com/css?family=Inter">',
      "<style>@font-face { src: url(https://fonts.example.com/inter.woff2) }</style>",
      "<script>img.src = `https://cdn.example.com/logo-mini.svg`</script>",
    ].join("\n");
    expect(remoteResources(page)).toEqual(
      expect.arrayContaining([
        "https://fonts.example.com/inter.woff2",
        "https://cdn.example.com/logo-mini.svg",
        "https://cdn.example.com/redoc.standalone.js",
        '<link rel="stylesheet" href="//fonts.example.com/css?family=Inter',
      ]),
    );
  });

  it("ignores links a reader follows and same-origin files", () => {
    const page =
      '<a href="https://github.com/evals-api/evals-api">source</a><img src="logo.svg"><a href="openapi.json">';
    expect(remoteResources(page)).toEqual([]);
  });

  it("finds Redoc's CDN badge in a raw build-docs page, and none once the badge is replaced", () => {
    const raw = "c=e?`https://cdn.redoc.ly/redoc/logo-mini-full.svg`:`https://cdn.redoc.ly/redoc/logo-mini.svg`";
    expect(remoteResources(raw)).toHaveLength(2);
    expect(remoteResources(replaceRemoteBadge(raw))).toEqual([]);
    expect(replaceRemoteBadge(raw)).toContain("data:image/svg+xml,");
  });
});

describe("the built dist/index.html", () => {
  it("references nothing on another origin and inlines Redoc", () => {
    expect(remoteResources(builtPage)).toEqual([]);
    expect(builtPage).not.toMatch(/<script[^>]+src=/);
    expect(builtPage).toContain("hydrate(__redoc_definition");
  });

  it("carries a Content-Security-Policy that lets the browser refuse other origins", () => {
    const meta = builtPage.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
    expect(meta?.[1]?.replaceAll("&#x27;", "'")).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
  });

  it("prerenders its links in the hash form that the page routes by", () => {
    const prerendered = builtPage.slice(
      builtPage.indexOf('<div id="redoc">'),
      builtPage.indexOf('<script type="module">'),
    );
    expect(prerendered).toContain('href="#/');
    expect(prerendered).not.toMatch(/href="\/[^/]/);
  });

  it("gets them from withHashLinks, which leaves other links and the script alone", () => {
    const script = '<script type="module">const html = \'<a href="/keep">\';</script>';
    const page = `<div id="redoc"><a href="/eval-runs">Eval runs</a><a href="https://example.com/">x</a></div>${script}`;
    expect(withHashLinks(page)).toBe(
      `<div id="redoc"><a href="#/eval-runs">Eval runs</a><a href="https://example.com/">x</a></div>${script}`,
    );
  });
});
