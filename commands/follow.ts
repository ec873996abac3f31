import { defineCommand } from "../src/chat/command.ts";
import { FOLLOW_LISTS, FollowArgs, type FollowKind, followOptions } from "./follow-target.ts";
import { type AddSpec, addItem } from "./list-edit.ts";

type Wording = Pick<AddSpec, "done" | "already" | "full">;

const WORDING: Readonly<Record<FollowKind, Wording>> = {
  topic: {
    done: (topic) => `Following “${topic}”: matching papers will be lifted in this channel's digest.`,
    already: (topic) => `This channel already follows “${topic}”.`,
    full: (max) => `This channel already follows ${max} topics; unfollow one first.`,
  },
  author: {
    done: (name) =>
      `Following ${name}: their papers will be lifted in this channel's digest (names match with or without accents and initials).`,
    already: (name) => `This channel already follows ${name}.`,
    full: (max) => `This channel already follows ${max} authors; unfollow one first.`,
  },
  org: {
    done: (name) =>
      `Following ${name} on Hugging Face: papers from that organization will be lifted in this channel's digest.`,
    already: (name) => `This channel already follows ${name}.`,
    full: (max) => `This channel already follows ${max} organizations; unfollow one first.`,
  },
};

/**
 * `/papers follow <topic>`, `follow author "<name>"`, `follow org <name>`: papers on the topic, by the
 * author or from the Hugging Face organization are lifted in the channel's digest.
 */
export const follow = defineCommand({
  name: "follow",
  summary:
    "Follow a topic, an author or a Hugging Face org: their papers are lifted in this channel's digest.",
  usage: '/papers follow <topic> | follow author "<name>" | follow org <name>',
  admin: true,
  private: false,
  options: followOptions("Topic to follow, e.g. continual learning (or an author's or org's name)"),
  args: FollowArgs,
  fromText: (text) => ({ topic: text }),
  run: (context, { kind, name }) =>
    addItem({ action: "add", list: FOLLOW_LISTS[kind], ...WORDING[kind] }, name, context),
});
