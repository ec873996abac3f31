import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { channelOf } from "../src/chat/invocation.ts";

/** `/papers settings`: everything an admin set in this channel (see `settingsView`). */
export const settings = defineCommand({
  name: "settings",
  summary:
    "Show this channel's settings: schedule, digest, ranking, weekly recap, alerts, follows, muted words.",
  usage: "/papers settings",
  admin: false,
  private: true,
  options: [],
  args: z.object({}),
  fromText: () => ({}),
  run: async (context) => ({
    kind: "settings",
    private: true,
    settings: await context.store.channels.get(channelOf(context.invocation)),
    defaults: context.defaults,
  }),
});
