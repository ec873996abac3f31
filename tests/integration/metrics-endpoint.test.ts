import type { Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.ts";
import { Metrics } from "../../src/metrics.ts";
import {
  createHealthServer,
  type HealthServerOptions,
  listen,
  type MetricsEndpoint,
} from "../../src/server/health-server.ts";
import { captureLogs } from "../helpers/log-capture.ts";

describe("GET /metrics on the health server", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  });

  const serve = async (options?: HealthServerOptions, logger = silentLogger): Promise<string> => {
    const server = createHealthServer({ store: async () => undefined }, logger, undefined, options);
    servers.push(server);
    const port = await listen(server, 0, "127.0.0.1");
    return `http://127.0.0.1:${port}`;
  };

  it("serves the paperboy series and default process metrics in the Prometheus text format", async () => {
    const metrics = new Metrics({ commands: ["today"] });
    metrics.postSent("slack");
    metrics.postSent("slack");
    metrics.observeCommand("discord", "today", 0.3);
    metrics.scheduledChannels(4);
    const base = await serve({ metrics });

    const response = await fetch(`${base}/metrics`);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await response.text();
    expect(body).toContain('paperboy_posts_sent_total{platform="slack"} 2');
    expect(body).toContain('paperboy_command_duration_seconds_count{platform="discord",command="today"} 1');
    expect(body).toContain("paperboy_scheduled_channels 4");
    expect(body).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(body).toMatch(/^process_start_time_seconds \d/m);
  });

  it("ignores a query string and reflects updates on the next scrape", async () => {
    const metrics = new Metrics({ commands: [], defaultMetrics: false });
    const base = await serve({ metrics });
    expect(await (await fetch(`${base}/metrics?x=1`)).text()).toContain("paperboy_scheduled_channels 0");

    metrics.scheduledChannels(2);

    expect(await (await fetch(`${base}/metrics`)).text()).toContain("paperboy_scheduled_channels 2");
  });

  it("answers 405 to methods other than GET", async () => {
    const base = await serve({ metrics: new Metrics({ commands: [], defaultMetrics: false }) });
    for (const method of ["HEAD", "POST", "PUT"]) {
      const response = await fetch(`${base}/metrics`, { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("GET");
      await response.arrayBuffer();
    }
  });

  it("answers 500 and logs when rendering fails", async () => {
    const logs = captureLogs();
    const failing: MetricsEndpoint = {
      render: () => Promise.reject(new Error("collector exploded")),
    };
    const base = await serve({ metrics: failing }, logs.logger);

    const response = await fetch(`${base}/metrics`);

    expect(response.status).toBe(500);
    expect(await response.text()).toBe("metrics unavailable\n");
    const logged = logs.lines().find((entry) => entry.msg === "rendering metrics failed");
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain("collector exploded");
  });

  it("still serves /healthz alongside /metrics", async () => {
    const base = await serve({ metrics: new Metrics({ commands: [], defaultMetrics: false }) });

    const response = await fetch(`${base}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", checks: { store: "ok" } });
  });

  it("is a 404 when metrics are not configured", async () => {
    const base = await serve();

    const response = await fetch(`${base}/metrics`);

    expect(response.status).toBe(404);
    await response.arrayBuffer();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("still hands other paths to the fallback listener", async () => {
    const server = createHealthServer(
      {},
      silentLogger,
      (_request, response) => {
        response.writeHead(418).end("fallback");
      },
      { metrics: new Metrics({ commands: [], defaultMetrics: false }) },
    );
    servers.push(server);
    const port = await listen(server, 0, "127.0.0.1");

    const response = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST" });

    expect(response.status).toBe(418);
    expect(await response.text()).toBe("fallback");
  });
});
