import type { EntryCodec } from "../../src/store/drivers/keyv-entries.ts";

/**
 * An encoding of plain values unlike Keyv 5's `{"value":…,"expires":…}`: what a Keyv upgrade that changed
 * its envelope would write. Drivers given it must still keep every promise of their contract, claims
 * first: only Keyv may read the text Keyv writes.
 */
export const FOREIGN_ENVELOPE: EntryCodec = {
  serialize: (entry) => JSON.stringify(["envelope/2", entry.expires ?? null, { data: entry.value ?? null }]),
  deserialize(raw) {
    const [tag, expires, wrapped] = JSON.parse(raw) as [string, number | null, { data: unknown }];
    if (tag !== "envelope/2") throw new Error(`not written by this envelope: ${raw.slice(0, 40)}`);
    return { value: wrapped.data, expires };
  },
};
