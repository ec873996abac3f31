/** Gives out up to `size` slots at once; a taker waits for a free one, in the order they asked. */
export interface Slots {
  /** Resolves with this slot's release, once one is free. Releasing twice frees it once. */
  take(): Promise<() => void>;
}

/**
 * {@link Slots} of `size` (at least 1). A released slot passes to the next taker on the event loop's next
 * turn, not at once: work that never waits on I/O (a memory store answers in the same turn) would otherwise
 * run every taker in turn without letting the loop run, holding back timers, answers, and requests other
 * code has already sent (discord.js counts its global window from when it sends, not from when the bytes
 * leave).
 */
export function slots(size: number): Slots {
  let free = Math.max(1, size);
  const waiting: (() => void)[] = [];
  return {
    async take() {
      if (free > 0) free -= 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const next = waiting.shift();
        if (next) setImmediate(next);
        else free += 1;
      };
    },
  };
}
