import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { Metrics } from "../../src/metrics.ts";
import { healthChecks } from "../../src/server/health-checks.ts";
import { type ServeOptions, serve } from "../../src/server/serve.ts";
import { WRITE_PROBE_KEY } from "../../src/server/store-check.ts";
import type { KvBackend } from "../../src/store/backend.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";
import { StoreError } from "../../src/store/errors.ts";
import { createStore } from "../../src/store/store.ts";
import { startBot } from "../helpers/bot-process.ts";
import { startDiscordHarness } from "../helpers/discord-harness.ts";
import { captureLogs } from "../helpers/log-capture.ts";
import { SIGNING_SECRET, signatureHeaders, startSlackHarness, waitFor } from "../helpers/slack-harness.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts paperboy's real HTTP servers (as `paperboy run` does) and returns their base URLs. */
async function started(options: Partial<ServeOptions> & Pick<ServeOptions, "checks">) {
  const serving = await serve({
    port: 0,
    metrics: new Metrics({ commands: [], defaultMetrics: false }),
    logger: silentLogger,
    ...options,
  });
  cleanups.push(() => serving.close());
  return {
    public: serving.port === undefined ? undefined : `http://127.0.0.1:${serving.port}`,
    ops: `http://127.0.0.1:${serving.metricsPort}`,
  };
}

async function healthz(base: string) {
  const response = await fetch(`${base}/healthz`);
  return { status: response.status, text: await response.text() };
}

describe("/healthz after Discord closes the gateway for good", () => {
  it.each([
    { code: 4004, reason: "Discord rejected the token (4004)" },
    { code: 4014, reason: "Discord disallowed the bot's intents (4014)" },
  ])("answers 503 naming the reason after the gateway closes with $code", async ({ code, reason }) => {
    const discord = await startDiscordHarness();
    cleanups.push(() => discord.close());
    const { ops } = await started({ checks: healthChecks(discord.app.store, [discord.adapter]) });
    expect((await healthz(ops)).status).toBe(200);

    // The connection drops; the client's RESUME is answered with `code`, as after a token reset.
    discord.fake.refuseSessions(code);
    await discord.fake.disconnectAll(4000);
    await discord.fake.waitFor(() => discord.fake.gatewayConnections.some((c) => c.closeCode === code), 5000);

    let answer = await healthz(ops);
    const deadline = Date.now() + 5000;
    while (answer.status === 200 && Date.now() < deadline) answer = await healthz(ops);
    expect(answer.status).toBe(503);
    const body = JSON.parse(answer.text) as { checks: Record<string, string> };
    expect(body.checks.discord).toContain(reason);
    expect(body.checks.store).toBe("ok");
    // discord.js stays offline: nothing reconnects behind /healthz's back.
    const connections = discord.fake.gatewayConnections.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(discord.fake.gatewayConnections.length).toBe(connections);
  });
});

describe("/healthz checks that the store accepts a write", () => {
  it("answers 503 'store refuses writes' once a real SQLite file is full, and 200 again once it has room", async () => {
    const dir = await mkdtemp(join(tmpdir(), "paperboy-full-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, "paperboy.sqlite");
    const logs = captureLogs();
    // A page limit stands in for the disk: SQLite answers SQLITE_FULL exactly as when the disk is full.
    const store = createStore(await createSqliteBackend(file, { maxPageCount: 12 }));
    cleanups.push(() => store.backend.close());
    const checks = healthChecks(store, [], { cacheMs: 0 });
    const { ops } = await started({ checks, logger: logs.logger });
    expect(await healthz(ops)).toMatchObject({ status: 200 });

    let refused: unknown;
    for (let vote = 0; vote < 10_000 && !refused; vote += 1) {
      await store.backend.set(`votes:slack:T1:C1:2606.${vote}:U1`, { at: vote }).catch((error) => {
        refused = error;
      });
    }
    expect(refused).toBeInstanceOf(StoreError);
    expect(String((refused as StoreError).cause)).toContain("SQLITE_FULL");

    const full = await healthz(ops);
    expect(full.status).toBe(503);
    expect(JSON.parse(full.text).checks.store).toContain("store refuses writes");
    expect(full.text).not.toContain(dir);
    expect(full.text).not.toContain("SQLITE");
    // The operator finds the file and the cause in the log.
    const logged = logs.lines().find((line) => String(line.msg).startsWith("health check failed"));
    expect(String(logged?.msg)).toContain(file);

    for (const [key] of await store.backend.list("votes:")) await store.backend.delete(key);
    expect(await healthz(ops)).toMatchObject({ status: 200 });
  });

  it("writes one fixed key at most once per cache period however hard /healthz is hit", async () => {
    const inner = createMemoryBackend();
    let probeWrites = 0;
    const counting: KvBackend = {
      ...inner,
      set(key, value, ttlMs) {
        if (key === WRITE_PROBE_KEY) probeWrites += 1;
        return inner.set(key, value, ttlMs);
      },
    };
    const store = createStore(counting);
    const clock = { ms: 1_000_000 };
    const { ops } = await started({
      checks: healthChecks(store, [], { cacheMs: 5000, now: () => clock.ms }),
    });

    const answers = await Promise.all(Array.from({ length: 20 }, () => healthz(ops)));
    for (let request = 0; request < 20; request += 1) answers.push(await healthz(ops));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(probeWrites).toBe(1);
    clock.ms += 5000;
    await healthz(ops);
    expect(probeWrites).toBe(2);
    expect(await store.backend.list(WRITE_PROBE_KEY)).toHaveLength(1);
    await store.backend.close();
  });
});

describe("/healthz and /metrics keep infrastructure to themselves", () => {
  const redisDown: KvBackend = {
    ...createMemoryBackend(),
    async ping() {
      throw new StoreError(
        "redis",
        "unavailable",
        "Redis at redis://10.20.30.40:6380/ does not answer (ECONNREFUSED)",
      );
    },
  };

  it("answers a store outage without the Redis host and port, which go to the log", async () => {
    const logs = captureLogs();
    const { ops } = await started({ checks: healthChecks(createStore(redisDown), []), logger: logs.logger });
    const answer = await healthz(ops);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text).checks.store).toBe("the store does not answer");
    expect(answer.text).not.toMatch(/10\.20\.30\.40|6380|redis:/);
    expect(JSON.stringify(logs.lines())).toContain("redis://10.20.30.40:6380/");
  });

  it("with PAPERBOY_METRICS_ADDR, serves /healthz and /metrics only there and only Slack on PORT", async () => {
    const slack = await startSlackHarness();
    cleanups.push(() => slack.close());
    const urls = await started({
      metricsAddress: { host: "127.0.0.1", port: 0 },
      checks: healthChecks(slack.app.store, [slack.adapter]),
      slack: slack.adapter.requestListener,
    });
    const publicBase = urls.public as string;
    expect(publicBase).not.toBe(urls.ops);
    expect((await fetch(`${publicBase}/healthz`)).status).toBe(404);
    expect((await fetch(`${publicBase}/metrics`)).status).toBe(404);
    const body = JSON.stringify({ type: "url_verification", challenge: "c-123" });
    const verified = await fetch(`${publicBase}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json", ...signatureHeaders(body, undefined, SIGNING_SECRET) },
      body,
    });
    expect(verified.status).toBe(200);
    expect(await verified.text()).toContain("c-123");

    expect(await healthz(urls.ops)).toMatchObject({ status: 200 });
    const metrics = await fetch(`${urls.ops}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("paperboy_scheduled_channels");
    expect((await fetch(`${urls.ops}/slack/events`, { method: "POST" })).status).toBe(404);
  });

  it("paperboy run honours PAPERBOY_METRICS_ADDR", async () => {
    const bot = startBot({
      PAPERBOY_STORE: "memory://",
      HF_API_URL: "http://127.0.0.1:9",
      ARXIV_API_URL: "http://127.0.0.1:9",
      PAPERBOY_METRICS_ADDR: "127.0.0.1:0",
    });
    try {
      await waitFor(() => /and \/metrics on 127\.0\.0\.1:\d+/.test(bot.stderr()), 15_000);
      const port = /and \/metrics on 127\.0\.0\.1:(\d+)/.exec(bot.stderr())?.[1];
      const answer = await healthz(`http://127.0.0.1:${port}`);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text).checks).toEqual({ store: "ok", console: "ok" });
    } finally {
      await bot.kill("SIGTERM");
    }
  });

  it("reads PAPERBOY_METRICS_ADDR as host:port (bad values are in config-ranges.test.ts)", () => {
    expect(loadConfig({ PAPERBOY_METRICS_ADDR: "[::1]:9091" }).metricsAddress).toEqual({
      host: "::1",
      port: 9091,
    });
    expect(loadConfig({}).metricsAddress).toBeUndefined();
  });
});
