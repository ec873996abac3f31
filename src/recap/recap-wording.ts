import { isQuiet, type Recap } from "./recap.ts";

/**
 * The recap's words, shared by every platform's rendering: each platform escapes and lays them out its
 * own way (Block Kit sections, an embed's fields, terminal lines). Everything returned here is raw text;
 * titles, topics and follow-up descriptions come from papers and providers and must be escaped.
 */

/** One line of a recap section: a paper (or what happened to it), its link, and the count or event. */
export interface RecapLine {
  label: string;
  url: string;
  detail: string;
}

/** A titled list: most upvoted, saved, follow-ups. */
export interface RecapPart {
  heading: string;
  lines: RecapLine[];
}

/** `Weekly recap · 19–26 Oct 2026`. */
export function recapTitle(recap: Recap): string {
  const { since, until, timezone } = recap.week;
  const format = (at: string, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: timezone, ...options }).format(new Date(at));
  const to = format(until, { day: "numeric", month: "short", year: "numeric" });
  const sameMonth =
    format(since, { month: "short", year: "numeric" }) === format(until, { month: "short", year: "numeric" });
  const from = sameMonth
    ? format(since, { day: "numeric" })
    : format(since, { day: "numeric", month: "short" });
  return `🗓️ Weekly recap · ${from}–${to}`;
}

/** `Mon 19 Oct 09:00 → Mon 26 Oct 09:00 Europe/Berlin`: exactly which week this is. */
export function recapPeriod(recap: Recap): string {
  const { since, until, timezone } = recap.week;
  const format = (at: string) =>
    new Intl.DateTimeFormat("en-GB", {
      timeZone: timezone,
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .format(new Date(at))
      .replace(",", "");
  return `${format(since)} → ${format(until)} ${timezone}`;
}

const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;

/** The lists that have something in them, in reading order. */
export function recapParts(recap: Recap): RecapPart[] {
  const parts: RecapPart[] = [
    {
      heading: "👍 Most upvoted by the team",
      lines: recap.upvoted.map((item) => ({
        label: item.paper.title,
        url: item.paper.url,
        detail: plural(item.people, "team vote"),
      })),
    },
    {
      heading: "🔖 Saved to reading lists",
      lines: recap.saved.map((item) => ({
        label: item.paper.title,
        url: item.paper.url,
        detail: `saved by ${item.people === 1 ? "one of you" : `${item.people} of you`}`,
      })),
    },
    {
      heading: "🔔 Follow-ups",
      lines: recap.followUps.map((item) => ({
        label: item.paper.title,
        url: item.url ?? item.paper.url,
        detail: item.what,
      })),
    },
  ];
  return parts.filter((part) => part.lines.length > 0);
}

/** `agents (5 papers) · memory (3 papers)`, or undefined when no topic stood out. */
export function topicsLine(recap: Recap): string | undefined {
  if (recap.topics.length === 0) return undefined;
  return recap.topics.map((topic) => `${topic.topic} (${plural(topic.papers, "paper")})`).join(" · ");
}

/** The heading over the topics. */
export const TOPICS_HEADING = "🧭 Topics you read most";

/** `23 papers posted · 9 upvotes from 4 people · 5 saves`. */
export function totalsLine(recap: Recap): string {
  const { posted, upvotes, upvoters, saves } = recap.totals;
  const votes =
    upvotes > 0 ? `${plural(upvotes, "upvote")} from ${plural(upvoters, "person", "people")}` : "no upvotes";
  return `${plural(posted, "paper")} posted · ${votes} · ${saves > 0 ? plural(saves, "save") : "no saves"}`;
}

/**
 * What a quiet week says instead of lists: honestly that nobody reacted, and how to fill next week's. A
 * quiet week still gets its recap, as the daily digest's quiet day does, so the ritual never just stops.
 */
export function quietLine(recap: Recap): string | undefined {
  if (!isQuiet(recap)) return undefined;
  const posted = recap.totals.posted;
  const seen = posted > 0 ? `; ${plural(posted, "paper was", "papers were")} posted here` : "";
  return `A quiet week: nobody upvoted or saved a paper${seen}. React 👍 on the papers worth discussing and 🔖 on the ones to read later, and they will be in next week's recap.`;
}
