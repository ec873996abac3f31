import { z } from "zod";
import { schedulerTimings } from "./config/scheduler-timings.ts";
import { decodeKey, VARIABLES, type VariableName } from "./config/variables.ts";
import { ConfigError } from "./errors.ts";
import { parseListenAddress } from "./listen-address.ts";
import { rememberSecrets } from "./secrets.ts";

const WEIGHTS = [
  "PAPERBOY_WEIGHT_UPVOTES",
  "PAPERBOY_WEIGHT_COMMENTS",
  "PAPERBOY_WEIGHT_STARS",
  "PAPERBOY_WEIGHT_TEAM_VOTES",
] as const;

/** The schemas of the declared variables, by name. */
type Shape = { [Name in VariableName]: (typeof VARIABLES)[Name]["schema"] };

/**
 * Every environment variable paperboy reads, with its default, as declared in `config/variables.ts`.
 * This is the only place that reads `process.env`; a bad value stops start-up with a message naming
 * the variable and the expected form.
 */
export const EnvSchema = z.object(
  Object.fromEntries(Object.entries(VARIABLES).map(([name, variable]) => [name, variable.schema])) as Shape,
);

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

/** Application configuration derived from the environment; its shape is `configFrom`'s. */
export type Config = ReturnType<typeof configFrom>;

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
      const got = value === undefined || isSecret(name) ? "" : ` (got "${value}")`;
      return `${name}: ${issue.message}${got}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = result.data;
  const secrets = Object.entries(VARIABLES).filter(([, variable]) => "secret" in variable);
  rememberSecrets([
    ...secrets.map(([name]) => e[name as VariableName] as string | undefined),
    urlPassword(e.PAPERBOY_STORE),
  ]);
  return configFrom(e);
}

/** The configuration the app reads, grouped by what uses it and in the units it uses. */
function configFrom(e: Env) {
  return {
    storeUrl: e.PAPERBOY_STORE,
    /** Where the search index is saved between runs (relative to the working directory), if anywhere. */
    indexFile: indexFileFor(e.PAPERBOY_INDEX_FILE, e.PAPERBOY_STORE),
    /** Whether topic searches run in a worker thread (see `SearchWorker`). */
    searchWorker: e.PAPERBOY_SEARCH_WORKER === "on",
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
      /** Messages per minute one workspace is paced to, over all its channels (after a burst). */
      workspacePostsPerMinute: e.PAPERBOY_SLACK_WORKSPACE_POSTS_PER_MINUTE,
    },
    /** Encrypts OAuth installations at rest (AES-256-GCM) when set: the 32 bytes of `PAPERBOY_ENCRYPTION_KEY`. */
    encryptionKey: e.PAPERBOY_ENCRYPTION_KEY === undefined ? undefined : decodeKey(e.PAPERBOY_ENCRYPTION_KEY),
    discord: {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      /** Register commands in this one guild (instant) instead of globally. */
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: e.DISCORD_API_URL,
    },
    port: e.PORT,
    /** Serve `/healthz` and `/metrics` here instead of on `port` (which then serves only Slack). */
    metricsAddress:
      e.PAPERBOY_METRICS_ADDR === undefined ? undefined : parseListenAddress(e.PAPERBOY_METRICS_ADDR),
    timezone: e.PAPERBOY_TIMEZONE,
    logLevel: e.LOG_LEVEL,
    digestSize: e.PAPERBOY_DIGEST_SIZE,
    admins: e.PAPERBOY_ADMINS,
    /** Reaction emoji that upvote, save and downvote; empty means the defaults (👍 ⬆️ 🔥, 🔖, 👎). */
    reactionEmoji: {
      upvote: e.PAPERBOY_UPVOTE_EMOJI,
      save: e.PAPERBOY_SAVE_EMOJI,
      downvote: e.PAPERBOY_DOWNVOTE_EMOJI,
    },
    httpTimeoutMs: e.PAPERBOY_HTTP_TIMEOUT_MS,
    /** Commands one user may run per minute on Slack and Discord (0: no limit). */
    commandsPerMinute: e.PAPERBOY_COMMANDS_PER_MINUTE,
    /** The scheduler: grace window for catch-up, claim lease, sweep interval and channels posted at once. */
    scheduler: schedulerTimings({
      catchUpHours: e.PAPERBOY_CATCHUP_HOURS,
      claimTtlSeconds: e.PAPERBOY_CLAIM_TTL_SECONDS,
      sweepSeconds: e.PAPERBOY_SCHEDULER_SWEEP_SECONDS,
      concurrency: e.PAPERBOY_FANOUT_CONCURRENCY,
    }),
    /** Follow-ups: how long papers stay tracked, and the refresher's daily upstream budget. */
    followups: {
      trackDays: e.PAPERBOY_TRACK_DAYS,
      dailyRequests: e.PAPERBOY_FOLLOWUP_DAILY_REQUESTS,
    },
    /** The ranking weights of the trending score. */
    ranking: {
      upvotes: e.PAPERBOY_WEIGHT_UPVOTES,
      comments: e.PAPERBOY_WEIGHT_COMMENTS,
      githubStars: e.PAPERBOY_WEIGHT_STARS,
      teamVotes: e.PAPERBOY_WEIGHT_TEAM_VOTES,
      halfLifeHours: e.PAPERBOY_HALF_LIFE_HOURS,
    },
  };
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

/** Whether `name` is a declared secret, whose value an error message never repeats. */
function isSecret(name: string): boolean {
  return Object.hasOwn(VARIABLES, name) && "secret" in VARIABLES[name as VariableName];
}
