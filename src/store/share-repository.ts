import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { KvBackend } from "./backend.ts";
import { shareKey } from "./keys.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

/** How long a "Share to channel" button works: a working day, long after the answer was read. */
export const SHARE_TTL_MS = 12 * 3_600_000;

/**
 * What a "Share to channel" button stands for, kept on our side: who asked what, where. The button
 * carries only the token; the cards are answered again from this, never from anything the click sends.
 */
export const ShareOffer = z.object({
  platform: z.enum(["slack", "discord", "console"]),
  workspaceId: z.string(),
  channelId: z.string(),
  userId: z.string(),
  command: z.string(),
  text: z.string(),
  options: z.record(z.string(), z.string().optional()).optional(),
  /** When the answer was given (ISO). */
  offeredAt: z.string(),
});
export type ShareOffer = z.infer<typeof ShareOffer>;

const Offer: RecordType<ShareOffer> = { version: 1, schema: ShareOffer };

/** A token: 96 random bits as 16 URL-safe characters, short enough for any button id. */
const newToken = (): string => randomBytes(12).toString("base64url");

/** "Share to channel" offers, each under a random token that expires after {@link SHARE_TTL_MS}. */
export class ShareRepository {
  constructor(private readonly kv: KvBackend) {}

  /** Stores an offer; returns its token. */
  async offer(offer: ShareOffer, ttlMs = SHARE_TTL_MS): Promise<string> {
    const token = newToken();
    await this.kv.set(shareKey(token), wrap(Offer, offer), ttlMs);
    return token;
  }

  /** The offer behind a token; undefined when unknown, expired or not a token at all. */
  async get(token: string): Promise<ShareOffer | undefined> {
    if (!/^[A-Za-z0-9_-]{16}$/.test(token)) return undefined;
    return unwrap(Offer, await this.kv.get(shareKey(token)));
  }
}
