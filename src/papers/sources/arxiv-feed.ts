import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Logger } from "pino";
import { z } from "zod";
import { UpstreamError } from "../../http/upstream-error.ts";
import { canonicalId } from "../canonical-id.ts";
import { Paper } from "../paper.ts";
import { FIELD_LIMITS, fieldList, fieldText } from "./field-limits.ts";
import { collectPapers, describeIssues, type ItemOutcome, type SourceResult } from "./source-result.ts";
import { collapseWhitespace } from "./text.ts";

/** A parsed arXiv feed: the papers plus arXiv's total hit count, for paging with `start`. */
export interface ArxivResult extends SourceResult {
  totalResults?: number;
}

/** Where a feed came from and when, for errors and `fetchedAt`. */
export interface ArxivFeedContext {
  url: string;
  logger: Logger;
  fetchedAt: string;
  /** The `max_results` asked for: entries past it are left unparsed. Default: every entry. */
  maxEntries?: number;
}

const ORIGIN = "arxiv";
const ARRAY_TAGS = new Set(["entry", "author", "category", "link"]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ARRAY_TAGS.has(name),
});

const Text = z.union([z.string(), z.object({ "#text": z.string() }).transform((node) => node["#text"])]);
const Term = z.object({ "@_term": z.string() }).transform((node) => node["@_term"]);
function* termsOf(nodes: unknown): Generator<string> {
  if (!Array.isArray(nodes)) return;
  for (const node of nodes) {
    const term = Term.safeParse(node).data;
    if (term !== undefined) yield term;
  }
}
const terms = (nodes: unknown): string[] =>
  fieldList(termsOf(nodes), FIELD_LIMITS.categories, FIELD_LIMITS.category);

function* authorNames(authors: readonly unknown[]): Generator<string> {
  for (const author of authors) {
    const name = Text.safeParse((author as { name?: unknown } | null)?.name).data;
    if (name !== undefined) yield name;
  }
}

const Entry = z.object({
  id: Text,
  title: Text,
  summary: Text.optional().catch(undefined),
  published: Text.optional().catch(undefined),
  author: z
    .array(z.unknown())
    .optional()
    .catch(undefined)
    .transform((authors) => fieldList(authorNames(authors ?? []), FIELD_LIMITS.authors, FIELD_LIMITS.author)),
  category: z.unknown().transform(terms),
  primary_category: z.unknown().transform((node) => terms([node])),
});

interface Feed {
  entry?: unknown[];
  totalResults?: unknown;
}

const readFeed = (xml: string): Feed | undefined => {
  if (XMLValidator.validate(xml) !== true) return undefined;
  const feed = (parser.parse(xml) as { feed?: unknown }).feed;
  if (feed === "") return {};
  return typeof feed === "object" && feed !== null ? (feed as Feed) : undefined;
};

const errorIn = (entries: readonly unknown[]): string | undefined => {
  for (const entry of entries) {
    const parsed = z.object({ id: Text, summary: Text.optional() }).safeParse(entry);
    if (parsed.success && parsed.data.id.includes("/api/errors")) {
      return collapseWhitespace(parsed.data.summary ?? parsed.data.id);
    }
  }
  return undefined;
};

/** arXiv's own message when `xml` is one of its error feeds (`<id>…/api/errors#…</id>`), else `undefined`. */
export function arxivErrorMessage(xml: string): string | undefined {
  const feed = readFeed(xml);
  return feed ? errorIn(feed.entry ?? []) : undefined;
}

const entryToPaper = (entry: unknown, fetchedAt: string): ItemOutcome => {
  const parsed = Entry.safeParse(entry);
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error) };
  const data = parsed.data;
  const id = canonicalId(data.id);
  if (!id) return { ok: false, reason: `id: ${JSON.stringify(data.id)} is not an arXiv id` };
  const title = fieldText(data.title, FIELD_LIMITS.title);
  if (!title) return { ok: false, reason: "title: empty" };
  const version = /v(\d+)$/.exec(data.id.trim())?.[1];
  const result = Paper.safeParse({
    id,
    version: version ? Number(version) : undefined,
    title,
    abstract: fieldText(data.summary ?? "", FIELD_LIMITS.abstract),
    authors: data.author,
    publishedAt: data.published?.trim() || undefined,
    categories: [...new Set([...data.primary_category, ...data.category])].slice(0, FIELD_LIMITS.categories),
    sources: ["arxiv"],
    fetchedAt,
  });
  return result.success
    ? { ok: true, paper: result.data }
    : { ok: false, reason: describeIssues(result.error) };
};

/**
 * Parses an arXiv API Atom feed into papers (versions stripped from ids, whitespace collapsed, fields
 * within `FIELD_LIMITS`), at most `maxEntries` of them. Invalid entries are skipped and reported; a body
 * that is not an Atom feed, or an arXiv error feed, fails with `UpstreamError` code `bad_body`.
 */
export function parseArxivFeed(xml: string, context: ArxivFeedContext): ArxivResult {
  const feed = readFeed(xml);
  const fail = (detail: string) =>
    new UpstreamError({ origin: ORIGIN, code: "bad_body", url: context.url, detail });
  if (!feed) throw fail(`expected an Atom feed, got ${JSON.stringify(xml.slice(0, 40))}…`);
  const entries = (feed.entry ?? []).slice(0, context.maxEntries);
  const error = errorIn(entries);
  if (error) throw fail(`arXiv error: ${error}`);
  const total = Number(z.union([Text, z.number()]).safeParse(feed.totalResults).data);
  const result = collectPapers(
    entries,
    (entry) => entryToPaper(entry, context.fetchedAt),
    context.logger,
    ORIGIN,
  );
  return Number.isFinite(total) ? { ...result, totalResults: total } : result;
}
