import type { KvBackend } from "./backend.ts";

/**
 * Exactly-once claims: the first process to claim a key owns the work for `ttlMs`; a claim whose
 * holder died expires and can be taken over. Releasing early needs an atomic compare-and-delete on
 * the backend (a read-then-delete could remove a newer holder's claim), so claims simply expire.
 */
export class ClaimRepository {
  constructor(private readonly kv: KvBackend) {}

  /** Tries to claim `key` for `owner`; true when this caller now holds it. */
  async claim(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.kv.setIfAbsent(`claim:${key}`, { owner, at: new Date().toISOString() }, ttlMs);
  }
}
