// The floors: bare node:http servers that answer the two operations with fixed bodies (the seed
// agent, a 202 run) and do no other work. With `--parse-json`, a POST body is also read whole and
// JSON.parsed before the fixed 202 — the least any server that looks at a create-run body must do.
// Run as its own process (`node dist/fixed-body-server.js <port> [--parse-json]`) so that its CPU
// time is not the client's; it imports nothing but node:http, so its startup is bare node:http's.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { pathToFileURL } from "node:url";
import { type FixedBodies, fixedBodiesFromEnvironment } from "./fixed-bodies.js";

export interface FixedBodyServerOptions {
  /** Read the whole POST body and JSON.parse it before answering (the POST floor). */
  parseJson: boolean;
}

function readJson(req: IncomingMessage, done: (ok: boolean) => void): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString("utf8"));
      done(true);
    } catch {
      done(false);
    }
  });
}

export function createFixedBodyServer(bodies: FixedBodies, options: FixedBodyServerOptions): Server {
  const agent = Buffer.from(bodies.agent);
  const accepted = Buffer.from(bodies.accepted);
  return createServer((req, res) => {
    const reply = (status: number, body: Buffer) => {
      res.writeHead(status, { "content-type": "application/json", "content-length": body.length });
      res.end(body);
    };
    if (req.method === "GET" && req.url?.startsWith("/v1/evals/agents/")) return reply(200, agent);
    if (req.method === "POST" && req.url === "/v1/evals/runs") {
      if (options.parseJson) {
        readJson(req, (ok) => (ok ? reply(202, accepted) : res.writeHead(400).end()));
        return;
      }
      // Read the whole body, as a real server must before it can answer.
      req.on("data", () => {});
      req.on("end", () => reply(202, accepted));
      return;
    }
    res.writeHead(404).end();
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.argv[2] ?? 0);
  const server = createFixedBodyServer(fixedBodiesFromEnvironment(), {
    parseJson: process.argv.includes("--parse-json"),
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, "127.0.0.1");
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
