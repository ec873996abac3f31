import type { KvBackend } from "../store/backend.ts";
import { StoreError } from "../store/errors.ts";
import { healthProbeKey } from "../store/keys.ts";
import { HealthProblem } from "./health-problem.ts";
import type { HealthCheck } from "./health-server.ts";

/** The one key the write probe sets: the same every time, so probing never grows the store. */
export const WRITE_PROBE_KEY = healthProbeKey;
/** How long the probe's value lives (Redis `SET … PX`; SQLite overwrites its one row). */
const WRITE_PROBE_TTL_MS = 60_000;
/** How long one probe's answer is reused, so a hammered `/healthz` writes at most once per this. */
const DEFAULT_CACHE_MS = 5_000;

/** Options of {@link storeHealthCheck}. */
export interface StoreHealthCheckOptions {
  /** How long an answer is reused. Default 5 s. */
  cacheMs?: number;
  /** The clock for the cache (milliseconds). Default `Date.now`. */
  now?: () => number;
}

/**
 * `/healthz`'s store check: the store answers (and, for SQLite, has room for new data), and it accepts a
 * write: one fixed key set to the current time with a short ttl and read back. A full disk, a Redis out of
 * memory or a read-only replica answer reads but refuse writes, and the check says so. The answer (either
 * way) is reused for `cacheMs`, and probes in flight are shared.
 */
export function storeHealthCheck(backend: KvBackend, options: StoreHealthCheckOptions = {}): HealthCheck {
  const cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
  const now = options.now ?? Date.now;
  let last: { at: number; probe: Promise<void> } | undefined;
  return () => {
    const at = now();
    if (!last || at - last.at >= cacheMs) {
      last = { at, probe: probeStore(backend) };
      last.probe.catch(() => undefined);
    }
    return last.probe;
  };
}

async function probeStore(backend: KvBackend): Promise<void> {
  try {
    await backend.ping();
  } catch (cause) {
    if (cause instanceof StoreError && cause.code === "full") {
      throw new HealthProblem("the store refuses writes: it is full", { cause });
    }
    throw new HealthProblem("the store does not answer", { cause });
  }
  try {
    const written = new Date().toISOString();
    await backend.set(WRITE_PROBE_KEY, written, WRITE_PROBE_TTL_MS);
    // Replicas share the key: any value read back shows the write landed.
    if ((await backend.get(WRITE_PROBE_KEY)) === undefined)
      throw new Error("the value written was not read back");
  } catch (cause) {
    throw new HealthProblem("the store refuses writes", { cause });
  }
}
