import type { RequestListener, Server } from "node:http";
import type { Logger } from "../log.ts";
import { HealthProblem } from "./health-problem.ts";
import { createLimitedServer, type ServerLimits } from "./server-limits.ts";

/**
 * A named readiness check: resolves when healthy, rejects with the reason otherwise. Only a
 * {@link HealthProblem}'s message is shown in the answer; every failure is logged in full.
 */
export type HealthCheck = () => Promise<void>;

/** Renders metrics for scraping, e.g. a `Metrics` from `src/metrics.ts`; kept structural so the server doesn't depend on it. */
export interface MetricsEndpoint {
  render(): Promise<{ contentType: string; body: string }>;
}

/** Optional extras for {@link createHealthServer}. */
export interface HealthServerOptions {
  /** When set, `GET /metrics` serves its rendering for Prometheus; when not, `/metrics` is not special. */
  metrics?: MetricsEndpoint;
  /** Timeouts and the connection cap; each defaults to `DEFAULT_SERVER_LIMITS`. */
  limits?: Partial<ServerLimits>;
  /**
   * False on the public port when `/healthz` and `/metrics` are served on their own address
   * (`PAPERBOY_METRICS_ADDR`): then `/healthz` is not special either. Default true.
   */
  health?: boolean;
}

/** What `/healthz` shows for a failed check that is not a {@link HealthProblem}. */
const UNDESCRIBED = "unavailable (details in the log)";

/** A failure with its causes, for the log only (it may name hosts, ports and files). */
function detail(error: unknown): string {
  const parts: string[] = [];
  for (
    let at: unknown = error;
    at !== undefined && parts.length < 5;
    at = (at as { cause?: unknown }).cause
  ) {
    parts.push(at instanceof Error ? at.message : String(at));
    if (!(at instanceof Error)) break;
  }
  return parts.join(": ");
}

/**
 * An HTTP server for `PORT` or `PAPERBOY_METRICS_ADDR`: `/healthz` reports every check (200 when all pass,
 * 503 otherwise), naming only what {@link HealthProblem}s say (the full reasons go to the log); with
 * `options.metrics`, `GET /metrics` serves Prometheus metrics (other methods 405); every other request
 * goes to `fallback` (the Slack receiver at `/slack/events`) or 404.
 */
export function createHealthServer(
  checks: Record<string, HealthCheck>,
  logger: Logger,
  fallback?: RequestListener,
  options: HealthServerOptions = {},
): Server {
  const { metrics, health = true } = options;
  return createLimitedServer(options.limits, async (request, response) => {
    const path = request.url?.split("?")[0];
    if (metrics && path === "/metrics") {
      if (request.method !== "GET") {
        response.writeHead(405, { allow: "GET", "content-type": "text/plain" }).end("method not allowed\n");
        return;
      }
      try {
        const { contentType, body } = await metrics.render();
        response.writeHead(200, { "content-type": contentType }).end(body);
      } catch (error) {
        logger.error({ err: error }, "rendering metrics failed");
        response.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n");
      }
      return;
    }
    if (health && request.method === "GET" && path === "/healthz") {
      const results: Record<string, string> = {};
      const failures: Record<string, string> = {};
      await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          try {
            await check();
            results[name] = "ok";
          } catch (error) {
            results[name] = error instanceof HealthProblem ? error.message : UNDESCRIBED;
            failures[name] = detail(error);
          }
        }),
      );
      const healthy = Object.keys(failures).length === 0;
      response.writeHead(healthy ? 200 : 503, { "content-type": "application/json" });
      response.end(JSON.stringify({ status: healthy ? "ok" : "unavailable", checks: results }));
      if (!healthy) {
        const summary = Object.entries(failures).map(([name, reason]) => `${name}: ${reason}`);
        logger.warn({ checks: failures }, `health check failed: ${summary.join("; ")}`);
      }
      return;
    }
    if (fallback) {
      fallback(request, response);
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  });
}

/** Starts listening; resolves with the bound port. */
export function listen(server: Server, port: number, host = "0.0.0.0"): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}
