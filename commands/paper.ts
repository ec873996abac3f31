import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { toEntry } from "../src/chat/entries.ts";
import { UserFacingError } from "../src/errors.ts";
import { canonicalId } from "../src/papers/canonical-id.ts";
import { graphemePrefix } from "../src/truncate.ts";

/** The most ids one `/papers paper` takes: a handful of cards, not a bulk export. */
export const MAX_PAPER_IDS = 10;

const list = (ids: readonly string[]): string => ids.map((id) => `arXiv:${id}`).join(", ");

/** `/papers paper <arXiv id or URL> […]`: one paper's card, or several papers' cards in one list. */
export const paper = defineCommand({
  name: "paper",
  summary: "Show papers by arXiv id or URL (arXiv or Hugging Face); several ids at once work too.",
  usage: "/papers paper <arXiv id or URL> [more ids]",
  admin: false,
  private: true,
  shareable: true,
  options: [
    {
      name: "id",
      description: "arXiv id(s) or URL(s), e.g. 2606.13392",
      required: true,
      placeholder: "<arXiv ids or URLs>",
    },
  ],
  args: z.object({
    id: z
      .string({ error: "Give an arXiv id or URL, e.g. /papers paper 2606.13392." })
      .transform((value, context) => {
        const words = value.split(/[\s,]+/).filter(Boolean);
        if (words.length === 0) {
          context.addIssue({
            code: "custom",
            message: "Give an arXiv id or URL, e.g. /papers paper 2606.13392.",
          });
          return z.NEVER;
        }
        if (words.length > MAX_PAPER_IDS) {
          context.addIssue({ code: "custom", message: `At most ${MAX_PAPER_IDS} ids at a time.` });
          return z.NEVER;
        }
        const bad = words.filter((word) => !canonicalId(word));
        if (bad.length > 0) {
          const shown = bad.map((word) => `“${graphemePrefix(word, 40)}”`).join(", ");
          context.addIssue({
            code: "custom",
            message: `${shown} ${bad.length === 1 ? "isn't an arXiv id or URL" : "aren't arXiv ids or URLs"}. Try 2606.13392, arXiv:2606.13392, cs/0112017 or an arxiv.org link.`,
          });
          return z.NEVER;
        }
        return [...new Set(words.map((word) => canonicalId(word) as string))];
      }),
  }),
  fromText: (text) => ({ id: text }),
  run: async (context, args) => {
    const ids = args.id;
    const { value, note, sample, missing, unavailable } = await context.catalog.papersById(ids);
    const why = unavailable
      ? `${note ?? ""} I couldn't look up ${list(missing)}.`.trim()
      : `I couldn't find ${list(missing)} on Hugging Face or arXiv.`;
    if (value.length === 0) throw new UserFacingError(why);
    const notes = [
      sample
        ? `${note ?? ""} (from the bundled sample)`.trim()
        : unavailable && missing.length === 0
          ? note
          : undefined,
      missing.length > 0 ? why : undefined,
    ].filter(Boolean);
    const replyNote = notes.length > 0 ? notes.join(" ") : undefined;
    if (ids.length === 1 && value[0])
      return { kind: "paper", entry: toEntry(value[0]), note: replyNote, private: true };
    return {
      kind: "papers",
      title: value.length === ids.length ? `${ids.length} papers` : `${value.length} of ${ids.length} papers`,
      entries: value.map((found) => toEntry(found)),
      empty: "None of these papers could be found.",
      note: replyNote,
      private: true,
    };
  },
});
