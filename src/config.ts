import { z } from "zod";
import { envNumber } from "./env-number.ts";
import { ConfigError } from "./errors.ts";
import { type ListenAddress, parseListenAddress } from "./listen-address.ts";
import { rememberSecrets } from "./secrets.ts";
import { isValidTimeZone } from "./time.ts";

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));
const httpUrl = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((value) => /^https?:\/\/[^\s]+$/.test(value), "expected an http(s) URL like https://example.org");
/** A ranking weight: 0 leaves that signal out; the defaults are between 0.02 and 1.5. */
const WEIGHT = { what: "a weight", min: 0, max: 100, note: "0 leaves that signal out" };
const WEIGHTS = [
  "PAPERBOY_WEIGHT_UPVOTES",
  "PAPERBOY_WEIGHT_COMMENTS",
  "PAPERBOY_WEIGHT_STARS",
  "PAPERBOY_WEIGHT_TEAM_VOTES",
] as const;
const snowflake = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined))
  .refine((value) => value === undefined || /^\d{15,21}$/.test(value), "expected a Discord id (digits only)");
/**
 * `PAPERBOY_ENCRYPTION_KEY`: 32 bytes as 64 hex characters or base64 (`openssl rand -base64 32`),
 * decoded; unset leaves installations unencrypted.
 */
const encryptionKey = optionalText
  .transform((value) => (value ? decodeKey(value) : undefined))
  .refine(
    (value) => value === undefined || value.length === KEY_BYTES,
    "expected 32 bytes as 64 hex characters or base64, e.g. from `openssl rand -base64 32`",
  );
const KEY_BYTES = 32;
const list = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

/**
 * Every environment variable paperboy reads, with its default. This is the only place that reads
 * `process.env`; a bad value stops start-up with a message naming the variable and the expected form.
 */
export const EnvSchema = z.object({
  PAPERBOY_STORE: z
    .string()
    .trim()
    .default("sqlite://./data/paperboy.sqlite")
    .refine(
      (value) => /^(sqlite:\/\/.+|memory:\/\/|rediss?:\/\/.+)$/.test(value),
      "expected sqlite://path, redis://host:port or memory://",
    ),
  PAPERBOY_INDEX_FILE: optionalText,
  HF_API_URL: httpUrl("https://huggingface.co"),
  ARXIV_API_URL: httpUrl("https://export.arxiv.org"),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: httpUrl("https://slack.com/api/"),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  PAPERBOY_ENCRYPTION_KEY: encryptionKey,
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_URL: httpUrl("https://discord.com/api"),
  PORT: envNumber(
    { what: "a port number", min: 0, max: 65_535, integer: true, note: "0: any free port" },
    3000,
  ),
  PAPERBOY_METRICS_ADDR: optionalText.refine(
    (value) => value === undefined || parseListenAddress(value) !== undefined,
    "expected host:port for /healthz and /metrics, like 127.0.0.1:9091 (port 0–65535)",
  ),
  PAPERBOY_TIMEZONE: z
    .string()
    .trim()
    .default("UTC")
    .refine(isValidTimeZone, "expected an IANA time zone like Europe/Berlin or UTC"),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "expected fatal, error, warn, info, debug, trace or silent",
    })
    .default("info"),
  PAPERBOY_DIGEST_SIZE: envNumber({ what: "a whole number of papers", min: 1, max: 20, integer: true }, 5),
  PAPERBOY_ARXIV_CATEGORIES: list.transform((items) =>
    items.length > 0 ? items : ["cs.LG", "cs.CL", "cs.CV", "cs.AI"],
  ),
  PAPERBOY_ADMINS: list,
  PAPERBOY_UPVOTE_EMOJI: list,
  PAPERBOY_SAVE_EMOJI: list,
  PAPERBOY_DOWNVOTE_EMOJI: list,
  PAPERBOY_WEIGHT_UPVOTES: envNumber(WEIGHT),
  PAPERBOY_WEIGHT_COMMENTS: envNumber(WEIGHT),
  PAPERBOY_WEIGHT_STARS: envNumber(WEIGHT),
  PAPERBOY_WEIGHT_TEAM_VOTES: envNumber(WEIGHT),
  PAPERBOY_HALF_LIFE_HOURS: envNumber({ what: "hours", min: 1, max: 8760 }),
  PAPERBOY_CATCHUP_HOURS: envNumber({ what: "hours", min: 0, max: 48 }, 6),
  // At least 2 s: a claim is renewed every third of its lease but at most once a second.
  PAPERBOY_CLAIM_TTL_SECONDS: envNumber({ what: "whole seconds", min: 2, max: 86_400, integer: true }, 600),
  PAPERBOY_SCHEDULER_SWEEP_SECONDS: envNumber(
    { what: "whole seconds", min: 1, max: 3600, integer: true },
    60,
  ),
  PAPERBOY_FANOUT_CONCURRENCY: envNumber(
    { what: "a whole number of channels", min: 1, max: 10_000, integer: true },
    500,
  ),
  PAPERBOY_COMMANDS_PER_MINUTE: envNumber(
    {
      what: "a whole number of commands",
      min: 0,
      max: 10_000,
      integer: true,
      note: "0 turns the limit off",
    },
    10,
  ),
  PAPERBOY_HTTP_TIMEOUT_MS: envNumber(
    { what: "whole milliseconds", min: 100, max: 300_000, integer: true },
    10_000,
  ),
});

/** The schema with the checks that span several variables. */
const CheckedEnvSchema = EnvSchema.superRefine((env, context) => {
  // Unset weights keep positive defaults, so only all four set to 0 leaves every score at 0.
  if (WEIGHTS.every((name) => env[name] === 0)) {
    context.addIssue({
      code: "custom",
      path: [WEIGHTS[0]],
      message: `at least one of ${WEIGHTS.join(", ")} must be above 0, or every score is 0`,
    });
  }
});

/** Parsed, typed configuration. */
export type Env = z.infer<typeof EnvSchema>;

/** Application configuration derived from the environment. */
export interface Config {
  storeUrl: string;
  /** Where the search index is saved between runs (relative to the working directory), if anywhere. */
  indexFile: string | undefined;
  huggingFaceUrl: string;
  arxivUrl: string;
  arxivCategories: string[];
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
    clientId?: string;
    clientSecret?: string;
    stateSecret?: string;
  };
  /** Encrypts OAuth installations at rest (AES-256-GCM) when set: the 32 bytes of `PAPERBOY_ENCRYPTION_KEY`. */
  encryptionKey?: Buffer;
  discord: {
    token?: string;
    applicationId?: string;
    /** Register commands in this one guild (instant) instead of globally. */
    guildId?: string;
    apiUrl: string;
  };
  port: number;
  /** Serve `/healthz` and `/metrics` here instead of on `port` (which then serves only Slack). */
  metricsAddress: ListenAddress | undefined;
  timezone: string;
  logLevel: Env["LOG_LEVEL"];
  digestSize: number;
  admins: string[];
  /** Reaction emoji that upvote, save and downvote; empty means the defaults (👍 ⬆️ 🔥, 🔖, 👎). */
  reactionEmoji: { upvote: string[]; save: string[]; downvote: string[] };
  httpTimeoutMs: number;
  /** Commands one user may run per minute on Slack and Discord (0: no limit). */
  commandsPerMinute: number;
  /** The scheduler: grace window for catch-up, claim lease, sweep interval and channels posted at once. */
  scheduler: { graceMs: number; claimTtlMs: number; sweepMs: number; concurrency: number };
  /** Overrides of the ranking weights; unset ones keep their defaults. */
  ranking: {
    upvotes?: number;
    comments?: number;
    githubStars?: number;
    teamVotes?: number;
    halfLifeHours?: number;
  };
}

/**
 * Parses the environment once. Throws a `ConfigError` whose message names every bad variable,
 * e.g. `PAPERBOY_TIMEZONE: expected an IANA time zone like Europe/Berlin or UTC (got "Mars/Base")`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = CheckedEnvSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const value = env[name];
      const got = value === undefined || /TOKEN|SECRET|KEY/.test(name) ? "" : ` (got "${value}")`;
      return `${name}: ${issue.message}${got}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = result.data;
  rememberSecrets([
    e.SLACK_BOT_TOKEN,
    e.SLACK_SIGNING_SECRET,
    e.SLACK_APP_TOKEN,
    e.SLACK_CLIENT_SECRET,
    e.SLACK_STATE_SECRET,
    env.PAPERBOY_ENCRYPTION_KEY?.trim(),
    e.DISCORD_TOKEN,
    urlPassword(e.PAPERBOY_STORE),
  ]);
  return {
    storeUrl: e.PAPERBOY_STORE,
    indexFile: indexFileFor(e.PAPERBOY_INDEX_FILE, e.PAPERBOY_STORE),
    huggingFaceUrl: e.HF_API_URL,
    arxivUrl: e.ARXIV_API_URL,
    arxivCategories: e.PAPERBOY_ARXIV_CATEGORIES,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      clientId: e.SLACK_CLIENT_ID,
      clientSecret: e.SLACK_CLIENT_SECRET,
      stateSecret: e.SLACK_STATE_SECRET,
    },
    encryptionKey: e.PAPERBOY_ENCRYPTION_KEY,
    discord: {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: e.DISCORD_API_URL,
    },
    port: e.PORT,
    metricsAddress:
      e.PAPERBOY_METRICS_ADDR === undefined ? undefined : parseListenAddress(e.PAPERBOY_METRICS_ADDR),
    timezone: e.PAPERBOY_TIMEZONE,
    logLevel: e.LOG_LEVEL,
    digestSize: e.PAPERBOY_DIGEST_SIZE,
    admins: e.PAPERBOY_ADMINS,
    reactionEmoji: {
      upvote: e.PAPERBOY_UPVOTE_EMOJI,
      save: e.PAPERBOY_SAVE_EMOJI,
      downvote: e.PAPERBOY_DOWNVOTE_EMOJI,
    },
    httpTimeoutMs: e.PAPERBOY_HTTP_TIMEOUT_MS,
    commandsPerMinute: e.PAPERBOY_COMMANDS_PER_MINUTE,
    scheduler: {
      graceMs: e.PAPERBOY_CATCHUP_HOURS * 3_600_000,
      claimTtlMs: e.PAPERBOY_CLAIM_TTL_SECONDS * 1000,
      sweepMs: e.PAPERBOY_SCHEDULER_SWEEP_SECONDS * 1000,
      concurrency: e.PAPERBOY_FANOUT_CONCURRENCY,
    },
    ranking: {
      upvotes: e.PAPERBOY_WEIGHT_UPVOTES,
      comments: e.PAPERBOY_WEIGHT_COMMENTS,
      githubStars: e.PAPERBOY_WEIGHT_STARS,
      teamVotes: e.PAPERBOY_WEIGHT_TEAM_VOTES,
      halfLifeHours: e.PAPERBOY_HALF_LIFE_HOURS,
    },
  };
}

/** A key as 64 hex characters, else as base64 (standard or URL-safe); the length is checked after. */
function decodeKey(text: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return Buffer.alloc(0);
  return Buffer.from(text, "base64");
}

/** The password in a store URL (`redis://:password@host`), decoded, if any. */
function urlPassword(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the search index is saved between runs: `PAPERBOY_INDEX_FILE`, or `off` for nowhere; by
 * default next to a SQLite store (`data/paperboy.sqlite.index`), and nowhere for Redis and memory
 * stores (each Redis replica may set its own local path).
 */
function indexFileFor(setting: string | undefined, storeUrl: string): string | undefined {
  if (setting?.toLowerCase() === "off") return undefined;
  if (setting) return setting;
  return storeUrl.startsWith("sqlite://") ? `${storeUrl.slice("sqlite://".length)}.index` : undefined;
}

/**
 * Whether Discord is configured: a token turns the adapter on. An application or guild id without a
 * token is a half-finished setup, which stops start-up naming the missing variable.
 */
export function discordConfigured(config: Config): boolean {
  const { token, applicationId, guildId } = config.discord;
  if (!token && (applicationId || guildId)) {
    throw new ConfigError(
      `DISCORD_TOKEN: required when ${applicationId ? "DISCORD_APPLICATION_ID" : "DISCORD_GUILD_ID"} is set (the app's Bot page)`,
    );
  }
  return Boolean(token);
}
