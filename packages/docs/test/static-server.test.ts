// The loopback server that `pnpm dev` and the browser test use to serve dist/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDirectory } from "../src/static-server.mjs";

let root: string;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  const parent = mkdtempSync(join(tmpdir(), "evals-docs-server-"));
  root = join(parent, "site");
  mkdirSync(root);
  writeFileSync(join(root, "index.html"), "<!doctype html><title>docs</title>");
  writeFileSync(join(root, "openapi.json"), "{}");
  writeFileSync(join(parent, "secret.txt"), "outside the served folder");
  server = await serveDirectory(root);
});

afterAll(async () => {
  await server.close();
  rmSync(join(root, ".."), { recursive: true, force: true });
});

describe("serveDirectory", () => {
  it("listens on 127.0.0.1 and serves index.html for /", async () => {
    expect(new URL(server.url).hostname).toBe("127.0.0.1");
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toContain("<title>docs</title>");
  });

  it("serves the downloadable document as JSON", async () => {
    const response = await fetch(new URL("openapi.json", server.url));
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });

  it("never serves a file outside the folder, however the path is spelled", async () => {
    for (const path of ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%E0%A4%A"]) {
      const response = await fetch(`${server.url.slice(0, -1)}${path}`);
      expect(response.status, path).toBe(404);
    }
  });

  it("answers 405 to anything but GET and HEAD", async () => {
    const response = await fetch(server.url, { method: "POST", body: "x" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });
});
