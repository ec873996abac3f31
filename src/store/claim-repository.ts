import { randomUUID } from "node:crypto";
import type { KvBackend } from "./backend.ts";
import { claimKey } from "./keys.ts";

/** What a claim stores: who holds it, and the token of the repository (the process) that claimed it. */
interface ClaimValue {
  owner: string;
  holder: string;
}

/**
 * Exactly-once claims: the first process to claim a key owns the work for `ttlMs`; a claim whose holder died
 * expires and can be taken over. A holder that finishes early releases its claim, and one whose work outlasts
 * the ttl renews it before it runs out.
 *
 * Each repository makes a random holder token when it is created (one per process, since the store makes one
 * repository), and a claim stores `{ owner, holder }`. Release and renew act only on a claim whose stored value
 * is exactly that pair, through the backend's atomic `deleteIfEquals` and `extendIfEquals`: a holder whose claim
 * expired and was taken over, or another process that uses the same owner name, cannot remove or prolong the
 * new holder's claim. The value is built the same way every time (same fields, same order, no timestamp), so
 * its encoding, which is what the backend compares, is reproducible.
 *
 * A release that fails (the store is down as the work ends) is remembered, so the claim does not hold the
 * key for the rest of its ttl: it is released again by {@link releaseUnreleased} (which the store calls as
 * soon as it answers again), and a new claim of that key for the same owner by this repository takes the
 * leftover claim over at once instead of waiting for it to expire.
 */
export class ClaimRepository {
  /** Claims whose release failed: stored key → owner. Their work is over; only the store kept them. */
  private readonly unreleased = new Map<string, string>();

  constructor(
    private readonly kv: KvBackend,
    /** Identifies this repository's claims; a fresh random token unless a test needs a fixed one. */
    private readonly holder: string = randomUUID(),
  ) {}

  /** Tries to claim `key` for `owner`; true when this caller now holds it. */
  async claim(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const stored = claimKey(key);
    if (this.unreleased.get(stored) === owner) {
      this.unreleased.delete(stored);
      try {
        // Still ours from work that ended during an outage: renewing it is taking it again.
        if (await this.kv.extendIfEquals(stored, this.value(owner), ttlMs)) return true;
      } catch (error) {
        this.unreleased.set(stored, owner);
        throw error;
      }
    }
    const claimed = await this.kv.setIfAbsent(stored, this.value(owner), ttlMs);
    if (claimed) this.unreleased.delete(stored);
    return claimed;
  }

  /**
   * Gives up the claim on `key` that this repository holds for `owner`, so that it can be claimed again at
   * once; true when it was released. Does nothing (false) when the claim expired, or is held by someone else.
   */
  async release(key: string, owner: string): Promise<boolean> {
    const stored = claimKey(key);
    try {
      const released = await this.kv.deleteIfEquals(stored, this.value(owner));
      this.unreleased.delete(stored);
      return released;
    } catch (error) {
      this.unreleased.set(stored, owner);
      throw error;
    }
  }

  /**
   * Releases again every claim whose release failed; those that fail again stay remembered. Resolves with how
   * many were settled (released, or found expired or taken over meanwhile). Never throws.
   */
  async releaseUnreleased(): Promise<number> {
    const settled = await Promise.all(
      [...this.unreleased].map(async ([stored, owner]) => {
        this.unreleased.delete(stored);
        try {
          await this.kv.deleteIfEquals(stored, this.value(owner));
          return true;
        } catch {
          // Released at the next recovery, or taken over by this repository's next claim of the key.
          if (!this.unreleased.has(stored)) this.unreleased.set(stored, owner);
          return false;
        }
      }),
    );
    return settled.filter(Boolean).length;
  }

  /**
   * Makes the claim on `key` that this repository holds for `owner` last `ttlMs` from now; true when renewed.
   * False when the claim already expired or is held by someone else: the caller has lost it and should stop.
   */
  async renew(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.kv.extendIfEquals(claimKey(key), this.value(owner), ttlMs);
  }

  private value(owner: string): ClaimValue {
    return { owner, holder: this.holder };
  }
}
