import type { RequestListener, Server } from "node:http";
import { ConfigError } from "../errors.ts";
import type { ListenAddress } from "../listen-address.ts";
import type { Logger } from "../log.ts";
import { createHealthServer, type HealthCheck, listen, type MetricsEndpoint } from "./health-server.ts";

/** What {@link serve} serves, and where. */
export interface ServeOptions {
  /** `PORT`: Slack's requests (and, without `metricsAddress`, `/healthz` and `/metrics`). */
  port: number;
  /** `PAPERBOY_METRICS_ADDR`: where `/healthz` and `/metrics` go instead, when set. */
  metricsAddress?: ListenAddress;
  checks: Record<string, HealthCheck>;
  metrics: MetricsEndpoint;
  /** The Slack receiver over HTTP, if Slack runs over HTTP. */
  slack?: RequestListener;
  logger: Logger;
}

/** The servers {@link serve} started. */
export interface Serving {
  /** The port `PORT` bound, when something listens there. */
  port?: number;
  /** The port `/healthz` and `/metrics` bound, when they are served. */
  metricsPort?: number;
  /** Stops accepting requests and drops open connections. */
  close(): Promise<void>;
}

/**
 * Starts paperboy's HTTP servers. Without `metricsAddress`, one server on `port` serves Slack, `/healthz`
 * and `/metrics` (a busy port is fatal only when Slack needs it). With it, `/healthz` and `/metrics` are
 * served only there (e.g. `127.0.0.1:9091`, out of the public's reach) and `port` serves only Slack, and
 * only when Slack runs over HTTP. Either way `/healthz` names no host, port or file (see `HealthProblem`).
 */
export async function serve(options: ServeOptions): Promise<Serving> {
  const { port, metricsAddress, checks, metrics, slack, logger } = options;
  const servers: Server[] = [];
  const close = async () => {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  };
  const start = async (server: Server, at: number, host?: string) => {
    servers.push(server);
    try {
      return await listen(server, at, host);
    } catch (error) {
      servers.pop();
      throw error;
    }
  };
  if (!metricsAddress) {
    const server = createHealthServer(checks, logger, slack, { metrics });
    try {
      const bound = await start(server, port);
      logger.info({ port: bound }, `ready: /healthz and /metrics on port ${bound}`);
      return { port: bound, metricsPort: bound, close };
    } catch (error) {
      if (slack) throw error;
      logger.warn({ err: error }, `could not serve /healthz on port ${port}; set PORT to a free port`);
      return { close };
    }
  }
  try {
    const metricsPort = await start(
      createHealthServer(checks, logger, undefined, { metrics }),
      metricsAddress.port,
      metricsAddress.host,
    ).catch((cause: unknown) => {
      const reason = (cause as { code?: string }).code ?? String(cause);
      throw new ConfigError(
        `PAPERBOY_METRICS_ADDR: cannot listen on ${metricsAddress.host}:${metricsAddress.port} (${reason}); use a free port on an address of this machine`,
      );
    });
    const where = `${metricsAddress.host}:${metricsPort}`;
    if (!slack) {
      logger.info({ metricsAddress: where }, `ready: /healthz and /metrics on ${where}`);
      return { metricsPort, close };
    }
    const bound = await start(createHealthServer({}, logger, slack, { health: false }), port);
    logger.info(
      { port: bound, metricsAddress: where },
      `ready: Slack on port ${bound}; /healthz and /metrics on ${where}`,
    );
    return { port: bound, metricsPort, close };
  } catch (error) {
    await close();
    throw error;
  }
}
