/**
 * Slack allows about one message per second per channel, with short bursts. A token bucket per channel
 * keeps paperboy's posts inside that, so a digest's messages are spaced out rather than answered with
 * 429s; different channels never wait for each other.
 */
export class ChannelPacer {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    /** Messages a channel may take at once. */
    private readonly burst = 3,
    /** Milliseconds to earn one more message. */
    private readonly intervalMs = 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Resolves when one more message may go to `channel`, and takes it. */
  async take(channel: string): Promise<void> {
    for (;;) {
      const now = this.clock();
      const bucket = this.buckets.get(channel) ?? { tokens: this.burst, at: now };
      const tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) / this.intervalMs);
      if (tokens >= 1) {
        this.buckets.set(channel, { tokens: tokens - 1, at: now });
        if (this.buckets.size > MAX_TRACKED) this.forgetIdle(now);
        return;
      }
      this.buckets.set(channel, { tokens, at: now });
      await new Promise((resolve) => setTimeout(resolve, Math.ceil((1 - tokens) * this.intervalMs)));
    }
  }

  /** Drops channels whose bucket has refilled: they would start full anyway. */
  private forgetIdle(now: number): void {
    for (const [channel, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) / this.intervalMs >= this.burst) this.buckets.delete(channel);
    }
  }
}

/** Beyond this many channels, idle ones are forgotten. */
const MAX_TRACKED = 10_000;
