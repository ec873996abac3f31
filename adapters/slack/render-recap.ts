import type { KnownBlock } from "@slack/types";
import { isTrustedPaperUrl as isTrustedUrl } from "../../src/papers/web-links.ts";
import type { Recap } from "../../src/recap/recap.ts";
import {
  quietLine,
  type RecapLine,
  recapParts,
  recapPeriod,
  recapTitle,
  TOPICS_HEADING,
  topicsLine,
  totalsLine,
} from "../../src/recap/recap-wording.ts";
import { mrkdwnField } from "./escape.ts";
import { BUDGET, MAX_SECTION_TEXT } from "./limits.ts";
import { contextOf, header, present, section } from "./render-blocks.ts";

/** A paper title in a recap line: short enough that eight lines always fit one section. */
const LINE_TITLE = 200;
const LINE_DETAIL = 120;

/**
 * A weekly recap as one Slack message: header, the week, then one section per list (most upvoted, saved,
 * follow-ups), the topics and the totals. At most eight blocks, each section far below 3,000 characters:
 * the lists are capped (`RECAP_LIMITS`) and every line's parts are cut to a budget.
 */
export function recapBlocks(recap: Recap, note: string | undefined): KnownBlock[] {
  const quiet = quietLine(recap);
  const topics = topicsLine(recap);
  return present<KnownBlock>([
    header(recapTitle(recap)),
    contextOf([recapPeriod(recap), note], BUDGET.note),
    quiet ? section(mrkdwnField(quiet, MAX_SECTION_TEXT)) : undefined,
    ...recapParts(recap).map((part) => section(fitLines(`*${part.heading}*`, part.lines.map(line)))),
    topics ? section(`*${TOPICS_HEADING}*\n${mrkdwnField(topics, 1000)}`) : undefined,
    contextOf([totalsLine(recap)], BUDGET.note),
  ]);
}

/**
 * The heading and as many whole lines as fit one section's 3,000 characters, then `+N more`: a line is
 * never cut inside its link or an escape.
 */
function fitLines(heading: string, lines: string[]): string {
  let text = heading;
  for (const [index, next] of lines.entries()) {
    const more = `\n+${lines.length - index} more`;
    const rest = lines.length - index - 1;
    if (text.length + 1 + next.length + (rest > 0 ? more.length : 0) > MAX_SECTION_TEXT)
      return `${text}${more}`;
    text = `${text}\n${next}`;
  }
  return text;
}

function line(item: RecapLine, index: number): string {
  const title = mrkdwnField(item.label, LINE_TITLE) || "Untitled";
  const linked = isTrustedUrl(item.url) ? `<${item.url}|${title}>` : title;
  return `${index + 1}. ${linked} · ${mrkdwnField(item.detail, LINE_DETAIL)}`;
}
