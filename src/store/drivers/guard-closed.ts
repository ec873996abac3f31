import type { KvBackend } from "../backend.ts";
import { StoreError } from "../errors.ts";

/**
 * Wraps a driver so that `close()` may be called more than once and every call after it fails with a
 * StoreError (`closed`) instead of reaching a released connection, which node-redis would silently reopen.
 */
export function guardClosed(backend: KvBackend): KvBackend {
  let closing: Promise<void> | undefined;
  const open = (): void => {
    if (closing)
      throw new StoreError(backend.kind, "closed", "the store was closed; open it again to use it");
  };
  return {
    kind: backend.kind,
    async get<T>(key: string) {
      open();
      return backend.get<T>(key);
    },
    async getMany<T>(keys: readonly string[]) {
      open();
      return backend.getMany<T>(keys);
    },
    async set(key, value, ttlMs) {
      open();
      return backend.set(key, value, ttlMs);
    },
    async setMany(entries) {
      open();
      return backend.setMany(entries);
    },
    async delete(key) {
      open();
      return backend.delete(key);
    },
    async setIfAbsent(key, value, ttlMs) {
      open();
      return backend.setIfAbsent(key, value, ttlMs);
    },
    async deleteIfEquals(key, expected) {
      open();
      return backend.deleteIfEquals(key, expected);
    },
    async extendIfEquals(key, expected, ttlMs) {
      open();
      return backend.extendIfEquals(key, expected, ttlMs);
    },
    async list<T>(prefix: string) {
      open();
      return backend.list<T>(prefix);
    },
    async ping() {
      open();
      return backend.ping();
    },
    close() {
      closing ??= backend.close();
      return closing;
    },
  };
}
