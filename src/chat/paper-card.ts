import { formatDigestDate } from "../digest/digest-date.ts";
import { githubRepoUrl } from "../papers/github-repo.ts";
import { arxivUrl, huggingFaceUrl, pdfUrl } from "../papers/paper.ts";
import { huggingFaceImageUrl, MAX_WEB_URL, safeWebUrl } from "../papers/web-links.ts";
import { countLabel } from "../ranking/why.ts";
import type { PaperEntry } from "./reply.ts";
import { normalizeField } from "./text-fit.ts";

/**
 * A paper as every surface shows it: the facts of a card, decided once, so Slack, Discord, the console,
 * Markdown and JSON say the same thing. Text fields are raw (each renderer escapes them for its medium);
 * `signals`, `date` and every URL are built here from numbers, dates and validated links, so they need
 * no escaping.
 */
export interface PaperCard {
  id: string;
  rank?: number;
  /** Raw title. */
  title: string;
  /** The arXiv page the title links to, when the id makes a plain URL. */
  url?: string;
  /** Raw TL;DR. */
  tldr: string;
  /** Raw author list as one line: "A, B, C +4 more". */
  authors: string;
  /** Raw organization name. */
  organization?: string;
  /** "featured 12 Jun 2026" or "published 3 Jun 2026"; absent when unknown or the digest's own date. */
  date?: string;
  /** The arXiv primary category, e.g. `cs.CL`, when a source said it. */
  category?: string;
  /** Each signal once, as shown: `▲ 118`, `💬 3`, `code ★ 9`, `🗳️ 2 team votes`. */
  signals: string[];
  /** Raw `why`, without the figures `signals` already show or the freshness `date` already says. */
  why?: string;
  /** Link buttons in order: arXiv, PDF, Hugging Face, Code, Project page. Every URL validated. */
  links: CardLink[];
  /** Hugging Face's thumbnail, only on Hugging Face's CDN over https. */
  thumbnail?: string;
}

/** One link of a card. */
export interface CardLink {
  label: string;
  url: string;
}

/** Where a card is shown, beyond the entry itself. */
export interface CardContext {
  rank?: number;
  /** The digest's own date (YYYY-MM-DD): a paper featured that day does not repeat it. */
  digestDate?: string;
}

/** URLs we build ourselves from an id or a repository: plain path characters on our own hosts. */
const OUR_URL = /^https:\/\/(?:arxiv\.org|huggingface\.co|github\.com)\/[A-Za-z0-9._/-]+$/;
/** An arXiv category as arXiv writes it: `cs.CL`, `math-ph`, `astro-ph.GA`, `q-bio.NC`. */
const CATEGORY = /^[a-z][a-z-]{0,15}(?:\.[A-Za-z][A-Za-z-]{0,15})?$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}/;
/** A `why` segment stating a count, as `scorePaper` and older digests word it. */
const COUNT_REASON = /^([\d,]+) (upvotes?(?: on Hugging Face)?|comments?|team votes?)$|^code ★ ([\d,]+)$/;
/** A `why` segment stating freshness (`recencyLabel`). */
const RECENCY_REASON = /^(?:featured|published) (?:today|yesterday|\d+ days ago)$/;

/**
 * Whether a URL is one we built ourselves (arXiv, Hugging Face, GitHub) from well-formed parts, and
 * short enough for every platform's links and buttons.
 */
export function isOwnUrl(url: string): boolean {
  return url.length <= MAX_WEB_URL && OUR_URL.test(url);
}

/** What a card shows of the paper alone, whoever it is shown to: the same in every channel's digest. */
interface PaperFacts {
  url?: string;
  authors: string;
  organization?: string;
  day?: { iso: string; text: string };
  category?: string;
  links: CardLink[];
  thumbnail?: string;
}

/**
 * Each paper's facts, worked out once per paper object: a fan-out shows the day's papers in every channel,
 * and normalising their authors, formatting their dates and validating their links for each of a thousand
 * channels was a fifth of the main thread's work per message. Papers are never changed in place (a new
 * fetch makes new objects), and a paper no longer held anywhere drops out with its object.
 */
const factsOf = new WeakMap<PaperEntry["paper"], PaperFacts>();

function paperFacts(paper: PaperEntry["paper"]): PaperFacts {
  const known = factsOf.get(paper);
  if (known) return known;
  const url = arxivUrl(paper.id);
  const day = cardDay(paper.featuredOn ?? paper.publishedAt);
  const category = paper.categories[0];
  const organization = paper.organization && normalizeField(paper.organization);
  const thumbnail = huggingFaceImageUrl(paper.thumbnail);
  const facts: PaperFacts = {
    ...(isOwnUrl(url) ? { url } : {}),
    authors: formatAuthors(paper.authors.map(normalizeField).filter(Boolean)),
    ...(organization ? { organization } : {}),
    ...(day ? { day } : {}),
    ...(category && CATEGORY.test(category) ? { category } : {}),
    links: cardLinks(paper),
    ...(thumbnail ? { thumbnail } : {}),
  };
  factsOf.set(paper, facts);
  return facts;
}

/** The card of one entry. */
export function paperCard(entry: PaperEntry, context: CardContext = {}): PaperCard {
  const { paper } = entry;
  const facts = paperFacts(paper);
  const counts = {
    upvotes: paper.upvotes > 0 || paper.sources.includes("huggingface") ? paper.upvotes : undefined,
    comments: paper.comments > 0 ? paper.comments : undefined,
    stars: paper.githubStars,
    votes: entry.votes,
  };
  const signals = [
    counts.upvotes !== undefined ? `▲ ${counts.upvotes}` : "",
    counts.comments !== undefined ? `💬 ${counts.comments}` : "",
    counts.stars !== undefined ? `code ★ ${counts.stars}` : "",
    counts.votes !== undefined ? `🗳️ ${countLabel(counts.votes, "team vote")}` : "",
  ].filter(Boolean);
  const { day } = facts;
  return {
    id: paper.id,
    ...(context.rank !== undefined ? { rank: context.rank } : {}),
    title: paper.title,
    ...(facts.url ? { url: facts.url } : {}),
    tldr: entry.tldr,
    authors: facts.authors,
    ...(facts.organization ? { organization: facts.organization } : {}),
    ...(day && day.iso !== context.digestDate
      ? { date: `${paper.featuredOn ? "featured" : "published"} ${day.text}` }
      : {}),
    ...(facts.category ? { category: facts.category } : {}),
    signals,
    ...whyOf(entry.why, counts, day !== undefined),
    // A copy: a card's links are its own to change.
    links: facts.links.map((link) => ({ ...link })),
    ...(facts.thumbnail ? { thumbnail: facts.thumbnail } : {}),
  };
}

/** "A. Author, B. Author, C. Author +4 more": author lists stay one short line. */
export function formatAuthors(authors: readonly string[], shown = 3): string {
  if (authors.length === 0) return "Unknown authors";
  const head = authors.slice(0, shown).join(", ");
  return authors.length > shown ? `${head} +${authors.length - shown} more` : head;
}

/** A date as a card shows it (`12 Jun 2026`), with its ISO day; undefined when it is not a real date. */
function cardDay(raw: string | undefined): { iso: string; text: string } | undefined {
  const iso = raw?.match(ISO_DAY)?.[0];
  if (!iso) return undefined;
  try {
    return { iso, text: formatDigestDate(iso).slice(4) };
  } catch {
    return undefined;
  }
}

/**
 * The `why` less what the card already says: a count segment whose figure the signals show, and the
 * freshness when the card is dated. When nothing is left of a why that only gave counts, it says what
 * those counts mean in words.
 */
function whyOf(
  why: string | undefined,
  counts: { upvotes?: number; comments?: number; stars?: number; votes?: number },
  dated: boolean,
): Pick<PaperCard, "why"> {
  if (!why) return {};
  const shown = (segment: string): "popularity" | "votes" | "recency" | undefined => {
    if (dated && RECENCY_REASON.test(segment)) return "recency";
    const match = COUNT_REASON.exec(segment);
    if (!match) return undefined;
    const value = Number((match[1] ?? match[3] ?? "").replaceAll(",", ""));
    const noun = match[2] ?? "code";
    const signal = noun.startsWith("upvote")
      ? counts.upvotes
      : noun.startsWith("comment")
        ? counts.comments
        : noun.startsWith("team")
          ? counts.votes
          : counts.stars;
    if (signal !== value) return undefined;
    return noun.startsWith("team") ? "votes" : "popularity";
  };
  const segments = why.split(" · ");
  const kinds = segments.map(shown);
  const kept = segments.filter((_, index) => kinds[index] === undefined).join(" · ");
  if (kept) return { why: kept };
  if (kinds.includes("popularity")) return { why: "trending on Hugging Face" };
  if (kinds.includes("votes")) return { why: "the team's pick" };
  return {};
}

/**
 * The links shown under a paper: arXiv, PDF, Hugging Face, its GitHub repository (as the repository's
 * canonical URL, also for a paper stored before sources normalised it) and its project page, each only
 * when its URL is well-formed.
 */
function cardLinks(paper: PaperEntry["paper"]): CardLink[] {
  const code = paper.githubRepo ? githubRepoUrl(paper.githubRepo) : undefined;
  const project = safeWebUrl(paper.projectPage);
  const links: CardLink[] = [
    { label: "arXiv", url: arxivUrl(paper.id) },
    { label: "PDF", url: pdfUrl(paper.id) },
    { label: "Hugging Face", url: huggingFaceUrl(paper.id) },
    ...(code ? [{ label: "Code", url: code }] : []),
  ].filter((link) => isOwnUrl(link.url));
  if (project && !links.some((link) => link.url === project))
    links.push({ label: "Project page", url: project });
  return links;
}
