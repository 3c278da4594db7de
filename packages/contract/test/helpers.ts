import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createMockServer, type MockServerOptions } from "@evals-api/mock";

export const API_KEY = "contract-test-key";
export const IN_PROCESS_URL = "http://evals-mock.test";

export type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** A mock that requires API_KEY, so that an invalid key is refused as the real API does. */
export function keyedMock(options: MockServerOptions = {}) {
  return createMockServer({ apiKey: API_KEY, ...options });
}

/**
 * A deliberately broken server: the mock, with each JSON response passed through `breakIt`
 * (which may change the body, the status or the content type).
 */
export function brokenFetch(
  fetchFn: Fetch,
  breakIt: (
    request: Request,
    response: { status: number; body: any; contentType: string },
  ) => { status: number; body: any; contentType: string } | undefined,
): Fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await fetchFn(request.clone());
    const original = { status: response.status, body: await response.json(), contentType: "application/json" };
    const broken = breakIt(request, structuredClone(original)) ?? original;
    const text = typeof broken.body === "string" ? broken.body : JSON.stringify(broken.body);
    return new Response(text, { status: broken.status, headers: { "content-type": broken.contentType } });
  };
}

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 that answers with `handle`, for what a fetch handler cannot script. */
export async function listenRaw(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<HttpServer> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A node:http request listener that answers with a fetch handler (an in-process server). */
export function answerWith(handler: (request: Request) => Promise<Response>) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const response = await handler(
        new Request(`http://127.0.0.1${req.url}`, {
          method: req.method,
          headers,
          ...(hasBody && { body: Buffer.concat(chunks) }),
        }),
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  };
}

/** Serves a fetch handler over node:http on 127.0.0.1. */
export function listenFetch(handler: (request: Request) => Promise<Response>): Promise<HttpServer> {
  return listenRaw(answerWith(handler));
}

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the built `evals-contract` bin (`pnpm --filter @evals-api/contract build` first). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}
