import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { channelTodayDigest } from "./channel-today.ts";

/** `/papers today`: today's top papers for this channel, in its time zone and with its settings. */
export const today = defineCommand({
  name: "today",
  summary: "Today's top papers for this channel.",
  usage: "/papers today",
  admin: false,
  private: true,
  shareable: true,
  options: [],
  args: z.object({}),
  fromText: () => ({}),
  run: async (context) => {
    const answer = await channelTodayDigest(context);
    // Offline on a brand-new install, the labelled sample shows what paperboy does; never posted.
    const { digest, note } = context.digests.orSample(answer, {
      timezone: answer.digest.timezone,
      limit: context.defaults.digestSize,
    });
    return { kind: "digest", digest, note, private: true };
  },
});
