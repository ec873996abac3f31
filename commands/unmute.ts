import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { UserFacingError } from "../src/errors.ts";
import { shortText } from "./args.ts";
import { changeSettings, includesFolded, withoutFolded } from "./settings-change.ts";

/** `/papers unmute <word>`: undo a mute. */
export const unmute = defineCommand({
  name: "unmute",
  summary: "Unmute a word.",
  usage: "/papers unmute <word>",
  admin: true,
  private: false,
  options: [{ name: "word", description: "A muted word", required: true }],
  args: z.object({ word: shortText("word", 40) }),
  fromText: (text) => ({ word: text }),
  run: async (context, args) => {
    await changeSettings(context, (settings) => {
      if (!includesFolded(settings.mutedWords, args.word)) {
        throw new UserFacingError(`“${args.word}” isn't muted here.`);
      }
      return { ...settings, mutedWords: withoutFolded(settings.mutedWords, args.word) };
    });
    return { kind: "message", tone: "success", text: `Unmuted “${args.word}”.` };
  },
});
