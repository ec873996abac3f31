/**
 * Discord's rate limits as the fake Discord enforces them when asked (`startFakeDiscord({ rateLimits })`):
 * a per-channel bucket on message creation and the global per-bot limit across all routes, both answered
 * with a 429 Discord's way so discord.js's limiter can wait them out (and, from the headers, pre-empt them).
 */
import { performance } from "node:perf_hooks";
import type { FakeResponse } from "./fake-discord-api.ts";

/** A fixed window: at most `limit` requests from its first request until `windowMs` later. */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/**
 * What the fake enforces. Discord publishes neither the message bucket's numbers (it reports them in the
 * `x-ratelimit-*` headers) nor how its global limit counts; the fake makes both explicit.
 */
export interface DiscordRateLimits {
  /** `POST /channels/:channel/messages`: one bucket per channel (the route's major parameter). */
  messages: WindowLimit;
  /** Every authenticated request of the bot, all routes together (interaction webhooks are exempt). */
  global: WindowLimit;
}

/**
 * The limits a bot meets posting to channels: 5 messages per 5 s per channel (what Discord's headers
 * report for the route) and 50 requests per second per bot (the documented global limit). Both are fixed
 * windows that start at the first request after the previous window ended, which is how discord.js
 * counts its own global budget and how the `x-ratelimit-reset-after` header describes a bucket.
 */
export const DISCORD_RATE_LIMITS: DiscordRateLimits = {
  messages: { limit: 5, windowMs: 5000 },
  global: { limit: 50, windowMs: 1000 },
};

/** What the enforced limits did. */
export interface DiscordRateLimitStats {
  /** 429s from a channel's message bucket. */
  route: number;
  /** 429s from the global limit (`x-ratelimit-global: true`). */
  global: number;
  /** Message posts to a channel that arrived before a 429 it had been given ran out. */
  ignoredRetryAfter: number;
}

/** Tolerance for timers that fire a hair early; a retry earlier than this counts as ignoring the 429. */
const RETRY_TOLERANCE_MS = 2;

interface Window {
  start: number;
  count: number;
}

/** The limiter: asked once per request, before the route runs. */
export class FakeRateLimiter {
  readonly stats: DiscordRateLimitStats = { route: 0, global: 0, ignoredRetryAfter: 0 };
  readonly #limits: DiscordRateLimits;
  #global: Window = { start: Number.NEGATIVE_INFINITY, count: 0 };
  readonly #channels = new Map<string, Window & { blockedUntil: number }>();

  constructor(limits: DiscordRateLimits) {
    this.#limits = limits;
  }

  /**
   * Admits a request or refuses it. `channel` is set for message creation (the limited route), with the
   * route's bucket hash for the headers. Answers a 429 to send instead of the route, or the rate-limit
   * headers to add to the route's answer.
   */
  admit(request: {
    authenticated: boolean;
    channel?: string;
    bucket?: string;
  }): { refused: FakeResponse } | { headers: Record<string, string> } {
    const now = performance.now();
    const channel = request.channel === undefined ? undefined : this.#channel(request.channel, now);
    if (channel && now < channel.blockedUntil - RETRY_TOLERANCE_MS) this.stats.ignoredRetryAfter += 1;
    if (request.authenticated) {
      const global = this.#limits.global;
      if (now >= this.#global.start + global.windowMs) this.#global = { start: now, count: 0 };
      if (this.#global.count >= global.limit) {
        const waitMs = this.#global.start + global.windowMs - now;
        if (channel) channel.blockedUntil = Math.max(channel.blockedUntil, now + waitMs);
        this.stats.global += 1;
        return { refused: tooMany(waitMs, { global: true }) };
      }
      this.#global.count += 1;
    }
    if (!channel) return { headers: {} };
    const { limit, windowMs } = this.#limits.messages;
    const waitMs = channel.start + windowMs - now;
    const bucketHeaders = (remaining: number) => ({
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset": ((Date.now() + waitMs) / 1000).toFixed(3),
      "x-ratelimit-reset-after": (waitMs / 1000).toFixed(3),
      "x-ratelimit-bucket": request.bucket ?? "fake-messages",
    });
    if (channel.count >= limit) {
      channel.blockedUntil = Math.max(channel.blockedUntil, now + waitMs);
      this.stats.route += 1;
      return { refused: tooMany(waitMs, { headers: bucketHeaders(0) }) };
    }
    channel.count += 1;
    return { headers: bucketHeaders(limit - channel.count) };
  }

  /** The channel's current window (a fresh one once the last has ended). */
  #channel(id: string, now: number): Window & { blockedUntil: number } {
    const windowMs = this.#limits.messages.windowMs;
    const existing = this.#channels.get(id);
    if (existing && now < existing.start + windowMs) return existing;
    const fresh = { start: now, count: 0, blockedUntil: existing?.blockedUntil ?? 0 };
    this.#channels.set(id, fresh);
    return fresh;
  }
}

/**
 * A 429 as Discord sends it: `retry_after` in fractional seconds in the body, the `Retry-After` header in
 * whole seconds (rounded up), and for the global limit `x-ratelimit-global: true` without bucket headers.
 */
function tooMany(
  waitMs: number,
  options: { global?: boolean; headers?: Record<string, string> },
): FakeResponse {
  const seconds = Math.max(0.001, waitMs / 1000);
  return {
    status: 429,
    body: {
      message: "You are being rate limited.",
      retry_after: Number(seconds.toFixed(3)),
      global: options.global ?? false,
    },
    headers: {
      "retry-after": String(Math.max(1, Math.ceil(seconds))),
      "x-ratelimit-scope": options.global ? "global" : "user",
      ...(options.global ? { "x-ratelimit-global": "true" } : {}),
      ...options.headers,
    },
  };
}
