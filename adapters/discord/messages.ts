import { createHash } from "node:crypto";
import { MessageFlags } from "discord.js";
import type { WebhookMessage } from "./interaction-webhook.ts";
import type { DiscordMessage } from "./render.ts";

/** Discord keeps at most 25 characters of a nonce. */
const MAX_NONCE_LENGTH = 25;

/** A rendered message as the webhook routes take it; `allowed_mentions` stays empty. */
export const toBody = ({ startsThread: _thread, ...message }: DiscordMessage): WebhookMessage => ({
  ...message,
  content: message.content ?? "",
  allowed_mentions: { parse: [] },
});

/** A rendered message as the webhook routes take it, seen only by the person who asked. */
export const ephemeral = (message: DiscordMessage): WebhookMessage => ({
  ...toBody(message),
  flags: MessageFlags.Ephemeral,
});

/** A rendered message as discord.js send/edit options; `allowed_mentions` stays empty. */
export function toOptions(message: DiscordMessage) {
  return {
    content: message.content ?? "",
    embeds: message.embeds,
    components: message.components,
    allowedMentions: { parse: [] as [] },
  };
}

/** A delivery's ledger key as a Discord nonce (≤ 25 characters), so a retried send returns the first message. */
export function nonceFor(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, MAX_NONCE_LENGTH);
}
