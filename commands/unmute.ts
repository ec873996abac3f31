import { listEditCommand } from "./list-edit.ts";

/** `/papers unmute <word>`: undo a mute. */
export const unmute = listEditCommand({
  name: "unmute",
  summary: "Unmute a word.",
  usage: "/papers unmute <word>",
  list: "mutedWords",
  action: "remove",
  option: { name: "word", description: "A muted word" },
  maxLength: 40,
  done: (word) => `Unmuted “${word}”.`,
  missing: (word) => `“${word}” isn't muted here.`,
});
