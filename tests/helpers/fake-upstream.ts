import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

/** One request the fake upstream received. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/api/daily_papers`. */
  path: string;
  /** Decoded query parameters (last value wins for repeated names). */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** `performance.now()` when the request arrived: subtract two to measure spacing. */
  at: number;
}

/** Answers one request; `call` counts requests to this route from 0. Return nothing to leave it hanging. */
export type FakeHandler = (request: RecordedRequest, response: ServerResponse, call: number) => void;

/** A local HTTP server standing in for Hugging Face, arXiv or any other upstream. */
export interface FakeUpstream {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** The requests received for one path. */
  requestsTo(path: string): RecordedRequest[];
  /** Adds or replaces the handler for an exact path. */
  route(path: string, handler: FakeHandler): void;
  /** Stops the server, dropping hanging connections. */
  close(): Promise<void>;
}

/**
 * Starts a fake upstream on 127.0.0.1 and a free port. Routes map exact paths to handlers; unknown
 * paths get a JSON 404. Use with `json`, `text`, `status`, `sequence` and `hang` below:
 * `const hf = await startFakeUpstream({ "/api/daily_papers": json(fixture) }); … await hf.close();`
 */
export async function startFakeUpstream(routes: Record<string, FakeHandler> = {}): Promise<FakeUpstream> {
  const table = new Map(Object.entries(routes));
  const calls = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const parsed = new URL(req.url ?? "/", "http://127.0.0.1");
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      headers: req.headers,
      at: performance.now(),
    };
    requests.push(recorded);
    const handler = table.get(recorded.path);
    if (!handler) {
      json({ error: `no route for ${recorded.path}` }, 404)(recorded, res, 0);
      return;
    }
    const call = calls.get(recorded.path) ?? 0;
    calls.set(recorded.path, call + 1);
    handler(recorded, res, call);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    route: (path, handler) => {
      table.set(path, handler);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Responds with `body` serialised as JSON (a string is sent as is, to serve truncated payloads). */
export const json =
  (body: unknown, statusCode = 200, headers: Record<string, string> = {}): FakeHandler =>
  (_request, response) => {
    response.writeHead(statusCode, { "content-type": "application/json; charset=utf-8", ...headers });
    response.end(typeof body === "string" ? body : JSON.stringify(body));
  };

/** Responds with a text body of the given content type (HTML error pages, Atom feeds). */
export const text =
  (body: string, contentType: string, statusCode = 200, headers: Record<string, string> = {}): FakeHandler =>
  (_request, response) => {
    response.writeHead(statusCode, { "content-type": contentType, ...headers });
    response.end(body);
  };

/** Responds with a bare status code and optional headers (e.g. `status(429, { "retry-after": "1" })`). */
export const status = (statusCode: number, headers: Record<string, string> = {}): FakeHandler =>
  text(`status ${statusCode}`, "text/plain", statusCode, headers);

/** Uses the n-th handler for the n-th request to the route; the last one repeats. */
export const sequence =
  (...handlers: FakeHandler[]): FakeHandler =>
  (request, response, call) => {
    const handler = handlers[Math.min(call, handlers.length - 1)];
    handler?.(request, response, call);
  };

/** Never answers: the client has to time out. */
export const hang = (): FakeHandler => () => {};
