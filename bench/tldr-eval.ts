import { splitSentences } from "../src/digest/sentences.ts";
import { TLDR_MAX_CHARS, tldr, tldrSentences } from "../src/digest/tldr.ts";
import type { Paper } from "../src/papers/paper.ts";
import { LABELLED, type LabelledAbstract } from "../tests/fixtures/tldr-eval/labelled.ts";
import { recordedDays } from "./hf-days.ts";

/** How often a picker's TL;DR holds a labelled contribution sentence, and how often it leads with one. */
export interface PickerScore {
  /** Share of abstracts whose TL;DR contains at least one labelled contribution sentence. */
  contains: number;
  /** Share of abstracts whose TL;DR starts with a labelled contribution sentence. */
  leads: number;
}

/** Each picker's score on one group of labelled abstracts. */
export interface TldrRow {
  group: "all" | LabelledAbstract["set"];
  size: number;
  firstSentence: PickerScore;
  before: PickerScore;
  after: PickerScore;
}

/** The TL;DR evaluation: the whole labelled set, the tuning part and the held-out part. */
export type TldrReport = TldrRow[];

/** One labelled abstract with its text, ready to score. */
export interface LabelledPaper extends LabelledAbstract {
  paper: Paper;
  split: string[];
}

/** A sentence picker: indices (in reading order) of the sentences a TL;DR shows. */
type Picker = (sentences: readonly string[], title: string) => number[];

const OLD_CONTRIBUTION =
  /\b(?:we|this (?:paper|work|study|article))\s+(?:\w+\s+)?(?:propose|introduce|present|develop|design|release|describe|investigate|study|show)s?\b/i;
const OLD_OPENER =
  /^(?:(?:in this (?:paper|work|study|article|letter|report)|here)\s+(?=we\s)|[^,]{1,60},\s+(?=we\s))/i;

/**
 * The picker before issue 16, kept as the baseline: the leading sentences (two when they fit), or from the
 * first "we propose"-style sentence among the first four when the background before it would crowd it out.
 */
export function leadBaseline(sentences: readonly string[]): number[] {
  const fits = (start: number): number[] => {
    const picked: number[] = [];
    let length = -1;
    for (let index = start; index < Math.min(sentences.length, start + 2); index++) {
      const text = picked.length === 0 ? sentences[index]!.replace(OLD_OPENER, "") : sentences[index]!;
      if (length + 1 + text.length > TLDR_MAX_CHARS) break;
      picked.push(index);
      length += 1 + text.length;
    }
    return picked;
  };
  const contribution = sentences.slice(0, 4).findIndex((sentence) => OLD_CONTRIBUTION.test(sentence));
  const fromStart = fits(0);
  if (contribution <= 0 || fromStart.length > contribution) return fromStart.length > 0 ? fromStart : [0];
  const fromContribution = fits(contribution);
  if (fromContribution.length > 0) return fromContribution;
  return fromStart.length > 0 ? fromStart : [contribution];
}

/** The labelled abstracts with their text from bench/data; fails loudly if the data or the splitter moved. */
export function labelledPapers(): LabelledPaper[] {
  const byId = new Map<string, Paper>();
  for (const day of recordedDays()) for (const paper of day.papers) byId.set(paper.id, paper);
  return LABELLED.map((label) => {
    const paper = byId.get(label.id);
    if (!paper) throw new Error(`[tldr-eval] ${label.id} is not in bench/data`);
    const split = splitSentences(paper.abstract);
    if (split.length !== label.sentences) {
      throw new Error(
        `[tldr-eval] ${label.id} splits into ${split.length} sentences, labelled ${label.sentences}`,
      );
    }
    return { ...label, paper, split };
  });
}

function scorePicker(set: readonly LabelledPaper[], picker: Picker): PickerScore {
  let contains = 0;
  let leads = 0;
  for (const item of set) {
    const chosen = picker(item.split, item.paper.title);
    if (chosen.some((index) => item.contribution.includes(index))) contains += 1;
    if (item.contribution.includes(chosen[0]!)) leads += 1;
  }
  return { contains: contains / set.length, leads: leads / set.length };
}

/**
 * Scores the first-sentence baseline, the old picker and `tldrSentences` on the labelled set, overall and
 * on its tuning and held-out parts (the held-out figure is the honest one for abstracts never looked at).
 */
export function runTldrEval(set: readonly LabelledPaper[] = labelledPapers()): TldrReport {
  const row = (group: TldrRow["group"], items: readonly LabelledPaper[]): TldrRow => ({
    group,
    size: items.length,
    firstSentence: scorePicker(items, () => [0]),
    before: scorePicker(items, leadBaseline),
    after: scorePicker(items, tldrSentences),
  });
  return [
    row("all", set),
    row(
      "tuning",
      set.filter((item) => item.set === "tuning"),
    ),
    row(
      "held-out",
      set.filter((item) => item.set === "held-out"),
    ),
  ];
}

const percent = (share: number): string => `${(100 * share).toFixed(0)}%`;

/** The report as a small table: one line per group, contains / leads per picker. */
export function formatTldrReport(report: TldrReport): string {
  const pair = (score: PickerScore) =>
    `${percent(score.contains).padStart(4)} / ${percent(score.leads).padEnd(4)}`;
  return [
    `TL;DR evaluation: hand-labelled real abstracts from bench/data, TL;DR ≤ ${TLDR_MAX_CHARS} chars`,
    `${"abstracts".padEnd(14)} ${"first sentence".padEnd(14)} ${"before".padEnd(14)} ${"after".padEnd(14)}`,
    ...report.map(
      (row) =>
        `${`${row.group} (${row.size})`.padEnd(14)} ${pair(row.firstSentence).padEnd(14)} ${pair(row.before).padEnd(14)} ${pair(row.after)}`,
    ),
    "Each cell: contains / leads. contains: the TL;DR holds a labelled contribution sentence; leads: it starts with one.",
  ].join("\n");
}

/** `npm run eval -- tldr [--json] [--show]`: prints the figures; `--show` prints each chosen TL;DR too. */
export async function run(argv: string[]): Promise<void> {
  const set = labelledPapers();
  const report = runTldrEval(set);
  if (argv.includes("--show")) {
    for (const item of set) {
      const mark = tldrSentences(item.split, item.paper.title).some((i) => item.contribution.includes(i));
      process.stdout.write(
        `${mark ? "✓" : "✗"} ${item.id} ${tldr({ ...item.paper, aiSummary: undefined })}\n`,
      );
    }
  }
  process.stdout.write(
    argv.includes("--json") ? `${JSON.stringify(report, null, 2)}\n` : `${formatTldrReport(report)}\n`,
  );
}
