import type { Recap } from "./recap.ts";
import {
  quietLine,
  recapParts,
  recapPeriod,
  recapTitle,
  TOPICS_HEADING,
  topicsLine,
  totalsLine,
} from "./recap-wording.ts";

/** A recap as plain text (the console, and every platform's notification fallback); `clean` makes untrusted text safe. */
export function renderRecapText(recap: Recap, clean: (untrusted: string) => string): string {
  const blocks = [`${recapTitle(recap)}\n${clean(recapPeriod(recap))}`];
  const quiet = quietLine(recap);
  if (quiet) blocks.push(quiet);
  for (const part of recapParts(recap)) {
    const lines = part.lines.map(
      (line, index) =>
        `  ${index + 1}. ${clean(line.label)} · ${clean(line.detail)}\n     ${clean(line.url)}`,
    );
    blocks.push([part.heading, ...lines].join("\n"));
  }
  const topics = topicsLine(recap);
  if (topics) blocks.push(`${TOPICS_HEADING}\n  ${clean(topics)}`);
  blocks.push(totalsLine(recap));
  return blocks.join("\n\n");
}
