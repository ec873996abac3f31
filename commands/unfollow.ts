import { defineCommand } from "../src/chat/command.ts";
import { FOLLOW_LISTS, FollowArgs, type FollowKind, followOptions } from "./follow-target.ts";
import { type RemoveSpec, removeItem } from "./list-edit.ts";

const quoted = (entries: readonly string[]) => entries.map((entry) => `“${entry}”`).join(", ") || "none";

const WORDING: Readonly<Record<FollowKind, Pick<RemoveSpec, "done" | "missing">>> = {
  topic: {
    done: (topic) => `Stopped following “${topic}”.`,
    missing: (topic, followed) =>
      `This channel doesn't follow “${topic}”. Followed topics: ${quoted(followed)}.`,
  },
  author: {
    done: (name) => `Stopped following ${name}.`,
    missing: (name, followed) =>
      `This channel doesn't follow ${name}. Followed authors: ${quoted(followed)}.`,
  },
  org: {
    done: (name) => `Stopped following ${name}.`,
    missing: (name, followed) =>
      `This channel doesn't follow ${name}. Followed organizations: ${quoted(followed)}.`,
  },
};

/** `/papers unfollow <topic>`, `unfollow author "<name>"`, `unfollow org <name>`: stop lifting them. */
export const unfollow = defineCommand({
  name: "unfollow",
  summary: "Stop following a topic, an author or an org.",
  usage: '/papers unfollow <topic> | unfollow author "<name>" | unfollow org <name>',
  admin: true,
  private: false,
  options: followOptions('A followed topic (or author "Name", org Name)').map((option) =>
    option.name === "topic" ? { ...option, autocomplete: true } : option,
  ),
  args: FollowArgs,
  fromText: (text) => ({ topic: text }),
  run: (context, { kind, name }) =>
    removeItem({ action: "remove", list: FOLLOW_LISTS[kind], ...WORDING[kind] }, name, context),
});
