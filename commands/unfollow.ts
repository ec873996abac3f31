import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { UserFacingError } from "../src/errors.ts";
import { shortText } from "./args.ts";
import { changeSettings, includesFolded, withoutFolded } from "./settings-change.ts";

/** `/papers unfollow <topic>`: stop lifting a topic. */
export const unfollow = defineCommand({
  name: "unfollow",
  summary: "Stop following a topic.",
  usage: "/papers unfollow <topic>",
  admin: true,
  private: false,
  options: [{ name: "topic", description: "A followed topic", required: true, autocomplete: true }],
  args: z.object({ topic: shortText("topic", 60) }),
  fromText: (text) => ({ topic: text }),
  run: async (context, args) => {
    await changeSettings(context, (settings) => {
      if (!includesFolded(settings.followedTopics, args.topic)) {
        const followed = settings.followedTopics.map((topic) => `“${topic}”`).join(", ") || "none";
        throw new UserFacingError(
          `This channel doesn't follow “${args.topic}”. Followed topics: ${followed}.`,
        );
      }
      return { ...settings, followedTopics: withoutFolded(settings.followedTopics, args.topic) };
    });
    return { kind: "message", tone: "success", text: `Stopped following “${args.topic}”.` };
  },
});
