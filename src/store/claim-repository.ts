import type { KvBackend } from "./backend.ts";

/**
 * Exactly-once claims: the first process to claim a key owns the work for `ttlMs`; a claim whose
 * holder died expires and can be taken over.
 */
export class ClaimRepository {
  constructor(private readonly kv: KvBackend) {}

  /** Tries to claim `key` for `owner`; true when this caller now holds it. */
  async claim(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.kv.setIfAbsent(`claim:${key}`, { owner, at: new Date().toISOString() }, ttlMs);
  }

  /** Who holds the claim, if anyone. */
  async holder(key: string): Promise<string | undefined> {
    return (await this.kv.get<{ owner: string }>(`claim:${key}`))?.owner;
  }

  /** Releases a claim this owner holds (no-op when someone else holds it). */
  async release(key: string, owner: string): Promise<void> {
    if ((await this.holder(key)) === owner) await this.kv.delete(`claim:${key}`);
  }
}
