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
 * Encodes an entry exactly as Keyv's own encoder (`@keyv/serialize`) does: JSON in which a string starting
 * with `:` gets one more colon and a Buffer becomes `:base64:` and its bytes. V8's JSON.stringify with a
 * replacer instead of that encoder's walk, which built the text a piece at a time in JavaScript: a
 * fan-out's plans and ledger entries spent 40 % more time encoding that way.
 */
function keyvText(entry: StoredEntry): string {
  if (plainJsonWillDo(entry)) return JSON.stringify(entry);
  return JSON.stringify(entry, function (this: Record<string, unknown>, key: string, value: unknown) {
    if (typeof value === "string") return value.charCodeAt(0) === COLON ? `:${value}` : value;
    if (typeof value !== "object" || value === null) return value;
    // JSON.stringify has already called the Buffer's toJSON; its holder still has the Buffer.
    const original = this[key];
    return Buffer.isBuffer(original) ? `${BASE64}${original.toString("base64")}` : value;
  });
}

/** Deeper than this, {@link plainJsonWillDo} leaves the value to the replacer rather than recurse further. */
const MAX_PLAIN_DEPTH = 32;

/**
 * True when plain `JSON.stringify` writes exactly what {@link keyvText}'s replacer would: no string value
 * starts with `:` and no Buffer (nor any other object with its own `toJSON`, Dates apart, whose ISO text or
 * null never starts with a colon) is inside. Most entries (plans, ledger entries) have neither, and the
 * replacer, called from V8 for every value, took longer than the encoding itself: a fan-out's plans
 * (14 kB each) encode in about half the time when checked first (the walk allocates nothing).
 */
function plainJsonWillDo(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.charCodeAt(0) !== COLON;
  if (typeof value !== "object" || value === null) return true;
  if (depth > MAX_PLAIN_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!plainJsonWillDo(item, depth + 1)) return false;
    return true;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value instanceof Date;
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) if (!plainJsonWillDo(object[key], depth + 1)) return false;
  return true;
}

/**
 * How plain values are written as text and read back: Keyv's own encoding unless a driver is given
 * another (tests give one to prove that nothing but Keyv reads the text Keyv writes).
 */
export interface EntryCodec {
  serialize(entry: StoredEntry): string;
  deserialize(raw: string): StoredEntry | undefined;
}

/**
 * A Keyv over a driver's store with the settings every driver shares: keys stored as given (no `keyv:`
 * prefix, so the database stays readable), errors thrown instead of swallowed, and expired entries decoded
 * as absent (Keyv would delete an expired entry it reads, racing with a writer of the same key). Only this
 * Keyv reads and writes the text of plain values; the drivers' atomic operations keep their records apart,
 * in each driver's own form, and never look inside Keyv's encoding.
 */
export function createKeyv(
  store: KeyvStoreAdapter | Map<string, string>,
  namespace?: string,
  codec?: EntryCodec,
): Keyv {
  const keyv = new Keyv({ store, namespace, useKeyPrefix: false, throwOnErrors: true });
  keyv.serialize = codec ? (entry) => codec.serialize(entry) : keyvText;
  const decode = codec
    ? (raw: string) => codec.deserialize(raw)
    : (raw: string) => revive(JSON.parse(raw)) as StoredEntry | null;
  keyv.deserialize = async <Value>(raw: string) => {
    const entry = decode(raw);
    return entry && isLive(entry, Date.now()) ? (entry as DeserializedData<Value>) : undefined;
  };
  return keyv;
}

/** Encodes `value` as the driver's Keyv does, for batch writes that bypass Keyv, so `get` reads them back. */
export async function encodeEntry(keyv: Keyv, value: unknown, ttlMs?: number): Promise<string> {
  return keyv.serialize!({ value, expires: ttlMs === undefined ? undefined : Date.now() + ttlMs });
}

/** Decodes a stored string; undefined when it has expired (so lists never show expired entries). */
export async function decodeEntry(keyv: Keyv, raw: string): Promise<StoredEntry | undefined> {
  return keyv.deserialize!(raw);
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
