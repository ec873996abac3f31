import { listEditCommand } from "./list-edit.ts";

/** `/papers mute <word>`: papers mentioning the word are left out of the channel's digest. */
export const mute = listEditCommand({
  name: "mute",
  summary: "Mute a word: papers that mention it are left out of this channel's digest.",
  usage: "/papers mute <word>",
  list: "mutedWords",
  action: "add",
  option: { name: "word", description: "Word to mute, e.g. benchmark" },
  maxLength: 40,
  done: (word) => `Muted “${word}” in this channel's digest.`,
  already: (word) => `“${word}” is already muted here.`,
  full: (max) => `This channel already mutes ${max} words; unmute one first.`,
});
