/** The answer to "may this user run a command now?". */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Beyond this many users tracked, those whose allowance has refilled are forgotten. */
const MAX_TRACKED = 10_000;
const MINUTE_MS = 60_000;

/**
 * A per-user command allowance: `perMinute` commands at once, refilled evenly over a minute (a token
 * bucket). One user typing fast, or a script, cannot make paperboy hammer the store and upstream on
 * everyone's behalf. Kept in memory per process: with N replicas a user gets at most N × the limit.
 * Hand-written because neither Bolt nor discord.js limits commands per user.
 */
export class CommandRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Takes one command from `user`'s allowance, or says how long until one is available. */
  take(user: string): RateDecision {
    if (!(this.perMinute > 0)) return { allowed: true };
    const now = this.clock();
    const interval = MINUTE_MS / this.perMinute;
    const bucket = this.buckets.get(user);
    const tokens = bucket
      ? Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) / interval)
      : this.perMinute;
    if (tokens < 1) {
      this.buckets.set(user, { tokens, at: now });
      return { allowed: false, retryAfterMs: Math.ceil((1 - tokens) * interval) };
    }
    this.buckets.set(user, { tokens: tokens - 1, at: now });
    if (this.buckets.size > MAX_TRACKED) this.forgetRefilled(now, interval);
    return { allowed: true };
  }

  private forgetRefilled(now: number, interval: number): void {
    for (const [user, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) / interval >= this.perMinute) this.buckets.delete(user);
    }
  }
}
