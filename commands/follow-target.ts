import { z } from "zod";
import { cleanText, shortText } from "./args.ts";
import type { EditableList } from "./list-edit.ts";

/** What a channel can follow: a topic (words in papers), an author, or a Hugging Face organization. */
export const FOLLOW_KINDS = ["topic", "author", "org"] as const;
/** One of {@link FOLLOW_KINDS}. */
export type FollowKind = (typeof FOLLOW_KINDS)[number];

/** The channel setting each kind of follow is kept in. */
export const FOLLOW_LISTS: Readonly<Record<FollowKind, EditableList>> = {
  topic: "followedTopics",
  author: "followedAuthors",
  org: "followedOrgs",
};

/** Longest topic or name accepted, in characters. */
const MAX_LENGTH = 60;
/**
 * `author …` / `org …` (also `lab`, `organization`) at the start of the text names what follows; the word
 * alone names the kind with no name.
 */
const PREFIX = /^\s*(author|org|organization|organisation|lab)(?:\s+(\S[\s\S]*))?\s*$/i;
const WHAT: Readonly<Record<FollowKind, string>> = { topic: "topic", author: "author", org: "organization" };

/**
 * `follow`/`unfollow` arguments: the text (`continual learning`, `author "Yann LeCun"`, `org Meta`) or,
 * where the platform has typed options, the text plus an explicit `kind`. Gives the kind and the cleaned
 * name; a blank, too short or too long name is a usage error in the kind's words.
 */
export const FollowArgs = z
  .object({
    topic: z.string({ error: "Say which topic." }),
    kind: z.enum(FOLLOW_KINDS, { error: "Follow a topic, an author or an org." }).optional(),
  })
  .transform(({ topic, kind }, context) => {
    const matched = kind === undefined || kind === "topic" ? PREFIX.exec(topic) : null;
    // A bare `author` typed as an explicit topic (Discord's kind option) is that topic.
    const prefixed = matched && (matched[2] !== undefined || kind === undefined) ? matched : null;
    const target: FollowKind = prefixed
      ? prefixed[1]?.toLowerCase() === "author"
        ? "author"
        : "org"
      : (kind ?? "topic");
    // `author` or `org` alone asks for a name: it is not the topic "org".
    const parsed = shortText(WHAT[target], MAX_LENGTH).safeParse(prefixed ? (prefixed[2] ?? "") : topic);
    if (!parsed.success) {
      context.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "Say which topic." });
      return z.NEVER;
    }
    return { kind: target, name: cleanText(parsed.data) };
  });

/** The option list `follow` and `unfollow` share: the text, and (Discord) what kind of follow it is. */
export const followOptions = (description: string) =>
  [
    { name: "topic", description, required: true },
    {
      name: "kind",
      description: "What to follow: a topic (default), an author, or a Hugging Face org",
      required: false,
      choices: FOLLOW_KINDS,
    },
  ] as const;
