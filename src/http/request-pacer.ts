/** Waits for `ms` milliseconds, or rejects when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A request would wait longer for its pacing slot than its caller allows; nothing was sent. */
export class PacedOutError extends Error {
  override readonly name = "PacedOutError";
  constructor(
    readonly waitMs: number,
    readonly maxWaitMs: number,
    /** What holds the slot back: the source's own pace, or a `Retry-After` the source asked for. */
    readonly because: "pace" | "retry-after" = "pace",
  ) {
    super(
      `[paperboy] [http] the next request slot is ${waitMs} ms away${because === "retry-after" ? " (the source asked to wait)" : ""}, over the ${maxWaitMs} ms allowed`,
    );
  }
}

/** Spaces the request starts of one source; see {@link createRequestPacer}. */
export interface RequestPacer {
  /**
   * Resolves when the next request may start, keeping the minimum interval and any hold. With `maxWaitMs`,
   * a slot further away than that is not reserved and the call fails at once with {@link PacedOutError}.
   */
  wait(signal?: AbortSignal, maxWaitMs?: number): Promise<void>;
  /**
   * No request of the source starts before `at` (a 429's or 503's `Retry-After`): every caller waits it
   * out, not only the one that was refused.
   */
  holdUntil(at: number): void;
}

/**
 * A queue of start slots for one source (arXiv asks for one request every 3 s): each caller reserves
 * the next free slot, so concurrent callers are spaced by the interval rather than all waking at once.
 * Pacing belongs to the source, not to a host name: two sources behind one proxy or gateway keep their
 * own pace, and a source without an interval is never slowed by another's.
 */
export function createRequestPacer(intervalMs: number, sleep: Sleep, now: () => number): RequestPacer {
  let nextSlot = 0;
  let heldUntil = 0;
  return {
    async wait(signal, maxWaitMs) {
      const current = now();
      if (!(intervalMs > 0) && heldUntil <= current) return;
      const slot = Math.max(current, nextSlot, heldUntil);
      if (maxWaitMs !== undefined && slot - current > maxWaitMs) {
        throw new PacedOutError(slot - current, maxWaitMs, heldUntil >= slot ? "retry-after" : "pace");
      }
      if (intervalMs > 0) nextSlot = slot + intervalMs;
      if (slot > current) await sleep(slot - current, signal);
    },
    holdUntil(at) {
      heldUntil = Math.max(heldUntil, at);
    },
  };
}
