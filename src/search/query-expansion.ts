import { FIELD_TERMS } from "./synonyms.ts";
import { tokenize } from "./tokenize.ts";

/** Another name for what the user typed, as stems to find adjacent, with a label for "matches …". */
export interface Expansion {
  stems: string[];
  /** Shown among a hit's matched words: `mixture of experts (MoE)` for a query "moe". */
  label: string;
  /** Stems of the user's words it stands for; empty for a field term read into a generic word. */
  of: string[];
}

interface Name {
  stems: string[];
  text: string;
}

const ENTRIES: readonly (readonly Name[])[] = FIELD_TERMS.map((names) =>
  names.map((text) => ({ text, stems: tokenize(text) })).filter((name) => name.stems.length > 0),
);
const NAMES: readonly Name[] = ENTRIES.flat();

/** Field terms a generic query is read as, at most. */
export const GENERIC_EXPANSIONS = 8;

/** Index of the first place `run` occurs in `stems` at consecutive positions, or -1. */
function indexOfRun(stems: readonly string[], run: readonly string[]): number {
  outer: for (let i = 0; i + run.length <= stems.length; i++) {
    for (let j = 0; j < run.length; j++) if (stems[i + j] !== run[j]) continue outer;
    return i;
  }
  return -1;
}

const contains = (stems: readonly string[], run: readonly string[]) => indexOfRun(stems, run) !== -1;

interface Match {
  entry: readonly Name[];
  name: Name;
  start: number;
  end: number;
}

/**
 * Other names of the field terms found in a query's words (stems in query order): "moe" brings
 * "mixture of experts", "test-time compute" brings "inference-time scaling". The longest name wins
 * where names overlap, so "reinforcement learning from human feedback" brings RLHF, not RL. Names
 * that contain the typed words, or that the query already holds, add nothing and are left out.
 */
export function expandTerms(terms: readonly string[]): Expansion[] {
  const matches: Match[] = [];
  for (const entry of ENTRIES) {
    for (const name of entry) {
      const start = indexOfRun(terms, name.stems);
      if (start !== -1) matches.push({ entry, name, start, end: start + name.stems.length });
    }
  }
  matches.sort((a, b) => b.end - b.start - (a.end - a.start));
  const kept: Match[] = [];
  for (const match of matches) {
    const covered = kept.some((k) => k.start <= match.start && match.end <= k.end);
    if (!covered) kept.push(match);
  }
  const expansions: Expansion[] = [];
  const seen = new Set<string>();
  for (const { entry, name } of kept) {
    for (const other of entry) {
      const key = other.stems.join(" ");
      if (seen.has(key) || contains(other.stems, name.stems) || contains(terms, other.stems)) continue;
      seen.add(key);
      expansions.push({ stems: other.stems, label: `${other.text} (${name.text})`, of: name.stems });
    }
  }
  return expansions;
}

/**
 * The field terms a query of only generic words stands for: names holding every typed word, so that
 * "learning" reads as continual, federated, reinforcement … learning and "models" as diffusion,
 * vision-language … models, never as "learning rate" or "the Llama herd of models".
 */
export function expandGeneric(terms: readonly string[]): Expansion[] {
  if (terms.length === 0) return [];
  const expansions: Expansion[] = [];
  for (const name of NAMES) {
    if (expansions.length >= GENERIC_EXPANSIONS) break;
    if (name.stems.length <= terms.length || !terms.every((term) => name.stems.includes(term))) continue;
    expansions.push({ stems: name.stems, label: name.text, of: [] });
  }
  return expansions;
}

/** Other names of an excluded field term, so that `-moe` also drops papers saying "mixture of experts". */
export function expandExclude(stems: readonly string[]): string[][] {
  const key = stems.join(" ");
  const entry = ENTRIES.find((names) => names.some((name) => name.stems.join(" ") === key));
  return (entry ?? []).filter((name) => name.stems.join(" ") !== key).map((name) => name.stems);
}
