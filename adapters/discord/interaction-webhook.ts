import { REST, Routes } from "discord.js";
import type { DiscordMessage } from "./render.ts";

/** The interaction a webhook call answers: its application and its token (valid 15 minutes). */
export interface InteractionRef {
  applicationId: string;
  token: string;
}

/** A message as the webhook routes take it: the rendered body, ephemeral (flag 64) if asked. */
export type WebhookMessage = DiscordMessage & { flags?: number };

/**
 * Edits, deletes and follow-ups of interaction replies, sent on a REST manager of their own that does not
 * count them against the bot's global limit. Discord says interaction endpoints are not bound to the
 * global rate limit, but discord.js exempts only the first callback (its burst handler): edits and
 * follow-ups wait in the client's global 50 requests/s queue, so fifty deferred answers to fifty
 * commands queued for a second behind each other and behind the bot's other requests. Each interaction
 * token keeps its own route bucket, and a 429 from Discord is still waited out.
 */
export class InteractionWebhook {
  readonly rest: REST;

  constructor(api: string) {
    // No token: these routes authenticate with the interaction's token in the path (`auth: false`).
    this.rest = new REST({ api, globalRequestsPerSecond: Number.POSITIVE_INFINITY });
  }

  /** Replaces the deferred (or first) reply with `message`. */
  async editOriginal(interaction: InteractionRef, message: WebhookMessage): Promise<void> {
    await this.rest.patch(Routes.webhookMessage(interaction.applicationId, interaction.token, "@original"), {
      body: message,
      auth: false,
    });
  }

  /** Deletes the deferred (or first) reply. */
  async deleteOriginal(interaction: InteractionRef): Promise<void> {
    await this.rest.delete(Routes.webhookMessage(interaction.applicationId, interaction.token, "@original"), {
      auth: false,
    });
  }

  /** Sends one more message in answer to the interaction. */
  async followUp(interaction: InteractionRef, message: WebhookMessage): Promise<void> {
    await this.rest.post(Routes.webhook(interaction.applicationId, interaction.token), {
      body: message,
      auth: false,
    });
  }
}
