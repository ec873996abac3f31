import type { NumberRange } from "../env-number.ts";
import { parseListenAddress } from "../listen-address.ts";
import { isValidTimeZone } from "../time.ts";
import { checkedText, checkedTextOr, httpUrl, type Kind, list, number, oneOf, text } from "./kinds.ts";

/**
 * One environment variable, declared once: how it is parsed and its default (its kind), and its
 * README row. `help` may say `{range}`, which the README shows as the number's `min–max`.
 */
export interface Variable extends Kind {
  /** The README's "meaning" cell; absent when the variable is shown in `sameRowAs`'s row. */
  help?: string;
  /** The README's "default" cell when it is not simply the default value, or `unset`. */
  shownDefault?: string;
  /** Shown in the README row of this other variable. */
  sameRowAs?: string;
  /** Never echoed in an error message, and masked in logs. */
  secret?: boolean;
}

/** A ranking weight: 0 leaves that signal out. */
const WEIGHT: NumberRange = { what: "a weight", min: 0, max: 100, note: "0 leaves that signal out" };
const KEY_BYTES = 32;

/** `PAPERBOY_ENCRYPTION_KEY` as 64 hex characters or base64, checked to be 32 bytes. */
const encryptionKey = checkedText(
  (value) => decodeKey(value).length === KEY_BYTES,
  "expected 32 bytes as 64 hex characters or base64, e.g. from `openssl rand -base64 32`",
  {
    bad: ["secret", "ab".repeat(31)],
    good: ["ab".repeat(32), Buffer.alloc(KEY_BYTES, 7).toString("base64")],
  },
);

/** A Discord snowflake id. */
const snowflake = (tries: { bad: readonly string[]; good: readonly string[] }) =>
  checkedText((value) => /^\d{15,21}$/.test(value), "expected a Discord id (digits only)", tries);

/**
 * Every environment variable paperboy reads, in the README's order. The zod schema and the `Config`
 * type (`src/config.ts`), the README's Configuration table (`npm run docs:config`), the bad-value
 * tests and the defaults other modules use all come from here.
 */
export const VARIABLES = {
  PAPERBOY_STORE: {
    ...checkedTextOr(
      "sqlite://./data/paperboy.sqlite",
      (value) => /^(sqlite:\/\/.+|memory:\/\/|rediss?:\/\/.+)$/.test(value),
      "expected sqlite://path, redis://host:port or memory://",
      {
        bad: ["postgres://db", "sqlite://"],
        good: ["memory://", "sqlite:///tmp/x.sqlite", "rediss://h:6380"],
      },
    ),
    help: "`sqlite://relative/path`, `sqlite:///absolute/path`, `redis://host:port`, or `memory://`",
  },
  PAPERBOY_INDEX_FILE: {
    ...text("any path, or off"),
    shownDefault: "the SQLite store's path + `.index`; none for Redis and memory",
    help: "where the search index is saved between runs, so a restart loads it instead of re-indexing every paper; `off` to never save it",
  },
  PAPERBOY_SEARCH_WORKER: {
    ...oneOf(["on", "off"], "on", "expected on or off"),
    help: "`on`: `paperboy run` answers topic searches in a worker thread that reads the search index in shared memory, so a burst of commands does not queue behind them on the main thread (about 50 MB more RSS at 100,000 papers); `off`: on the main thread",
  },
  HF_API_URL: {
    ...httpUrl("https://huggingface.co"),
    help: "Hugging Face base URL (papers API under `/api/...`)",
  },
  ARXIV_API_URL: {
    ...httpUrl("https://export.arxiv.org"),
    help: "arXiv API base URL (`/api/query`); requests are paced to one per 3 s",
  },
  SLACK_BOT_TOKEN: {
    ...text("a secret, checked by Slack at start"),
    secret: true,
    help: "Slack over HTTP (commands and events at `/slack/events`)",
  },
  SLACK_SIGNING_SECRET: {
    ...text("a secret, checked on each signed request"),
    secret: true,
    sameRowAs: "SLACK_BOT_TOKEN",
  },
  SLACK_APP_TOKEN: {
    ...text("a secret, checked by Slack at start"),
    secret: true,
    help: "Slack Socket Mode instead of HTTP",
  },
  SLACK_API_URL: { ...httpUrl("https://slack.com/api/"), help: "Slack Web API base URL" },
  SLACK_CLIENT_ID: {
    ...text("opaque id from Slack"),
    help: "OAuth for many workspaces: install at `/slack/install` (redirect `/slack/oauth_redirect`); installations are kept in paperboy's store",
  },
  SLACK_CLIENT_SECRET: { ...text("a secret"), secret: true, sameRowAs: "SLACK_CLIENT_ID" },
  SLACK_STATE_SECRET: { ...text("a secret"), secret: true, sameRowAs: "SLACK_CLIENT_ID" },
  PAPERBOY_ENCRYPTION_KEY: {
    ...encryptionKey,
    secret: true,
    help: "encrypts OAuth installations in the store (AES-256-GCM): 32 bytes as 64 hex characters or base64 (`openssl rand -base64 32`); installations stored before it was set are still read, and encrypted on first use",
  },
  PAPERBOY_UPVOTE_EMOJI: {
    ...list("Slack names or Unicode emoji"),
    shownDefault: "`+1,arrow_up,fire` / `bookmark`",
    help: "reaction emoji that upvote and that save (Slack names or Unicode)",
  },
  PAPERBOY_SAVE_EMOJI: { ...list("Slack names or Unicode emoji"), sameRowAs: "PAPERBOY_UPVOTE_EMOJI" },
  PAPERBOY_DOWNVOTE_EMOJI: {
    ...list("Slack names or Unicode emoji"),
    shownDefault: "`-1,thumbsdown` (👎)",
    help: "reaction emoji that downvote: the channel's taste learns to rank papers like it lower (Slack names or Unicode); no reaction is not a downvote",
  },
  DISCORD_TOKEN: {
    ...text("a secret, checked by Discord at start"),
    secret: true,
    help: "Discord bot token: turns the Discord adapter on",
  },
  DISCORD_APPLICATION_ID: {
    ...snowflake({ bad: ["my-app", "12345"], good: ["100000000000000"] }),
    shownDefault: "looked up from the token",
    help: "the application `register` registers `/papers` for",
  },
  DISCORD_GUILD_ID: {
    ...snowflake({ bad: ["guild"], good: ["999999999999999999999"] }),
    help: "`register` registers `/papers` in this one server (instant) instead of globally",
  },
  DISCORD_API_URL: {
    ...httpUrl("https://discord.com/api"),
    help: "Discord REST base (the gateway URL is discovered from it)",
  },
  PORT: {
    ...number({ what: "a port number", min: 0, max: 65_535, integer: true, note: "0: any free port" }, 3000),
    help: "HTTP server: Slack events at `/slack/events`, `/healthz`, `/metrics` ({range}; 0 picks any free port)",
  },
  PAPERBOY_METRICS_ADDR: {
    ...checkedText(
      (value) => parseListenAddress(value) !== undefined,
      "expected host:port for /healthz and /metrics, like 127.0.0.1:9091 (port 0–65535)",
      {
        bad: ["9091", "127.0.0.1", "127.0.0.1:65536", "http://127.0.0.1:9091", "::1:9091"],
        good: ["127.0.0.1:0", "0.0.0.0:65535", "[::1]:9091", "localhost:9091"],
      },
    ),
    help: "`host:port` (e.g. `127.0.0.1:9091`) to serve `/healthz` and `/metrics` there instead of on `PORT`, which then serves only Slack (`/healthz` and `/metrics` answer 404)",
  },
  PAPERBOY_TIMEZONE: {
    ...checkedTextOr("UTC", isValidTimeZone, "expected an IANA time zone like Europe/Berlin or UTC", {
      bad: ["Mars/Base"],
      good: ["Pacific/Kiritimati"],
    }),
    help: 'default time zone for "today" and for new channel schedules (IANA name)',
  },
  LOG_LEVEL: {
    ...oneOf(
      ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
      "info",
      "expected fatal, error, warn, info, debug, trace or silent",
    ),
    help: "`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`; logs go to stderr (on a terminal each entry is one line; `debug` also shows errors' stacks)",
  },
  PAPERBOY_DIGEST_SIZE: {
    ...number({ what: "a whole number of papers", min: 1, max: 20, integer: true }, 5),
    help: "papers per digest ({range})",
  },
  PAPERBOY_ARXIV_CATEGORIES: {
    ...list("checked by the arXiv source", ["cs.LG", "cs.CL", "cs.CV", "cs.AI"]),
    help: "arXiv categories paperboy follows",
  },
  PAPERBOY_ADMINS: {
    ...list("user ids of any platform"),
    help: "comma-separated users who may change settings on every channel, each a user id or workspace:user (Slack team id or Discord guild id); at the console you are always the admin",
  },
  PAPERBOY_WEIGHT_UPVOTES: {
    ...number(WEIGHT, 1),
    help: "ranking weights ({range} each; 0 leaves that signal out; not all four 0)",
  },
  PAPERBOY_WEIGHT_COMMENTS: { ...number(WEIGHT, 0.1), sameRowAs: "PAPERBOY_WEIGHT_UPVOTES" },
  PAPERBOY_WEIGHT_STARS: { ...number(WEIGHT, 0.02), sameRowAs: "PAPERBOY_WEIGHT_UPVOTES" },
  PAPERBOY_WEIGHT_TEAM_VOTES: { ...number(WEIGHT, 1.5), sameRowAs: "PAPERBOY_WEIGHT_UPVOTES" },
  PAPERBOY_HALF_LIFE_HOURS: {
    ...number({ what: "hours", min: 1, max: 8760 }, 36),
    help: "how fast a paper's trending score decays ({range})",
  },
  PAPERBOY_COMMANDS_PER_MINUTE: {
    ...number(
      {
        what: "a whole number of commands",
        min: 0,
        max: 10_000,
        integer: true,
        note: "0 turns the limit off",
      },
      10,
    ),
    help: 'commands one person may run per minute on Slack and Discord (a burst of that many, then one every 60/N s); the next gets a polite private "try again in N s" and is not run. `0` turns it off; the console is never limited ({range})',
  },
  // Slack publishes no workspace-wide figure ("several hundred messages per minute", "generous burst
  // behavior"); paperboy paces to the low end by default. A workspace granted more may raise it, and the
  // tests that start real processes raise it so their fan-outs are not minutes long.
  PAPERBOY_SLACK_WORKSPACE_POSTS_PER_MINUTE: {
    ...number({ what: "a whole number of messages", min: 60, max: 6000, integer: true }, 300),
    help: 'messages posted per minute to one Slack workspace over all its channels, after a burst of 45 (Slack: "several hundred messages per minute"; each channel also keeps to about one a second) ({range})',
  },
  PAPERBOY_HTTP_TIMEOUT_MS: {
    ...number({ what: "whole milliseconds", min: 100, max: 300_000, integer: true }, 10_000),
    help: "per-attempt timeout for Hugging Face and arXiv requests ({range})",
  },
  PAPERBOY_CATCHUP_HOURS: {
    ...number({ what: "hours", min: 0, max: 48 }, 6),
    help: "a digest missed (process down) by at most this long is posted at start ({range})",
  },
  // At least 2 s: a claim is renewed every third of its lease but at most once a second.
  PAPERBOY_CLAIM_TTL_SECONDS: {
    ...number({ what: "whole seconds", min: 2, max: 86_400, integer: true }, 600),
    help: "how long a replica's claim on a channel's digest lasts without renewal ({range})",
  },
  PAPERBOY_SCHEDULER_SWEEP_SECONDS: {
    ...number({ what: "whole seconds", min: 1, max: 3600, integer: true }, 60),
    help: "how often every channel's schedule is checked ({range})",
  },
  // A channel in flight mostly waits on its own rate limit (Slack about 1/s, Discord 5 per 5 s), so
  // channels must not wait on each other: the platform limiters (the Slack pacer, discord.js's buckets
  // and global limit) set the pace. The fan-out benchmark shows 8 at a time costing 5-27x the floor.
  PAPERBOY_FANOUT_CONCURRENCY: {
    ...number({ what: "a whole number of channels", min: 1, max: 10_000, integer: true }, 500),
    help: "how many channels post at once (each mostly waits on its own rate limit; {range})",
  },
  PAPERBOY_TRACK_DAYS: {
    ...number({ what: "whole days", min: 1, max: 365, integer: true }, 60),
    help: "a paper a channel upvoted or saved is tracked there this long: code, a new arXiv version or a model, dataset or Space on Hugging Face is posted as a follow-up under its message ({range})",
  },
  PAPERBOY_FOLLOWUP_DAILY_REQUESTS: {
    ...number(
      {
        what: "a whole number of requests",
        min: 0,
        max: 144_000,
        integer: true,
        note: "0 turns refreshing off",
      },
      24_000,
    ),
    help: "upstream requests (Hugging Face and arXiv) the follow-up refresh may spend per UTC day; papers past it wait for the next day, with one log line naming them. About 2 per tracked paper a day; `0` turns refreshing off ({range})",
  },
} as const satisfies Record<string, Variable>;

/** The name of an environment variable paperboy reads. */
export type VariableName = keyof typeof VARIABLES;

/** A key as 64 hex characters, else as base64 (standard or URL-safe); the length is checked after. */
export function decodeKey(text: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return Buffer.alloc(0);
  return Buffer.from(text, "base64");
}
