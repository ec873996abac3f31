import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { UserFacingError } from "../src/errors.ts";
import { shortText } from "./args.ts";
import { changeSettings, includesFolded, MAX_LIST_ITEMS } from "./settings-change.ts";

/** `/papers mute <word>`: papers mentioning the word are left out of the channel's digest. */
export const mute = defineCommand({
  name: "mute",
  summary: "Mute a word: papers that mention it are left out of this channel's digest.",
  usage: "/papers mute <word>",
  admin: true,
  private: false,
  options: [{ name: "word", description: "Word to mute, e.g. benchmark", required: true }],
  args: z.object({ word: shortText("word", 40) }),
  fromText: (text) => ({ word: text }),
  run: async (context, args) => {
    let already = false;
    await changeSettings(context, (settings) => {
      already = includesFolded(settings.mutedWords, args.word);
      if (!already && settings.mutedWords.length >= MAX_LIST_ITEMS) {
        throw new UserFacingError(`This channel already mutes ${MAX_LIST_ITEMS} words; unmute one first.`);
      }
      return already ? settings : { ...settings, mutedWords: [...settings.mutedWords, args.word] };
    });
    return {
      kind: "message",
      tone: already ? "info" : "success",
      text: already
        ? `“${args.word}” is already muted here.`
        : `Muted “${args.word}” in this channel's digest.`,
    };
  },
});
