// Starting servers under test: a port outside the range client sockets use, and a server that
// finds its port taken is restarted on another instead of being waited for until the deadline.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { freePort, startServer } from "../src/processes.ts";

describe("freePort", () => {
  it("stays below the kernel's ephemeral range, where outgoing connections take their ports", async () => {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    for (let i = 0; i < 5; i++) expect(await freePort()).toBeLessThan(low as number);
  });
});

describe("startServer", () => {
  it("gives up on a server that keeps reporting EADDRINUSE after a few ports, without waiting out the deadline", async () => {
    const attempt = startServer({
      name: "port thief",
      command: process.execPath,
      args: [
        "-e",
        "console.error('listen EADDRINUSE: address already in use 127.0.0.1:{port}'); setInterval(() => {}, 1000)",
      ],
      readyPath: "/",
      // Far beyond the test's own timeout: only giving up on EADDRINUSE lets this test pass.
      timeoutMs: 600_000,
    });
    await expect(attempt).rejects.toThrow(/port \d+ was taken before it could listen/);
  });
});
