import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { channelOf } from "../src/chat/invocation.ts";

/** `/papers settings`: everything an admin set in this channel (see `settingsView`) and its paperboy admins. */
export const settings = defineCommand({
  name: "settings",
  summary:
    "Show this channel's settings: schedule, digest, ranking, recap, alerts, follows, muted words, admins.",
  usage: "/papers settings",
  admin: false,
  private: true,
  options: [],
  args: z.object({}),
  fromText: () => ({}),
  run: async (context) => {
    const channel = channelOf(context.invocation);
    const [settings, admins] = await Promise.all([
      context.store.channels.get(channel),
      context.store.channelAdmins.list(channel),
    ]);
    return {
      kind: "settings",
      private: true,
      settings,
      defaults: context.defaults,
      admins: admins.map((admin) => admin.userId),
    };
  },
});
