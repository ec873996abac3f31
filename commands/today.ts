import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { truncate } from "../src/truncate.ts";
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
  // Words after `today` are most likely a topic: say where they belong instead of ignoring them.
  args: z.object({ words: z.string().optional() }).superRefine(({ words }, context) => {
    if (!words) return;
    const topic = truncate(words, 60);
    context.addIssue({
      code: "custom",
      message: `\`/papers today\` takes no words. For papers about “${topic}”, try \`/papers topic ${topic}\`.`,
    });
  }),
  fromText: (text) => ({ words: text.trim() || undefined }),
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
