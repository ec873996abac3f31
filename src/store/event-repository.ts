import { randomUUID } from "node:crypto";
import type { KvBackend } from "./backend.ts";
import { eventKey } from "./keys.ts";

/** How long a delivered event id is remembered; platforms retry within minutes. */
export const EVENT_DEDUP_TTL_MS = 60 * 60 * 1000;

/** A platform event this process took on: release it if handling it failed, so the retry is handled. */
export interface TakenEvent {
  /** Forgets the event, so the platform's retry of it is handled instead of skipped. Never throws. */
  release(): Promise<void>;
}

/**
 * Platform event ids already handled, across every process sharing the store, so a retried or
 * duplicated event applies once. Each taking holds a lease with its own token: releasing it after a
 * failure cannot drop a lease another process took on the same id meanwhile.
 */
export class EventRepository {
  constructor(private readonly kv: KvBackend) {}

  /** Takes the event `eventId` of `platform` if no process has; undefined when one already has. */
  async take(platform: string, eventId: string): Promise<TakenEvent | undefined> {
    const key = eventKey(platform, eventId);
    const token = randomUUID();
    if (!(await this.kv.setIfAbsent(key, token, EVENT_DEDUP_TTL_MS))) return undefined;
    return {
      release: async () => {
        await this.kv.deleteIfEquals(key, token).catch(() => false);
      },
    };
  }
}
