import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { channelTodayDigest } from "./channel-today.ts";

/** `/papers today`: today's top papers for this channel, in its time zone and with its settings. */
export const today = defineCommand({
  name: "today",
  summary: "Today's top papers for this channel.",
  usage: "/papers today",
  admin: false,
  private: false,
  options: [],
  args: z.object({}),
  fromText: () => ({}),
  run: async (context) => {
    const { digest, note } = await channelTodayDigest(context);
    return { kind: "digest", digest, note };
  },
});
