import type { Keyv } from "keyv";
import { decodeEntry } from "./keyv-entries.ts";
import { leaseText } from "./lease-text.ts";

/** What a driver does with each lease it finds among plain values, in its own terms. */
export interface LeaseAdoption {
  /** Stores the lease unless one is live at `key` already. */
  put(key: string, text: string, expiresAt: number): Promise<void>;
  /** Deletes the plain value at `key` if it is still `raw`. */
  remove(key: string, raw: string): Promise<void>;
}

/**
 * Moves leases written before they had a place of their own (claims, send attempts and handled event ids
 * were plain values in Keyv's encoding, up to this version) into the driver's lease storage, keeping each
 * one's expiry, so an upgrade neither frees a claim that is still held nor forgets a send that may have
 * landed (which the next holder would repeat). `rows` are the plain values under the lease namespaces;
 * they are read once, through Keyv, which decodes what it wrote. Expired ones are deleted, values without
 * an expiry (no lease was ever written so) are left alone. Returns how many leases were adopted.
 */
export async function adoptLegacyLeases(
  keyv: Keyv,
  rows: readonly (readonly [key: string, raw: string])[],
  adoption: LeaseAdoption,
): Promise<number> {
  let adopted = 0;
  for (const [key, raw] of rows) {
    const entry = await decodeEntry(keyv, raw);
    if (entry && typeof entry.expires !== "number") continue;
    const text = entry ? leaseText(entry.value) : undefined;
    if (entry && text !== undefined) {
      await adoption.put(key, text, entry.expires as number);
      adopted += 1;
    }
    await adoption.remove(key, raw);
  }
  return adopted;
}
