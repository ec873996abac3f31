import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { channelOf } from "../src/chat/invocation.ts";

/** `/papers settings`: this channel's schedule, followed topics and muted words. */
export const settings = defineCommand({
  name: "settings",
  summary: "Show this channel's schedule, followed topics and muted words.",
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
