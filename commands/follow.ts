import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { UserFacingError } from "../src/errors.ts";
import { shortText } from "./args.ts";
import { changeSettings, includesFolded, MAX_LIST_ITEMS } from "./settings-change.ts";

/** `/papers follow <topic>`: papers on this topic are lifted in the channel's digest. */
export const follow = defineCommand({
  name: "follow",
  summary: "Follow a topic: matching papers are lifted in this channel's digest.",
  usage: "/papers follow <topic>",
  admin: true,
  private: false,
  options: [{ name: "topic", description: "Topic to follow, e.g. continual learning", required: true }],
  args: z.object({ topic: shortText("topic", 60) }),
  fromText: (text) => ({ topic: text }),
  run: async (context, args) => {
    let already = false;
    await changeSettings(context, (settings) => {
      already = includesFolded(settings.followedTopics, args.topic);
      if (!already && settings.followedTopics.length >= MAX_LIST_ITEMS) {
        throw new UserFacingError(
          `This channel already follows ${MAX_LIST_ITEMS} topics; unfollow one first.`,
        );
      }
      return already ? settings : { ...settings, followedTopics: [...settings.followedTopics, args.topic] };
    });
    return {
      kind: "message",
      tone: already ? "info" : "success",
      text: already
        ? `This channel already follows “${args.topic}”.`
        : `Following “${args.topic}”: matching papers will be lifted in this channel's digest.`,
    };
  },
});
