// The loopback peer every client is measured against: a bare node:http server that answers the
// two operations with fixed bodies (the seed agent, a 202 run) and does no other work. Run as its
// own process (`node dist/fixed-body-server.js <port>`) so that its CPU time is not the client's.
import { createServer, type Server } from "node:http";
import { pathToFileURL } from "node:url";
import { acceptedRunBody, seedAgentBody } from "./fixtures.js";

const agent = Buffer.from(JSON.stringify(seedAgentBody));
const accepted = Buffer.from(JSON.stringify(acceptedRunBody));

export function createFixedBodyServer(): Server {
  return createServer((req, res) => {
    const reply = (status: number, body: Buffer) => {
      res.writeHead(status, { "content-type": "application/json", "content-length": body.length });
      res.end(body);
    };
    if (req.method === "GET" && req.url?.startsWith("/v1/evals/agents/")) return reply(200, agent);
    if (req.method === "POST" && req.url === "/v1/evals/runs") {
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
  const server = createFixedBodyServer();
  server.keepAliveTimeout = 60_000;
  server.listen(port, "127.0.0.1");
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
