// Spawning the built bin (what `npx evals` runs) against a mock served over HTTP from this test
// process, whose state the tests read: what was created, what was sent.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createMockServer, type MockServerOptions } from "@evals-api/mock";
import { afterEach, expect } from "vitest";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
export const BIN = fileURLToPath(new URL(`../${manifest.bin.evals}`, import.meta.url));

/** The key every test uses: it must never appear in anything the CLI prints. */
export const CANARY = "sk-canary-4c1d8e0b9f7a6e5d";
/** An agent of the mock's default seed, published. */
export const AGENT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
}

const children = new Set<ReturnType<typeof spawn>>();
const servers = new Set<{ close(): unknown }>();
afterEach(() => {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
  for (const server of servers) server.close();
  servers.clear();
});

/** Starts `evals args…` with BLAND_API_KEY unset unless given. */
export function startCli(args: string[], options: CliOptions = {}) {
  const env = { ...process.env, BLAND_API_KEY: undefined, ...options.env };
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  children.add(child);
  const output: CliResult = { code: null, stdout: "", stderr: "" };
  child.stdout.on("data", (chunk) => {
    output.stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output.stderr += chunk;
  });
  if (options.stdin !== undefined) child.stdin.end(options.stdin);
  const exited = new Promise<CliResult>((resolve) =>
    child.on("close", (code) => {
      children.delete(child);
      resolve({ ...output, code });
    }),
  );
  return { child, output, exited };
}

export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const result = await startCli(args, options).exited;
  expectNoKey(result);
  return result;
}

/** The canary key appears nowhere in what the CLI printed. */
export function expectNoKey(result: CliResult): void {
  expect(result.stdout).not.toContain(CANARY);
  expect(result.stderr).not.toContain(CANARY);
}

type Handler = (request: Request) => Promise<Response>;

/** Serves `handler` on 127.0.0.1; resolves with its base URL. */
export async function serve(handler: Handler): Promise<string> {
  const server = createServer((incoming, outgoing) => {
    answer(handler, incoming, outgoing).catch(() => outgoing.destroy());
  });
  servers.add({ close: () => server.close() });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function answer(handler: Handler, incoming: IncomingMessage, outgoing: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  const request = new Request(`http://127.0.0.1${incoming.url}`, {
    method: incoming.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
  const response = await handler(request);
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}

/** A mock that accepts only the canary key, served over HTTP. */
export async function httpMock(options: MockServerOptions = {}) {
  const mock = createMockServer({ apiKey: CANARY, ...options });
  const url = await serve((request) => mock.fetch(request));
  return { mock, url, env: { BLAND_API_KEY: CANARY } };
}

export function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "evals-cli-")), name);
  writeFileSync(file, content);
  return file;
}

export const tempPath = (name: string) => join(mkdtempSync(join(tmpdir(), "evals-cli-")), name);

export const callIds = (n: number, prefix = "call_") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** The runs the mock created, with the ids each scores. */
export const createdRuns = (mock: ReturnType<typeof createMockServer>) => [...mock.state.runs.values()];

export const creates = (mock: ReturnType<typeof createMockServer>) =>
  mock.state.requests.filter((request) => request.operationId === "createEvalRun");
