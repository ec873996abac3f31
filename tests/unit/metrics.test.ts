import { describe, expect, it } from "vitest";
import { COMMAND_BUCKETS, DIGEST_LAG_BUCKETS, Metrics, type MetricsOptions } from "../../src/metrics.ts";
import type { Platform } from "../../src/store/refs.ts";

const COMMANDS = ["today", "top", "topic", "schedule"];

/** One sample line of the text format: `name{a="1",b="2"} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(body: string): Sample[] {
  return body
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`unparseable sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1]!, pair[2]!]),
      );
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** Reads rendered metrics; `value` finds the one sample with exactly these labels (undefined if none). */
async function scrape(metrics: Metrics) {
  const { body } = await metrics.render();
  const samples = parse(body);
  return {
    body,
    samples,
    value(name: string, labels: Record<string, string> = {}): number | undefined {
      const found = samples.filter(
        (sample) =>
          sample.name === name &&
          Object.keys(sample.labels).length === Object.keys(labels).length &&
          Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
      );
      if (found.length > 1) throw new Error(`ambiguous sample ${name} ${JSON.stringify(labels)}`);
      return found[0]?.value;
    },
  };
}

const create = (options: Partial<MetricsOptions> = {}) =>
  new Metrics({ commands: COMMANDS, defaultMetrics: false, ...options });

describe("Metrics", () => {
  it("counts posts sent per platform", async () => {
    const metrics = create();
    metrics.postSent("slack");
    metrics.postSent("slack");
    metrics.postSent("discord");

    const { body, value } = await scrape(metrics);
    expect(body).toContain('paperboy_posts_sent_total{platform="slack"} 2');
    expect(value("paperboy_posts_sent_total", { platform: "discord" })).toBe(1);
    expect(value("paperboy_posts_sent_total", { platform: "console" })).toBe(0);
  });

  it("counts failed posts per platform and reason", async () => {
    const metrics = create();
    metrics.postFailed("slack", "channel_unavailable");
    metrics.postFailed("slack", "channel_unavailable");
    metrics.postFailed("discord", "rate_limited");
    metrics.postFailed("discord", "error");

    const { value } = await scrape(metrics);
    const failed = (platform: string, reason: string) =>
      value("paperboy_posts_failed_total", { platform, reason });
    expect(failed("slack", "channel_unavailable")).toBe(2);
    expect(failed("slack", "rate_limited")).toBe(0);
    expect(failed("discord", "rate_limited")).toBe(1);
    expect(failed("discord", "error")).toBe(1);
  });

  it("counts an unknown failure reason as error", async () => {
    const metrics = create();
    metrics.postFailed("slack", "weird_new_code" as never);

    const { value, samples } = await scrape(metrics);
    expect(value("paperboy_posts_failed_total", { platform: "slack", reason: "error" })).toBe(1);
    expect(samples.some((sample) => sample.labels.reason === "weird_new_code")).toBe(false);
  });

  it("counts 429s per platform", async () => {
    const metrics = create();
    metrics.rateLimited("discord");
    metrics.rateLimited("discord");
    metrics.rateLimited("discord");

    const { value } = await scrape(metrics);
    expect(value("paperboy_rate_limited_total", { platform: "discord" })).toBe(3);
    expect(value("paperboy_rate_limited_total", { platform: "slack" })).toBe(0);
  });

  it("observes command durations in chat-sized buckets", async () => {
    const metrics = create();
    metrics.observeCommand("slack", "today", 0.2);
    metrics.observeCommand("slack", "today", 2.5);
    metrics.observeCommand("discord", "top", 0.004);

    const { value, samples } = await scrape(metrics);
    const today = { platform: "slack", command: "today" };
    expect(value("paperboy_command_duration_seconds_count", today)).toBe(2);
    expect(value("paperboy_command_duration_seconds_sum", today)).toBeCloseTo(2.7);
    expect(value("paperboy_command_duration_seconds_bucket", { ...today, le: "0.1" })).toBe(0);
    expect(value("paperboy_command_duration_seconds_bucket", { ...today, le: "0.25" })).toBe(1);
    expect(value("paperboy_command_duration_seconds_bucket", { ...today, le: "3" })).toBe(2);
    expect(
      value("paperboy_command_duration_seconds_bucket", { platform: "discord", command: "top", le: "0.005" }),
    ).toBe(1);
    const bounds = samples
      .filter((sample) => sample.name === "paperboy_command_duration_seconds_bucket")
      .filter((sample) => sample.labels.command === "today")
      .map((sample) => sample.labels.le);
    expect(bounds).toEqual([...COMMAND_BUCKETS.map(String), "+Inf"]);
  });

  it("reports a command outside the known list as other", async () => {
    const metrics = create();
    metrics.observeCommand("slack", "definitely-not-a-command", 0.01);
    metrics.observeCommand("slack", "<script>", 0.01);

    const { value, samples } = await scrape(metrics);
    expect(value("paperboy_command_duration_seconds_count", { platform: "slack", command: "other" })).toBe(2);
    const commandLabels = new Set(samples.map((sample) => sample.labels.command).filter(Boolean));
    expect([...commandLabels]).toEqual(["other"]);
  });

  it("reports a platform outside slack|discord|console as other", async () => {
    const metrics = create();
    metrics.postSent("teams" as Platform);

    const { value } = await scrape(metrics);
    expect(value("paperboy_posts_sent_total", { platform: "other" })).toBe(1);
    expect(value("paperboy_posts_sent_total", { platform: "teams" })).toBeUndefined();
  });

  it("records digest lag in the histogram and the last-lag gauge", async () => {
    const metrics = create();
    metrics.digestLag("slack", 30);
    metrics.digestLag("slack", 4000);
    metrics.digestLag("discord", -2);

    const { value, samples } = await scrape(metrics);
    expect(value("paperboy_digest_lag_seconds_count", { platform: "slack" })).toBe(2);
    expect(value("paperboy_digest_lag_seconds_sum", { platform: "slack" })).toBe(4030);
    expect(value("paperboy_digest_lag_seconds_bucket", { platform: "slack", le: "30" })).toBe(1);
    expect(value("paperboy_digest_lag_seconds_bucket", { platform: "slack", le: "3600" })).toBe(1);
    expect(value("paperboy_digest_lag_seconds_bucket", { platform: "slack", le: "7200" })).toBe(2);
    expect(value("paperboy_last_digest_lag_seconds", { platform: "slack" })).toBe(4000);
    expect(value("paperboy_last_digest_lag_seconds", { platform: "discord" })).toBe(0);
    expect(value("paperboy_digest_lag_seconds_bucket", { platform: "discord", le: "1" })).toBe(1);
    const bounds = samples
      .filter((sample) => sample.name === "paperboy_digest_lag_seconds_bucket")
      .filter((sample) => sample.labels.platform === "slack")
      .map((sample) => sample.labels.le);
    expect(bounds).toEqual([...DIGEST_LAG_BUCKETS.map(String), "+Inf"]);
  });

  it("records the last successful fetch per source as unix seconds", async () => {
    const metrics = create();
    metrics.sourceSucceeded("arxiv", new Date("2026-06-14T06:00:00Z"));
    metrics.sourceSucceeded("arxiv", new Date("2026-06-14T07:00:00.500Z"));

    const { value } = await scrape(metrics);
    expect(value("paperboy_source_last_success_timestamp_seconds", { source: "arxiv" })).toBe(
      Date.parse("2026-06-14T07:00:00.500Z") / 1000,
    );
    // Never 0 before the first success: that would read as "failing since 1970".
    expect(
      value("paperboy_source_last_success_timestamp_seconds", { source: "huggingface" }),
    ).toBeUndefined();
  });

  it("counts source failures", async () => {
    const metrics = create();
    metrics.sourceFailed("huggingface");
    metrics.sourceFailed("huggingface");

    const { value } = await scrape(metrics);
    expect(value("paperboy_source_failures_total", { source: "huggingface" })).toBe(2);
    expect(value("paperboy_source_failures_total", { source: "arxiv" })).toBe(0);
  });

  it("sets the scheduled-channel count", async () => {
    const metrics = create();
    metrics.scheduledChannels(7);
    metrics.scheduledChannels(5);

    const { value } = await scrape(metrics);
    expect(value("paperboy_scheduled_channels")).toBe(5);
  });

  it("keeps two instances apart", async () => {
    const first = create();
    const second = create();
    first.postSent("slack");
    first.postSent("slack");
    second.postSent("slack");
    second.scheduledChannels(3);

    expect((await scrape(first)).value("paperboy_posts_sent_total", { platform: "slack" })).toBe(2);
    expect((await scrape(second)).value("paperboy_posts_sent_total", { platform: "slack" })).toBe(1);
    expect((await scrape(first)).value("paperboy_scheduled_channels")).toBe(0);
  });

  it("renders in the Prometheus text format, with default process metrics unless disabled", async () => {
    const withDefaults = new Metrics({ commands: COMMANDS });
    const rendered = await withDefaults.render();
    expect(rendered.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(rendered.body).toContain("# TYPE paperboy_posts_sent_total counter");
    expect(rendered.body).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(rendered.body).toMatch(/^nodejs_heap_size_total_bytes \d/m);

    const { body } = await create().render();
    expect(body).not.toContain("process_cpu_user_seconds_total");
  });

  it("does not touch prom-client's global registry", async () => {
    const { register } = await import("prom-client");
    const before = await register.metrics();
    const metrics = new Metrics({ commands: COMMANDS });
    metrics.postSent("slack");
    expect(await register.metrics()).toBe(before);
    expect(register.getSingleMetric("paperboy_posts_sent_total")).toBeUndefined();
  });
});
