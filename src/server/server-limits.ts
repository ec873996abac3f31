import { createServer, type RequestListener, type Server } from "node:http";

/**
 * How long a connection may take and how many may be open on paperboy's HTTP server. Slack sends a
 * whole request at once and wants its answer within 3 s, so anything slower is not Slack; Node's own
 * defaults (60 s for headers, 300 s for a request, checked every 30 s, no connection cap) let 1,000
 * dripping connections live for 5 minutes.
 */
export interface ServerLimits {
  /** Time to receive a request's headers (Node's `headersTimeout`). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included (Node's `requestTimeout`). */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection waits for its next request. */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way for this long is closed (`server.timeout`). */
  idleTimeoutMs: number;
  /** How often the header and request deadlines are checked (Node's `connectionsCheckingInterval`). */
  checkIntervalMs: number;
  /** Connections open at once; more are closed as they arrive (`server.maxConnections`). */
  maxConnections: number;
}

/**
 * The limits `paperboy run` uses: headers within 10 s, a request within 15 s, keep-alive 5 s (Node's
 * default), 30 s of silence, deadlines checked each second, at most 512 connections (Slack's
 * deliveries to one app, `/healthz` probes and a Prometheus scraper need a few dozen).
 */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
  maxConnections: 512,
};

/** An HTTP server with `limits` (each one defaulting to {@link DEFAULT_SERVER_LIMITS}). */
export function createLimitedServer(limits: Partial<ServerLimits> = {}, listener: RequestListener): Server {
  const chosen = { ...DEFAULT_SERVER_LIMITS, ...limits };
  const server = createServer(
    {
      headersTimeout: chosen.headersTimeoutMs,
      requestTimeout: chosen.requestTimeoutMs,
      connectionsCheckingInterval: chosen.checkIntervalMs,
    },
    listener,
  );
  server.keepAliveTimeout = chosen.keepAliveTimeoutMs;
  server.maxConnections = chosen.maxConnections;
  server.setTimeout(chosen.idleTimeoutMs, (socket) => socket.destroy());
  return server;
}
