import { type ButtonInteraction, type ChatInputCommandInteraction, MessageFlags } from "discord.js";
import type { Responder } from "../../src/chat/runtime.ts";
import type { InteractionWebhook } from "./interaction-webhook.ts";
import { ephemeral, toBody, toOptions } from "./messages.ts";
import type { DiscordMessage } from "./render.ts";

/**
 * How the runtime answers one `/papers` interaction (or a click on a button of its answer): in the first reply when the answer is ready in time,
 * else after a deferral, by editing the deferred reply and following up through the webhook routes
 * (outside the bot's global limit). A private answer never lands in a public deferral: that is deleted
 * and the answer follows up ephemerally.
 */
export function interactionResponder(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  webhook: InteractionWebhook,
): Responder<DiscordMessage> {
  return {
    async defer(privately) {
      await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
    },
    async answer([first, ...rest], reply, deferred) {
      if (!deferred) {
        const flags = reply.private ? { flags: MessageFlags.Ephemeral as const } : {};
        if (first) await interaction.reply({ ...toOptions(first), ...flags });
        for (const message of rest) await webhook.followUp(interaction, { ...toBody(message), ...flags });
        return;
      }
      if (reply.private && !deferred.privately) {
        await webhook.deleteOriginal(interaction);
        for (const message of [first, ...rest])
          if (message) await webhook.followUp(interaction, ephemeral(message));
        return;
      }
      if (first) await webhook.editOriginal(interaction, toBody(first));
      for (const message of rest) {
        await webhook.followUp(interaction, deferred.privately ? ephemeral(message) : toBody(message));
      }
    },
  };
}
