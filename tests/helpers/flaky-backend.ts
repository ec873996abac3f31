import type { KvBackend } from "../../src/store/backend.ts";
import { StoreError } from "../../src/store/errors.ts";

/** A backend whose every call fails like an unreachable store while `down` is set; `close` always works. */
export interface FlakyBackend extends KvBackend {
  down: boolean;
}

/** Wraps `inner` (a real driver) so a test can take the store away and bring it back. */
export function flakyBackend(inner: KvBackend): FlakyBackend {
  const state = { down: false };
  const call =
    <A extends unknown[], R>(operation: string, run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (state.down) {
        throw new StoreError(
          inner.kind,
          "unavailable",
          `${operation} failed: connect ECONNREFUSED (test outage)`,
        );
      }
      return run(...args);
    };
  return {
    kind: inner.kind,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    get: call("get", (key) => inner.get(key)),
    getMany: call("getMany", (keys) => inner.getMany(keys)),
    set: call("set", (key, value, ttlMs) => inner.set(key, value, ttlMs)),
    setMany: call("setMany", (entries) => inner.setMany(entries)),
    delete: call("delete", (key) => inner.delete(key)),
    setIfAbsent: call("setIfAbsent", (key, value, ttlMs) => inner.setIfAbsent(key, value, ttlMs)),
    deleteIfEquals: call("deleteIfEquals", (key, expected) => inner.deleteIfEquals(key, expected)),
    extendIfEquals: call("extendIfEquals", (key, expected, ttlMs) =>
      inner.extendIfEquals(key, expected, ttlMs),
    ),
    list: call("list", (prefix, options) => inner.list(prefix, options)),
    ping: call("ping", () => inner.ping()),
    close: () => inner.close(),
  };
}
