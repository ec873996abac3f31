import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { channelOf } from "../src/chat/invocation.ts";
import { timezoneOf } from "../src/digest/digest-service.ts";
import { localDate } from "../src/time.ts";

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
    const channel = channelOf(context.invocation);
    const settings = await context.store.channels.get(channel);
    const date = localDate(context.now(), timezoneOf(settings, context.defaults.timezone));
    const { digest, note } = await context.digests.forChannel(channel, date);
    return { kind: "digest", digest, note };
  },
});
