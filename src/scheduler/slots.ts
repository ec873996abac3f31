/** Gives out up to `size` slots at once; a taker waits for a free one, in the order they asked. */
export interface Slots {
  /** Resolves with this slot's release, once one is free. Releasing twice frees it once. */
  take(): Promise<() => void>;
}

/** {@link Slots} of `size` (at least 1). */
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
        if (next) next();
        else free += 1;
      };
    },
  };
}
