import { listEditCommand } from "./list-edit.ts";

/** `/papers unfollow <topic>`: stop lifting a topic. */
export const unfollow = listEditCommand({
  name: "unfollow",
  summary: "Stop following a topic.",
  usage: "/papers unfollow <topic>",
  list: "followedTopics",
  action: "remove",
  option: { name: "topic", description: "A followed topic", autocomplete: true },
  maxLength: 60,
  done: (topic) => `Stopped following “${topic}”.`,
  missing: (topic, followed) =>
    `This channel doesn't follow “${topic}”. Followed topics: ${followed.map((entry) => `“${entry}”`).join(", ") || "none"}.`,
});
