import type { KvBackend, ListOptions } from "../backend.ts";
import { StoreError } from "../errors.ts";

/**
 * Wraps a driver so that `close()` may be called more than once and every call after it fails with a
 * StoreError (`closed`) instead of reaching a released connection, which node-redis would silently reopen;
 * and so that any other failure of an operation (Redis gone, SQLite busy past its timeout, a disk error)
 * reaches callers as a StoreError (`unavailable`) with the driver's error as its cause. Commands answer
 * those with a polite "try again" instead of a generic apology, and nothing above the store needs to know
 * each driver's error types.
 */
export function guardClosed(backend: KvBackend): KvBackend {
  let closing: Promise<void> | undefined;
  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    if (closing)
      throw new StoreError(backend.kind, "closed", "the store was closed; open it again to use it");
    try {
      return await run();
    } catch (error) {
      // A StoreError already says what to do; a RangeError is a caller's bad argument, not an outage.
      if (error instanceof StoreError || error instanceof RangeError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreError(backend.kind, "unavailable", `${operation} failed: ${reason}`, { cause: error });
    }
  };
  return {
    kind: backend.kind,
    get: <T>(key: string) => call("get", () => backend.get<T>(key)),
    getMany: <T>(keys: readonly string[]) => call("getMany", () => backend.getMany<T>(keys)),
    set: (key, value, ttlMs) => call("set", () => backend.set(key, value, ttlMs)),
    setMany: (entries) => call("setMany", () => backend.setMany(entries)),
    delete: (key) => call("delete", () => backend.delete(key)),
    setIfAbsent: (key, value, ttlMs) => call("setIfAbsent", () => backend.setIfAbsent(key, value, ttlMs)),
    deleteIfEquals: (key, expected) => call("deleteIfEquals", () => backend.deleteIfEquals(key, expected)),
    extendIfEquals: (key, expected, ttlMs) =>
      call("extendIfEquals", () => backend.extendIfEquals(key, expected, ttlMs)),
    list: <T>(prefix: string, options?: ListOptions) => call("list", () => backend.list<T>(prefix, options)),
    ...(backend.splitKey && {
      splitKey: (prefix: string, fraction: number) =>
        call("splitKey", () => backend.splitKey!(prefix, fraction)),
    }),
    ping: () => call("ping", () => backend.ping()),
    close() {
      closing ??= backend.close();
      return closing;
    },
  };
}
