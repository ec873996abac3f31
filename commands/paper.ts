import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { toEntry } from "../src/chat/entries.ts";
import { UserFacingError } from "../src/errors.ts";
import { canonicalId } from "../src/papers/canonical-id.ts";

/** `/papers paper <arXiv id or URL>`: one paper's card. */
export const paper = defineCommand({
  name: "paper",
  summary: "Show one paper by arXiv id or URL (arXiv or Hugging Face).",
  usage: "/papers paper <arXiv id or URL>",
  admin: false,
  private: false,
  options: [{ name: "id", description: "arXiv id or URL, e.g. 2606.13392", required: true }],
  args: z.object({
    id: z
      .string({ error: "Give an arXiv id or URL, e.g. /papers paper 2606.13392." })
      .transform((value) => value.trim().split(/\s+/)[0] ?? "")
      .transform((value, context) => {
        const id = canonicalId(value);
        if (!id) {
          context.addIssue({
            code: "custom",
            message: "That isn't an arXiv id or URL. Try 2606.13392, arXiv:2606.13392 or an arxiv.org link.",
          });
          return z.NEVER;
        }
        return id;
      }),
  }),
  fromText: (text) => ({ id: text }),
  run: async (context, args) => {
    const { value, note, sample } = await context.catalog.paper(args.id);
    if (!value) {
      throw new UserFacingError(
        note
          ? `${note} I couldn't look up arXiv:${args.id}.`
          : `I couldn't find arXiv:${args.id} on Hugging Face.`,
      );
    }
    return {
      kind: "paper",
      entry: toEntry(value),
      note: sample ? `${note ?? ""} (from the bundled sample)`.trim() : note,
    };
  },
});
