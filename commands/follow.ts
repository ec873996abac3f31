import { listEditCommand } from "./list-edit.ts";

/** `/papers follow <topic>`: papers on this topic are lifted in the channel's digest. */
export const follow = listEditCommand({
  name: "follow",
  summary: "Follow a topic: matching papers are lifted in this channel's digest.",
  usage: "/papers follow <topic>",
  list: "followedTopics",
  action: "add",
  option: { name: "topic", description: "Topic to follow, e.g. continual learning" },
  maxLength: 60,
  done: (topic) => `Following “${topic}”: matching papers will be lifted in this channel's digest.`,
  already: (topic) => `This channel already follows “${topic}”.`,
  full: (max) => `This channel already follows ${max} topics; unfollow one first.`,
});
