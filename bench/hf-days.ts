import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { Paper } from "../src/papers/paper.ts";
import { huggingFaceItemToPaper } from "../src/papers/sources/index.ts";

/** One recorded day of Hugging Face Daily Papers. */
export interface RecordedDay {
  date: string;
  papers: Paper[];
}

/**
 * The real Hugging Face Daily Papers of July–December 2025 (bench/data), day by day in date order, as
 * paperboy models them. Read from disk only: no network.
 */
export function recordedDays(): RecordedDay[] {
  return recordedItems()
    .map((day) => {
      const papers = day.items.flatMap((item) => {
        const outcome = huggingFaceItemToPaper(item, {
          fetchedAt: `${day.date}T08:00:00.000Z`,
          queryDate: day.date,
        });
        return outcome.ok ? [outcome.paper] : [];
      });
      return { date: day.date, papers };
    })
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** The same days as Hugging Face served them (`/api/daily_papers` items), for fake upstream servers. */
export function recordedItems(): { date: string; items: unknown[] }[] {
  const text = gunzipSync(
    readFileSync(new URL("./data/hf-daily-papers-2025-h2.jsonl.gz", import.meta.url)),
  ).toString("utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { date: string; items: unknown[] });
}
