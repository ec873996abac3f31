import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Platform } from "./store/refs.ts";

/** The platforms a metric may be labelled with; anything else is reported as `other` to bound cardinality. */
export const METRIC_PLATFORMS = ["slack", "discord", "console"] as const satisfies readonly Platform[];

/** The paper sources whose fetches are tracked (`paperboy_source_*`). */
export const METRIC_SOURCES = ["huggingface", "arxiv"] as const;

/** A paper source tracked by the `paperboy_source_*` series. */
export type MetricSource = (typeof METRIC_SOURCES)[number];

/**
 * Why a post failed, as a short code so `paperboy_posts_failed_total` stays low-cardinality:
 * the channel is gone or closed to the bot, the platform kept answering 429, or anything else.
 */
export const POST_FAILURE_REASONS = ["channel_unavailable", "rate_limited", "error"] as const;

/** A `reason` label value of `paperboy_posts_failed_total`. */
export type PostFailureReason = (typeof POST_FAILURE_REASONS)[number];

/** Command-duration buckets in seconds: chat commands should answer well inside Slack's 3 s ack window. */
export const COMMAND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3];

/** Digest-lag buckets in seconds, from on time (1 s) to badly late (6 h). */
export const DIGEST_LAG_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21_600];

/** The label value a command outside the known list is reported under. */
export const OTHER = "other";

/** Options for {@link Metrics}. */
export interface MetricsOptions {
  /**
   * The command names that may appear as the `command` label (e.g. every `/papers` subcommand);
   * any other name is reported as `other` so user input cannot grow the series count.
   */
  commands: readonly string[];
  /**
   * Also collect prom-client's default process and Node.js metrics (`process_*`, `nodejs_*`) into this
   * registry. Defaults to true; each collection starts a GC observer and an event-loop monitor that live
   * as long as the process, so create one `Metrics` per app rather than per request.
   */
  defaultMetrics?: boolean;
}

/** The rendered exposition: what `GET /metrics` answers with. */
export interface RenderedMetrics {
  contentType: string;
  body: string;
}

/**
 * Paperboy's operational metrics in Prometheus format. Each instance owns its own prom-client
 * `Registry` (never the global default one) so tests and several apps in one process don't share or
 * collide on series. Methods are named for what happened, so call sites don't deal in label names.
 */
export class Metrics {
  /** The registry holding every series of this instance; exposed for wiring extra collectors. */
  readonly registry: Registry;
  private readonly commands: ReadonlySet<string>;
  private readonly postsSent: Counter<"platform">;
  private readonly postsFailed: Counter<"platform" | "reason">;
  private readonly rateLimitedTotal: Counter<"platform">;
  private readonly commandDuration: Histogram<"platform" | "command">;
  private readonly digestLagSeconds: Histogram<"platform">;
  private readonly lastDigestLag: Gauge<"platform">;
  private readonly sourceLastSuccess: Gauge<"source">;
  private readonly sourceFailures: Counter<"source">;
  private readonly scheduledChannelsGauge: Gauge;

  constructor(options: MetricsOptions) {
    const registry = new Registry();
    this.registry = registry;
    this.commands = new Set(options.commands);
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
    const registers = [registry];

    this.postsSent = new Counter({
      name: "paperboy_posts_sent_total",
      help: "Posts to a channel that the platform accepted.",
      labelNames: ["platform"],
      registers,
    });
    this.postsFailed = new Counter({
      name: "paperboy_posts_failed_total",
      help: "Posts that could not be delivered, by reason: channel_unavailable, rate_limited or error.",
      labelNames: ["platform", "reason"],
      registers,
    });
    this.rateLimitedTotal = new Counter({
      name: "paperboy_rate_limited_total",
      help: "HTTP 429 responses received from a chat platform.",
      labelNames: ["platform"],
      registers,
    });
    this.commandDuration = new Histogram({
      name: "paperboy_command_duration_seconds",
      help: "Time to handle a chat command, from invocation to reply.",
      labelNames: ["platform", "command"],
      buckets: COMMAND_BUCKETS,
      registers,
    });
    this.digestLagSeconds = new Histogram({
      name: "paperboy_digest_lag_seconds",
      help: "How late a scheduled digest went out behind its scheduled time.",
      labelNames: ["platform"],
      buckets: DIGEST_LAG_BUCKETS,
      registers,
    });
    this.lastDigestLag = new Gauge({
      name: "paperboy_last_digest_lag_seconds",
      help: "How late the most recent scheduled digest went out behind its scheduled time.",
      labelNames: ["platform"],
      registers,
    });
    this.sourceLastSuccess = new Gauge({
      name: "paperboy_source_last_success_timestamp_seconds",
      help: "Unix time of the last successful fetch from a paper source.",
      labelNames: ["source"],
      registers,
    });
    this.sourceFailures = new Counter({
      name: "paperboy_source_failures_total",
      help: "Failed fetches from a paper source.",
      labelNames: ["source"],
      registers,
    });
    this.scheduledChannelsGauge = new Gauge({
      name: "paperboy_scheduled_channels",
      help: "Channels that have a digest schedule.",
      registers,
    });

    // Start the counters at 0 for every known label value so rate() and absence alerts work from the
    // first scrape. The success timestamp is left unset: 0 would read as "failing since 1970".
    for (const platform of METRIC_PLATFORMS) {
      this.postsSent.inc({ platform }, 0);
      this.rateLimitedTotal.inc({ platform }, 0);
      for (const reason of POST_FAILURE_REASONS) this.postsFailed.inc({ platform, reason }, 0);
    }
    for (const source of METRIC_SOURCES) this.sourceFailures.inc({ source }, 0);
  }

  /** A post was accepted by `platform`. */
  postSent(platform: Platform): void {
    this.postsSent.inc({ platform: platformLabel(platform) });
  }

  /** A post to `platform` failed for `reason` (unknown reasons are counted as `error`). */
  postFailed(platform: Platform, reason: PostFailureReason): void {
    const known = (POST_FAILURE_REASONS as readonly string[]).includes(reason) ? reason : "error";
    this.postsFailed.inc({ platform: platformLabel(platform), reason: known });
  }

  /** `platform` answered HTTP 429 (whether or not the request later succeeded on retry). */
  rateLimited(platform: Platform): void {
    this.rateLimitedTotal.inc({ platform: platformLabel(platform) });
  }

  /** Handling `command` on `platform` took `seconds`; a command outside the known list counts as `other`. */
  observeCommand(platform: Platform, command: string, seconds: number): void {
    const label = this.commands.has(command) ? command : OTHER;
    this.commandDuration.observe({ platform: platformLabel(platform), command: label }, seconds);
  }

  /**
   * A scheduled digest on `platform` went out `seconds` after its scheduled time (negative values,
   * from clock skew, count as 0). Feeds both the lag histogram and the last-lag gauge.
   */
  digestLag(platform: Platform, seconds: number): void {
    const lag = Math.max(0, seconds);
    const labels = { platform: platformLabel(platform) };
    this.digestLagSeconds.observe(labels, lag);
    this.lastDigestLag.set(labels, lag);
  }

  /** A fetch from `source` succeeded at `at`; alert on `time() - paperboy_source_last_success_timestamp_seconds`. */
  sourceSucceeded(source: MetricSource, at: Date): void {
    this.sourceLastSuccess.set({ source: sourceLabel(source) }, at.getTime() / 1000);
  }

  /** A fetch from `source` failed (after any retries). */
  sourceFailed(source: MetricSource): void {
    this.sourceFailures.inc({ source: sourceLabel(source) });
  }

  /** `count` channels currently have a digest schedule. */
  scheduledChannels(count: number): void {
    this.scheduledChannelsGauge.set(count);
  }

  /** Every series in the Prometheus text format, with the content type to serve it under. */
  async render(): Promise<RenderedMetrics> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** Builds a {@link Metrics} with its own registry; the same as `new Metrics(options)`. */
export function createMetrics(options: MetricsOptions): Metrics {
  return new Metrics(options);
}

function platformLabel(platform: string): string {
  return (METRIC_PLATFORMS as readonly string[]).includes(platform) ? platform : OTHER;
}

function sourceLabel(source: string): string {
  return (METRIC_SOURCES as readonly string[]).includes(source) ? source : OTHER;
}
