import { z } from "zod";
import { wellFormed } from "../truncate.ts";

/** Where a paper's data came from; a paper seen by several sources keeps all of them. */
export const PaperSource = z.enum(["huggingface", "arxiv", "sample"]);
export type PaperSource = z.infer<typeof PaperSource>;

/**
 * The core paper model. `id` is the canonical arXiv id without version (see `canonicalId`);
 * every field a source may lack is optional so that lenient parsing keeps partial papers.
 */
export const Paper = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  abstract: z.string().default(""),
  authors: z.array(z.string()).default([]),
  /** ISO timestamp of first publication (arXiv v1 or HF `publishedAt`). */
  publishedAt: z.string().optional(),
  /** ISO date (YYYY-MM-DD) the paper was featured on Hugging Face Daily Papers. */
  featuredOn: z.string().optional(),
  /** ISO date (YYYY-MM-DD) of the arXiv listing of new submissions the paper first appeared in. */
  listedOn: z.string().optional(),
  /** The newest arXiv version seen (`2606.13392v3` → 3); the id itself never carries it. */
  version: z.number().int().positive().optional(),
  upvotes: z.number().int().nonnegative().default(0),
  comments: z.number().int().nonnegative().default(0),
  githubRepo: z.string().optional(),
  githubStars: z.number().int().nonnegative().optional(),
  projectPage: z.string().optional(),
  aiSummary: z.string().optional(),
  aiKeywords: z.array(z.string()).default([]),
  organization: z.string().optional(),
  /** Hugging Face's social thumbnail of the paper, kept only when it is on Hugging Face's CDN. */
  thumbnail: z.string().optional(),
  /** arXiv categories, the primary one first when arXiv said which it is. */
  categories: z.array(z.string()).default([]),
  sources: z.array(PaperSource).default([]),
  /** ISO timestamp of the last time any source refreshed this paper. */
  fetchedAt: z.string().optional(),
});
export type Paper = z.infer<typeof Paper>;
/** Input form of a paper: defaults may be omitted. */
export type PaperInput = z.input<typeof Paper>;

/**
 * An id as a URL path: each `/`-separated part percent-encoded, so an old-style id (`cs/0112017`) reads
 * as usual while an id that arrived with spaces, controls or markup from a drifted payload can neither
 * break the link nor reach a terminal or chat as raw characters.
 */
const idPath = (id: string): string => wellFormed(id).split("/").map(encodeURIComponent).join("/");
/** The paper's page on arXiv. */
export const arxivUrl = (id: string): string => `https://arxiv.org/abs/${idPath(id)}`;
/** The paper's PDF on arXiv. */
export const pdfUrl = (id: string): string => `https://arxiv.org/pdf/${idPath(id)}`;
/** The paper's page on Hugging Face. */
export const huggingFaceUrl = (id: string): string => `https://huggingface.co/papers/${idPath(id)}`;
