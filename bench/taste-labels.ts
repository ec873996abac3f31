import { readFileSync } from "node:fs";
import type { Paper } from "../src/papers/paper.ts";
import type { Interest, InterestLabel, Labeller } from "./taste-eval.ts";

/** Where the hand-checked labels live: one line per recorded paper (how they were made: bench/data/TASTE-LABELS.md). */
export const HAND_LABELS_FILE = new URL("./data/taste-labels.jsonl", import.meta.url);

/** A label cell: about the shown part ("S"), the held part only ("H"), both ("SH") or neither (""). */
const CELLS: Readonly<Record<string, InterestLabel>> = {
  "": { shown: false, held: false },
  S: { shown: true, held: false },
  H: { shown: false, held: true },
  SH: { shown: true, held: true },
};

/**
 * Parses the hand-checked labels: every line `{"id": "2506.23044", "vg": "S", "rl": "", …}` with one cell
 * per interest code. Throws on a malformed line, an unknown cell or a repeated id, so a damaged file cannot
 * quietly change the figures.
 */
export function parseHandLabels(
  text: string,
  codes: readonly string[],
): Map<string, Map<string, InterestLabel>> {
  const labels = new Map<string, Map<string, InterestLabel>>();
  text.split("\n").forEach((line, index) => {
    if (!line.trim()) return;
    const row = JSON.parse(line) as Record<string, unknown>;
    const id = row.id;
    if (typeof id !== "string" || !id) throw new Error(`taste labels line ${index + 1}: no id`);
    if (labels.has(id)) throw new Error(`taste labels line ${index + 1}: ${id} labelled twice`);
    const cells = new Map<string, InterestLabel>();
    for (const code of codes) {
      const cell = CELLS[String(row[code] ?? "")];
      if (!cell)
        throw new Error(`taste labels line ${index + 1}: ${id} has "${String(row[code])}" for ${code}`);
      cells.set(code, cell);
    }
    labels.set(id, cells);
  });
  return labels;
}

/**
 * The hand-checked labels as a `Labeller`. A paper the file does not label is an error, not "off every
 * interest": the evaluation must not silently count unlabelled papers as misses.
 */
export function handLabels(
  codes: readonly string[],
  text = readFileSync(HAND_LABELS_FILE, "utf8"),
): Labeller {
  const labels = parseHandLabels(text, codes);
  return (interest: Interest, paper: Paper) => {
    const label = labels.get(paper.id)?.get(interest.code);
    if (!label) throw new Error(`taste labels: ${paper.id} (“${paper.title}”) is not labelled`);
    return label;
  };
}
