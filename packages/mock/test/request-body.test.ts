// How create-run reads its body: the content type (415), the size without buffering more than
// `maxBodyBytes` (413), UTF-8 and JSON (400), in-process and over HTTP.
import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { createMockServer, ErrorCode } from "../src/index.js";
import { conformingMock, JSON_HEADERS, post } from "./conformance.js";
import { requestExamples } from "./spec-examples.js";

const body = JSON.stringify(requestExamples().withAttachedAgents);
const bytes = new TextEncoder().encode(body);

/** A body streamed in chunks of `size` bytes, as a slow upload arrives. */
function chunked(data: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= data.byteLength) return controller.close();
      controller.enqueue(data.slice(at, at + size));
      at += size;
    },
  });
}

function postStream(mock: ReturnType<typeof createMockServer>, stream: ReadableStream<Uint8Array>) {
  return mock.fetch("/v1/evals/runs", {
    method: "POST",
    headers: JSON_HEADERS,
    body: stream,
    duplex: "half",
  } as RequestInit);
}

describe("the create-run body", () => {
  it("is accepted as JSON whatever the case of the media type, and with parameters", async () => {
    const mock = conformingMock();
    for (const contentType of [
      "application/json",
      "Application/JSON",
      "application/json; charset=utf-8",
      "application/json;v=1",
      "application/vnd.evals+json",
    ]) {
      expect((await post(mock, body, { "content-type": contentType })).status, contentType).toBe(202);
    }
  });

  it("answers 415 naming the content type it got", async () => {
    const mock = conformingMock();
    for (const contentType of ["application/jsonp", "text/json", "application/x-json", "text/application/json"]) {
      const { status, body: answer } = await post(mock, body, { "content-type": contentType });
      expect(status, contentType).toBe(415);
      expect(answer.errors).toEqual([
        {
          error: ErrorCode.unsupportedMediaType,
          message: `Content-Type must be JSON (application/json or a +json type), got ${JSON.stringify(contentType)}`,
        },
      ]);
    }
    const none = await mock.fetch("/v1/evals/runs", {
      method: "POST",
      headers: { authorization: "k" },
      body: new Blob([body]),
    });
    expect(((await none.json()) as any).errors[0].message).toBe(
      "Content-Type must be JSON (application/json or a +json type), got none",
    );
  });

  it("is read in chunks and put back together in order", async () => {
    const mock = conformingMock();
    const response = await postStream(mock, chunked(bytes, 7));
    expect(response.status).toBe(202);
    const run = ((await response.json()) as any).data;
    expect(run.submitted_call_ids).toEqual(requestExamples().withAttachedAgents.call_ids);
  });

  it("may be exactly maxBodyBytes long, not a byte more", async () => {
    const exact = conformingMock({ maxBodyBytes: bytes.byteLength });
    expect((await postStream(exact, chunked(bytes, 16))).status).toBe(202);
    const under = conformingMock({ maxBodyBytes: bytes.byteLength - 1 });
    const response = await postStream(under, chunked(bytes, 16));
    expect(response.status).toBe(413);
    expect(((await response.json()) as any).errors).toEqual([
      {
        error: ErrorCode.payloadTooLarge,
        message: `Request body exceeds ${bytes.byteLength - 1} bytes; send fewer call ids per run`,
      },
    ]);
  });

  it("drains an upload far above the limit for a while, then cancels it", async () => {
    const mock = createMockServer({ maxBodyBytes: 10 });
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(10));
      },
      cancel() {
        cancelled = true;
      },
    });
    const response = await postStream(mock, endless);
    expect(response.status).toBe(413);
    // Up to 16 times the limit is read (so an HTTP client still sending receives the 413), then
    // the upload is cancelled.
    expect(pulled).toBeGreaterThanOrEqual(17);
    expect(pulled).toBeLessThanOrEqual(19);
    expect(cancelled).toBe(true);
  });

  it("answers 413 at once when the declared Content-Length is above the limit", async () => {
    const mock = conformingMock({ maxBodyBytes: bytes.byteLength });
    const declared = (length: number) =>
      mock.fetch("/v1/evals/runs", {
        method: "POST",
        headers: { ...JSON_HEADERS, "content-length": String(length) },
        body: chunked(bytes, 64),
        duplex: "half",
      } as RequestInit);
    expect((await declared(bytes.byteLength)).status).toBe(202);
    expect((await declared(bytes.byteLength + 1)).status).toBe(413);
  });

  it("in-process, counts the bytes it reads rather than trusting a Content-Length", async () => {
    const mock = conformingMock({ maxBodyBytes: bytes.byteLength - 1 });
    const response = await mock.fetch("/v1/evals/runs", {
      method: "POST",
      headers: { ...JSON_HEADERS, "content-length": "2" },
      body: chunked(bytes, 64),
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it("answers 400 for a POST without any body", async () => {
    const mock = conformingMock();
    const response = await mock.fetch("/v1/evals/runs", { method: "POST", headers: JSON_HEADERS });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].message).toBe("(root): request body is required (a JSON object)");
  });

  it("answers 400 for bytes that are not UTF-8, and for an empty or blank body", async () => {
    const mock = conformingMock();
    const latin1 = await postStream(mock, chunked(new Uint8Array([0x7b, 0xff, 0x7d]), 3));
    expect(latin1.status).toBe(400);
    expect(((await latin1.json()) as any).errors).toEqual([
      { error: ErrorCode.invalidRequest, message: "(root): request body is not valid UTF-8" },
    ]);
    for (const blank of ["", "  \n"]) {
      const { status, body: answer } = await post(mock, blank);
      expect(status).toBe(400);
      expect(answer.errors[0].message).toBe("(root): request body is required (a JSON object)");
    }
    const { body: broken } = await post(mock, "{");
    expect(broken.errors[0].message).toMatch(/^\(root\): request body is not valid JSON \(.+\)$/);
  });
});

describe("the create-run body over HTTP", () => {
  // A raw request, so the test decides the Content-Length the server sees.
  function send(url: string, payload: Uint8Array, headers: Record<string, string | number>) {
    return new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = httpRequest(`${url}/v1/evals/runs`, { method: "POST", headers }, (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on("error", reject);
      req.end(payload);
    });
  }

  it("is read whole when its Content-Length is within the limit, and refused unread above it", async () => {
    const mock = createMockServer({ maxBodyBytes: bytes.byteLength });
    const server = await mock.listen(0);
    try {
      const headers = { ...JSON_HEADERS, "content-length": bytes.byteLength };
      expect((await send(server.url, bytes, headers)).status).toBe(202);
      const larger = new Uint8Array([...bytes, 0x20]);
      const refused = await send(server.url, larger, { ...JSON_HEADERS, "content-length": larger.byteLength });
      expect(refused.status).toBe(413);
      expect(refused.body.errors[0].error).toBe(ErrorCode.payloadTooLarge);
    } finally {
      await server.close();
    }
  });
});
