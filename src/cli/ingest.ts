import { SingleBar } from "cli-progress";
import type { App } from "../app.ts";
import type { Config } from "../config.ts";
import { describeError } from "../errors.ts";
import { addDays, dateRange, localDate } from "../time.ts";

/** The most days one ingest run covers; a year of Hugging Face daily papers. */
export const MAX_INGEST_DAYS = 366;

/**
 * `paperboy ingest`: stores Hugging Face daily papers (and, with `arxiv`, the followed arXiv categories) day by day, with a progress bar on a terminal and
 * one plain line per day otherwise. A failed day is reported and the rest go on. Returns failed days.
 */
export async function ingest(
  app: App,
  config: Config,
  options: { from?: string; to?: string; arxiv?: boolean },
): Promise<number> {
  const today = localDate(app.now(), config.timezone);
  const to = options.to ?? today;
  const from = options.from ?? addDays(to, -6);
  if (from > to) throw new Error(`--from ${from} is after --to ${to}`);
  const days = dateRange(from, to);
  if (days.length > MAX_INGEST_DAYS)
    throw new Error(`at most ${MAX_INGEST_DAYS} days at a time (asked ${days.length})`);

  const bar = process.stderr.isTTY
    ? new SingleBar({
        format: "ingest [{bar}] {value}/{total} days · {papers} papers · {day}",
        stream: process.stderr,
      })
    : undefined;
  bar?.start(days.length, 0, { papers: 0, day: from });
  let papers = 0;
  let failed = 0;
  for (const day of days) {
    try {
      const stored = await app.catalog.ingest(day);
      const fromArxiv = options.arxiv ? await app.catalog.ingestArxiv(day) : { papers: [], gaps: [] };
      papers += stored.length + fromArxiv.papers.length;
      if (fromArxiv.gaps.length > 0) {
        failed += 1;
        const ranges = fromArxiv.gaps.map((gap) => `${gap.start + 1}-${gap.end} of ${gap.total}`).join(", ");
        const line = `${day}: arXiv answered results ${ranges} with empty pages, also when asked again; those papers are missing (run ingest --arxiv for this day again later)`;
        if (bar) app.logger.warn({ day, gaps: fromArxiv.gaps }, line);
        else process.stdout.write(`${line}\n`);
      }
      if (!bar) {
        const arxivPart = options.arxiv ? ` + ${fromArxiv.papers.length} from arXiv` : "";
        process.stdout.write(`${day}: ${stored.length} papers${arxivPart}\n`);
      }
    } catch (error) {
      failed += 1;
      app.logger.warn({ day, err: error }, `ingest failed for ${day}`);
      if (!bar) process.stdout.write(`${day}: failed (${describeError(error)})\n`);
    }
    bar?.increment(1, { papers, day });
  }
  bar?.stop();
  process.stdout.write(
    `ingested ${papers} papers over ${days.length} days${failed ? `, ${failed} failed` : ""}\n`,
  );
  return failed;
}
