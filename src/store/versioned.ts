import type { z } from "zod";

/** A stored value with its schema version, so an older record can be migrated when read. */
export interface Versioned<T> {
  v: number;
  data: T;
}

/** Upgrades data written at version `from` to version `from + 1`. */
export type Migration = (data: unknown) => unknown;

/**
 * Describes one kind of stored record: its current version, its zod schema, and the migrations that
 * bring older versions up to date. Reading never throws on a bad record: it returns `undefined`
 * and the caller treats it as absent.
 */
export interface RecordType<T> {
  version: number;
  schema: z.ZodType<T>;
  migrations?: Record<number, Migration>;
}

/** Wraps data for storage at the record type's current version. */
export function wrap<T>(type: RecordType<T>, data: T): Versioned<T> {
  return { v: type.version, data };
}

/** Reads a stored value: migrates older versions, validates, and returns `undefined` for junk. */
export function unwrap<T>(type: RecordType<T>, stored: unknown): T | undefined {
  if (stored === undefined || stored === null || typeof stored !== "object") return undefined;
  const record = stored as Partial<Versioned<unknown>>;
  let version = typeof record.v === "number" ? record.v : 0;
  let data: unknown = record.v === undefined ? stored : record.data;
  while (version < type.version) {
    const migrate = type.migrations?.[version];
    if (!migrate) return undefined;
    data = migrate(data);
    version += 1;
  }
  if (version > type.version) return undefined;
  const parsed = type.schema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
