import type { KvBackend, ListOptions } from "./backend.ts";
import { StoreError } from "./errors.ts";

/** Whether the store answers, and a signal for when it answers again after failing. */
export interface StoreHealth {
  /** False from a failed call until a later call (or a probe) succeeds. */
  readonly healthy: boolean;
  /**
   * Calls `listener` each time the store answers again after failing (a Redis server back, a disk freed).
   * Work that could not be stored meanwhile (reactions the gateway will never redeliver) can then be
   * caught up. Returns the unsubscribe function.
   */
  onRecovered(listener: () => void): () => void;
}

/** Options of {@link watchHealth}. */
export interface WatchHealthOptions {
  /** First probe after a failure; each failed probe doubles the wait, up to `maxProbeMs`. Default 500 ms. */
  probeMs?: number;
  /** Longest wait between probes. Default 30 s. */
  maxProbeMs?: number;
}

/**
 * Failures that mean the store did not answer or has no room for new data (until a disk is freed), as opposed
 * to a closed store or a caller's bad argument.
 */
const isOutage = (error: unknown): boolean =>
  error instanceof StoreError &&
  (error.code === "unavailable" || error.code === "unreachable" || error.code === "full");

/**
 * Wraps a backend to watch its answers, for every driver alike: a call failing because the store is
 * unreachable marks it unhealthy and starts pinging it (backing off from `probeMs` to `maxProbeMs`); the
 * first call or ping that succeeds afterwards marks it healthy and tells the `onRecovered` listeners.
 * Nothing is probed while the store is healthy, and the probe timer never keeps the process alive.
 */
export function watchHealth(
  inner: KvBackend,
  options: WatchHealthOptions = {},
): { backend: KvBackend; health: StoreHealth } {
  const probeMs = options.probeMs ?? 500;
  const maxProbeMs = options.maxProbeMs ?? 30_000;
  const listeners = new Set<() => void>();
  let healthy = true;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const recovered = () => {
    if (healthy) return;
    healthy = true;
    clearTimeout(timer);
    timer = undefined;
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // A listener's failure is its own; the others still hear that the store is back.
      }
    }
  };
  const schedule = (delay: number) => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      inner.ping().then(recovered, (error: unknown) => {
        // A closed store is not coming back: probing stops.
        if (!healthy && isOutage(error)) schedule(Math.min(delay * 2, maxProbeMs));
      });
    }, delay);
    timer.unref();
  };
  const watch = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      const result = await run();
      recovered();
      return result;
    } catch (error) {
      if (isOutage(error) && !closed) {
        healthy = false;
        schedule(probeMs);
      }
      throw error;
    }
  };

  const backend: KvBackend = {
    kind: inner.kind,
    get: <T>(key: string) => watch(() => inner.get<T>(key)),
    getMany: <T>(keys: readonly string[]) => watch(() => inner.getMany<T>(keys)),
    set: (key, value, ttlMs) => watch(() => inner.set(key, value, ttlMs)),
    setMany: (entries) => watch(() => inner.setMany(entries)),
    delete: (key) => watch(() => inner.delete(key)),
    setIfAbsent: (key, value, ttlMs) => watch(() => inner.setIfAbsent(key, value, ttlMs)),
    deleteIfEquals: (key, expected) => watch(() => inner.deleteIfEquals(key, expected)),
    extendIfEquals: (key, expected, ttlMs) => watch(() => inner.extendIfEquals(key, expected, ttlMs)),
    list: <T>(prefix: string, listOptions?: ListOptions) => watch(() => inner.list<T>(prefix, listOptions)),
    ...(inner.splitKey && {
      splitKey: (prefix: string, fraction: number) => watch(() => inner.splitKey!(prefix, fraction)),
    }),
    ping: () => watch(() => inner.ping()),
    close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      return inner.close();
    },
  };
  const health: StoreHealth = {
    get healthy() {
      return healthy;
    },
    onRecovered(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { backend, health };
}
