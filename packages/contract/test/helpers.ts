import { createMockServer, type MockServerOptions } from "@evals-api/mock";

export const API_KEY = "contract-test-key";
export const IN_PROCESS_URL = "http://evals-mock.test";

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

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
