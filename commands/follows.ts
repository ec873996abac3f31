import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { channelOf } from "../src/chat/invocation.ts";
import type { ChannelSettings } from "../src/store/channel-repository.ts";

const quoted = (entries: readonly string[] | undefined, kind = "") =>
  (entries ?? []).map((entry) => `${kind}“${entry}”`);

/** `“forgetting”, author “Yann LeCun”, org “Meta”` (or `none`): what a channel follows, in one line. */
export function describeFollows(settings: ChannelSettings): string {
  const all = [
    ...quoted(settings.followedTopics),
    ...quoted(settings.followedAuthors, "author "),
    ...quoted(settings.followedOrgs, "org "),
  ];
  return all.join(", ") || "none";
}

/** `/papers follows`: the topics, authors and organizations this channel follows, and its alerts. */
export const follows = defineCommand({
  name: "follows",
  summary: "Show the topics, authors and Hugging Face orgs this channel follows, and its alerts.",
  usage: "/papers follows",
  admin: false,
  private: true,
  options: [],
  args: z.object({}),
  fromText: () => ({}),
  run: async (context) => {
    const settings = await context.store.channels.get(channelOf(context.invocation));
    const alerts = settings.alerts === false ? "off" : "on";
    return {
      kind: "message",
      tone: "info",
      private: true,
      text: `This channel follows: ${describeFollows(settings)}. Follow-up alerts (code, new versions, models on papers you upvoted or saved): ${alerts}. Rising papers (a heads-up when a paper on your follows or taste climbs fast): ${settings.risingAlerts === true ? "on" : "off"}.`,
    };
  },
});
