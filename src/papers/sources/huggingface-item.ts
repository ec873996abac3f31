import { z } from "zod";
import { canonicalId } from "../canonical-id.ts";
import { githubRepoUrl } from "../github-repo.ts";
import { Paper } from "../paper.ts";
import { huggingFaceImageUrl } from "../web-links.ts";
import { FIELD_LIMITS, fieldList, fieldText } from "./field-limits.ts";
import { describeIssues, type ItemOutcome } from "./source-result.ts";

/** An optional field whose wrong type drops the field instead of the item. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const Count = z.number().int().nonnegative();

const Organization = z.union([
  z.string(),
  z
    .object({ fullname: z.string().optional(), name: z.string().optional() })
    .transform((o) => o.fullname ?? o.name),
]);

function* authorNames(authors: readonly unknown[]): Generator<string> {
  for (const author of authors) {
    const name = (author as { name?: unknown } | null)?.name;
    if (typeof name === "string") yield name;
  }
}

const Authors = z
  .array(z.unknown())
  .transform((authors) => fieldList(authorNames(authors), FIELD_LIMITS.authors, FIELD_LIMITS.author));

/**
 * The fields paperboy reads from a Hugging Face paper object. `id` and `title` are required and
 * `upvotes` must be a count when present (it drives ranking, so a drifted type is reported, not zeroed);
 * every other field is optional and dropped when its type drifts.
 */
const HfPaper = z.object({
  id: z.string(),
  title: z.string(),
  summary: lenient(z.string()),
  authors: lenient(Authors),
  publishedAt: lenient(z.string()),
  submittedOnDailyAt: lenient(z.string()),
  upvotes: Count.optional(),
  numComments: lenient(Count),
  githubRepo: lenient(z.string()),
  githubStars: lenient(Count),
  projectPage: lenient(z.string()),
  ai_summary: lenient(z.string()),
  ai_keywords: lenient(z.array(z.string())),
  organization: lenient(Organization),
});

/**
 * A `daily_papers` (or search) item: the paper plus a few counters kept on the outer object. The social
 * thumbnail is `thumbnail` today and was `mediaUrl` in older answers (2024).
 */
const HfItem = z.object({
  paper: HfPaper,
  numComments: lenient(Count),
  organization: lenient(Organization),
  thumbnail: lenient(z.string()),
  mediaUrl: lenient(z.string()),
});

/** Context for mapping an item: when it was fetched and, for a `date` query, the day asked for. */
export interface HfMappingContext {
  fetchedAt: string;
  queryDate?: string;
}

const orgName = (name: string | undefined): string | undefined =>
  name === undefined ? undefined : fieldText(name, FIELD_LIMITS.organization);

const DAY = /^\d{4}-\d{2}-\d{2}/;

const isWrapped = (item: unknown): boolean =>
  typeof item === "object" && item !== null && typeof (item as { paper?: unknown }).paper === "object";

/**
 * Maps one Hugging Face item to a `Paper`. Accepts both a daily-papers item (`{ paper, numComments, … }`)
 * and a bare paper object (as `/api/papers/{id}` and some search results return). Texts and lists are
 * kept within {@link FIELD_LIMITS}.
 */
export function huggingFaceItemToPaper(item: unknown, context: HfMappingContext): ItemOutcome {
  const parsed = HfItem.safeParse(isWrapped(item) ? item : { paper: item });
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error) };
  const { paper, numComments, organization, thumbnail, mediaUrl } = parsed.data;
  const id = canonicalId(paper.id);
  if (!id) return { ok: false, reason: `paper.id: ${JSON.stringify(paper.id)} is not an arXiv id` };
  const title = fieldText(paper.title, FIELD_LIMITS.title);
  if (!title) return { ok: false, reason: "paper.title: empty" };
  const featured = paper.submittedOnDailyAt?.match(DAY)?.[0] ?? context.queryDate;
  const result = Paper.safeParse({
    id,
    title,
    abstract: paper.summary ? fieldText(paper.summary, FIELD_LIMITS.abstract) : "",
    authors: paper.authors ?? [],
    publishedAt: paper.publishedAt,
    featuredOn: featured,
    upvotes: paper.upvotes ?? 0,
    comments: numComments ?? paper.numComments ?? 0,
    githubRepo: paper.githubRepo ? githubRepoUrl(paper.githubRepo) : undefined,
    githubStars: paper.githubStars,
    projectPage:
      paper.projectPage && paper.projectPage.length <= FIELD_LIMITS.url ? paper.projectPage : undefined,
    aiSummary: paper.ai_summary ? fieldText(paper.ai_summary, FIELD_LIMITS.summary) : undefined,
    aiKeywords: fieldList(paper.ai_keywords ?? [], FIELD_LIMITS.keywords, FIELD_LIMITS.keyword),
    organization: orgName(paper.organization ?? organization),
    thumbnail: huggingFaceImageUrl(thumbnail) ?? huggingFaceImageUrl(mediaUrl),
    sources: ["huggingface"],
    fetchedAt: context.fetchedAt,
  });
  return result.success
    ? { ok: true, paper: result.data }
    : { ok: false, reason: describeIssues(result.error) };
}
