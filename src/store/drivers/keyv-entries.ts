import { Buffer } from "node:buffer";
import { type DeserializedData, Keyv, type KeyvStoreAdapter } from "keyv";

/** An entry as Keyv stores it, decoded: the value and its expiry in epoch milliseconds (none: never). */
export interface StoredEntry {
  value?: unknown;
  expires?: number | null;
}

const isLive = (entry: StoredEntry, now: number): boolean =>
  typeof entry.expires !== "number" || entry.expires >= now;

const COLON = 58;
const BASE64 = ":base64:";

/**
 * Undoes Keyv's escaping in parsed JSON, in place, exactly as Keyv's own decoder (a `JSON.parse`
 * reviver) does: a string starting with `:base64:` becomes a Buffer, any other string starting with
 * `:` loses that colon. A walk over the parsed value instead of a reviver, which called back into
 * JavaScript for every value and was a tenth of indexing the whole store at first start.
 */
function revive(value: unknown): unknown {
  if (typeof value === "string") {
    if (value.charCodeAt(0) !== COLON) return value;
    return value.startsWith(BASE64) ? Buffer.from(value.slice(BASE64.length), "base64") : value.slice(1);
  }
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = revive(value[index]);
    return value;
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const before = object[key];
    const after = revive(before);
    // defineProperty, not assignment: a parsed "__proto__" is an own property, which assigning would not set.
    if (after !== before)
      Object.defineProperty(object, key, {
        value: after,
        writable: true,
        enumerable: true,
        configurable: true,
      });
  }
  return object;
}

/**
 * A Keyv over a driver's store with the settings every driver shares: keys stored as given (no `keyv:`
 * prefix, so the database stays readable), errors thrown instead of swallowed, and expired entries decoded
 * as absent. The last one matters for claims: Keyv deletes an expired entry it reads, and between that read
 * and that delete another process may take the key over with `setIfAbsent`, so the delete would drop a live
 * claim. Expired entries are instead overwritten by the next claim or purged under a condition on expiry.
 */
export function createKeyv(store: KeyvStoreAdapter | Map<string, string>, namespace?: string): Keyv {
  const keyv = new Keyv({ store, namespace, useKeyPrefix: false, throwOnErrors: true });
  keyv.deserialize = async <Value>(raw: string) => {
    const entry = revive(JSON.parse(raw)) as DeserializedData<Value> | null;
    return entry && isLive(entry, Date.now()) ? entry : undefined;
  };
  return keyv;
}

/** Encodes `value` the way Keyv does (`{"value":…,"expires":…}`), for writes that bypass Keyv, so `get` reads them back. */
export async function encodeEntry(keyv: Keyv, value: unknown, ttlMs?: number): Promise<string> {
  return keyv.serialize!({ value, expires: ttlMs === undefined ? undefined : Date.now() + ttlMs });
}

/** Decodes a stored string; undefined when it has expired (so lists never show expired entries). */
export async function decodeEntry(keyv: Keyv, raw: string): Promise<StoredEntry | undefined> {
  return keyv.deserialize!(raw);
}

/** How every stored string starts: Keyv's envelope, with the value first. */
const VALUE_FIELD = '{"value":';
/** What follows the value in a stored string that expires; a string that never expires has `}` instead. */
export const EXPIRES_FIELD = ',"expires":';

/**
 * The text every stored string holding `value` starts with: `{"value":<encoding of value>`, the envelope
 * without its closing brace. Compare-and-delete and compare-and-extend match stored strings against it, so two
 * values are equal when their encodings are the same text. A stored string is exactly this followed by `}` (no
 * expiry) or by `,"expires":<epoch ms>}`: Keyv writes `value` before `expires` and leaves out an undefined
 * expiry. Since a JSON value ends where its encoding ends, `<prefix>,"expires":` cannot match a longer value
 * (`1` against `12`, `"a"` against `"ab"`). Undefined for an undefined value, which nothing stored equals.
 */
export async function encodeValuePrefix(keyv: Keyv, value: unknown): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const whole = await keyv.serialize!({ value });
  if (!whole.startsWith(VALUE_FIELD) || !whole.endsWith("}")) {
    throw new Error(`[paperboy] [store] unexpected Keyv encoding ${whole.slice(0, 40)}`);
  }
  return whole.slice(0, -1);
}

/** The stored string for the value whose {@link encodeValuePrefix} is `prefix`, expiring `ttlMs` from now. */
export const withExpiry = (prefix: string, ttlMs: number): string =>
  `${prefix}${EXPIRES_FIELD}${Date.now() + ttlMs}}`;

/**
 * Whether the stored string `raw` holds the value whose {@link encodeValuePrefix} is `prefix` and is live at
 * `now` (no expiry, or one not yet passed). Synchronous, so a check and the write after it cannot be interleaved.
 * The SQLite and Redis drivers run the same test in SQL and in Lua.
 */
export function holdsLive(raw: string | undefined, prefix: string, now: number): boolean {
  if (raw === undefined) return false;
  if (raw === `${prefix}}`) return true;
  const head = prefix + EXPIRES_FIELD;
  if (!raw.startsWith(head) || !raw.endsWith("}")) return false;
  const expires = Number(raw.slice(head.length, -1));
  return Number.isFinite(expires) && expires >= now;
}

/**
 * Checks a time-to-live and rounds it up to whole milliseconds: Redis `PX` takes integers only, and a zero or
 * negative ttl is a bug in the caller, not a request for "no expiry" (which Keyv would make of 0).
 */
export function checkTtl(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`[paperboy] [store] ttlMs must be a positive number of milliseconds, got ${ttlMs}`);
  }
  return Math.ceil(ttlMs);
}
