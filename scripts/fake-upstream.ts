/**
 * Hugging Face and arXiv on one local port, answering from real recorded data: six months of Hugging
 * Face daily papers (bench/data, 2025-07-01…2025-12-31) replayed `--shift-years` later, and the
 * recorded arXiv feed. Both base URLs on one server is how paperboy runs behind one proxy or gateway,
 * so this is the way to try it "from outside" without the internet:
 *
 *   node --import tsx scripts/fake-upstream.ts --port 8090 &
 *   HF_API_URL=http://127.0.0.1:8090 ARXIV_API_URL=http://127.0.0.1:8090 npx paperboy ingest --from 2026-06-12 --to 2026-11-20
 *
 * `--down` answers every request with 503 (an upstream outage); `--slow-ms N` delays every answer.
 */
import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { isoWeek } from "../src/time.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8090" },
    "shift-years": { type: "string", default: "1" },
    "slow-ms": { type: "string", default: "0" },
    down: { type: "boolean", default: false },
  },
});
const shift = Number(values["shift-years"]);
const slowMs = Number(values["slow-ms"]);

interface Item {
  paper: { id: string; title: string; summary?: string; submittedOnDailyAt?: string };
}

const shiftDate = (text: string, years: number): string =>
  text.replace(/^(\d{4})/, (year) => String(Number(year) + years));

/** Recorded days, keyed by their replayed date, with featuring dates moved along. */
const days = new Map<string, Item[]>();
const lines = gunzipSync(
  readFileSync(new URL("../bench/data/hf-daily-papers-2025-h2.jsonl.gz", import.meta.url)),
)
  .toString("utf8")
  .split("\n")
  .filter(Boolean);
for (const line of lines) {
  const day = JSON.parse(line) as { date: string; items: Item[] };
  for (const item of day.items) {
    if (item.paper.submittedOnDailyAt) {
      item.paper.submittedOnDailyAt = shiftDate(item.paper.submittedOnDailyAt, shift);
    }
  }
  days.set(shiftDate(day.date, shift), day.items);
}
const everything = [...days.values()].flat();
const feed = readFileSync(
  new URL("../tests/fixtures/arxiv-query-transformer-2026-06-14.xml", import.meta.url),
);

const send = (response: ServerResponse, status: number, type: string, body: string | Buffer) => {
  response.writeHead(status, { "content-type": type });
  response.end(body);
};

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const answer = () => {
    if (values.down) return send(response, 503, "text/plain", "upstream down (fake-upstream --down)");
    if (url.pathname === "/api/daily_papers") {
      const limit = Number(url.searchParams.get("limit") ?? 50);
      const week = url.searchParams.get("week");
      const items = week
        ? [...days].filter(([date]) => isoWeek(date) === week).flatMap(([, dayItems]) => dayItems)
        : (days.get(url.searchParams.get("date") ?? "") ?? []);
      return send(response, 200, "application/json", JSON.stringify(items.slice(0, limit)));
    }
    if (url.pathname === "/api/papers/search") {
      const words = (url.searchParams.get("q") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
      const hits = everything.filter((item) => {
        const text = `${item.paper.title} ${item.paper.summary ?? ""}`.toLowerCase();
        return words.length > 0 && words.every((word) => text.includes(word));
      });
      return send(response, 200, "application/json", JSON.stringify(hits.slice(0, 20)));
    }
    const paper = /^\/api\/papers\/(.+)$/.exec(url.pathname);
    if (paper) {
      const found = everything.find((item) => item.paper.id === decodeURIComponent(paper[1] ?? ""));
      return found
        ? send(response, 200, "application/json", JSON.stringify(found.paper))
        : send(response, 404, "application/json", JSON.stringify({ error: "Paper not found" }));
    }
    if (url.pathname === "/api/query") return send(response, 200, "application/atom+xml", feed);
    send(response, 404, "application/json", JSON.stringify({ error: `no route for ${url.pathname}` }));
  };
  if (slowMs > 0) setTimeout(answer, slowMs);
  else answer();
});
server.listen(Number(values.port), "127.0.0.1", () => {
  const first = [...days.keys()].sort()[0];
  const last = [...days.keys()].sort().at(-1);
  process.stderr.write(
    `fake-upstream: Hugging Face (${days.size} days, ${first}…${last}) and arXiv on http://127.0.0.1:${values.port}\n`,
  );
});
