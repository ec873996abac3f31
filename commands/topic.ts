import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { toEntry } from "../src/chat/entries.ts";
import type { Reply } from "../src/chat/reply.ts";
import { type CatalogAnswer, type CatalogHit, matchReason } from "../src/papers/catalog.ts";

/** How many papers a topic search shows. */
export const TOPIC_RESULTS = 5;

/** `/papers topic <query> [-exclude]`: the most relevant recent papers on a topic. */
export const topic = defineCommand({
  name: "topic",
  summary: "Find the most relevant recent papers on a topic (prefix a word with - to exclude it).",
  usage: '/papers topic <words or "a phrase"> [-exclude]',
  admin: false,
  private: true,
  shareable: true,
  options: [
    {
      name: "query",
      description: "Words to search for; -word excludes",
      required: true,
      autocomplete: true,
      placeholder: "<words>",
    },
  ],
  args: z.object({
    query: z
      .string({ error: "Say what to search for, e.g. /papers topic forgetting." })
      .trim()
      .min(1, "Say what to search for, e.g. /papers topic forgetting.")
      .max(200, "That query is too long (at most 200 characters).")
      .refine((query) => /[\p{L}\p{N}]/u.test(query.replace(/(^|\s)-\S+/g, "")), {
        message: "Give at least one word to search for (not only excluded words).",
      }),
  }),
  fromText: (text) => ({ query: text }),
  run: async (context, args) => ({
    ...topicReply(args.query, await context.catalog.search(args.query, TOPIC_RESULTS)),
    private: true,
  }),
});

/** A topic search's answer as a Reply: shared by `/papers topic` and `paperboy search`. */
export function topicReply(query: string, answer: CatalogAnswer<CatalogHit[]>): Reply {
  return {
    kind: "papers",
    title: `Papers on “${query}”`,
    entries: answer.value.map((hit) => toEntry(hit.paper, { why: matchReason(hit) })),
    empty: `No papers match “${query}” yet. Try a broader word.`,
    note: answer.note,
  };
}
