/** Waits for `ms` milliseconds, or rejects when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Spaces request starts per host; see {@link createHostPacer}. */
export interface HostPacer {
  /** Resolves when a request to `url` may start, keeping the host's minimum interval. */
  wait(url: URL, signal?: AbortSignal): Promise<void>;
}

/**
 * A per-host queue of start slots: each caller reserves the next free slot for its host, so concurrent
 * callers are spaced by the interval (arXiv asks for one request every 3 s) rather than all waking at once.
 * `pacing` is keyed by `host` (`127.0.0.1:8080`) or `hostname` (`export.arxiv.org`).
 */
export function createHostPacer(
  pacing: Readonly<Record<string, number>>,
  sleep: Sleep,
  now: () => number,
): HostPacer {
  const nextSlot = new Map<string, number>();
  return {
    async wait(url, signal) {
      const key = url.host in pacing ? url.host : url.hostname;
      const interval = pacing[key];
      if (!interval || interval <= 0) return;
      const current = now();
      const slot = Math.max(current, nextSlot.get(key) ?? 0);
      nextSlot.set(key, slot + interval);
      if (slot > current) await sleep(slot - current, signal);
    },
  };
}
