import { type Logger, pino } from "pino";
import { VARIABLES } from "../../config/variables.ts";
import type { HttpClient } from "../../http/http-client.ts";
import { UpstreamError } from "../../http/upstream-error.ts";
import { canonicalId } from "../canonical-id.ts";
import type { Paper } from "../paper.ts";
import { huggingFaceItemToPaper } from "./huggingface-item.ts";
import { collectPapers, type SourceResult } from "./source-result.ts";
import { apiUrl, jsonType } from "./text.ts";

/** Which Daily Papers listing to fetch: one day, one ISO week (`2026-W24`) or one month. */
export type DailyPeriod = { date: string } | { week: string } | { month: string };

/** Extra `daily_papers` query options. */
export interface DailyOptions {
  /** Let Hugging Face order the listing by its trending score instead of its default order. */
  sort?: "trending";
}

/** Settings for {@link createHuggingFaceSource}. */
export interface HuggingFaceSourceOptions {
  http: HttpClient;
  /** Default `https://huggingface.co`; a trailing `/` is optional (`HF_API_URL`). */
  baseUrl?: string;
  logger?: Logger;
  /** Clock for `fetchedAt`. Default `() => new Date()`. */
  now?: () => Date;
}

/** Papers from the Hugging Face papers API (Daily Papers, single papers, search). */
export interface HuggingFaceSource {
  /**
   * Daily Papers for a day, week or month; `limit` defaults to 50 and is capped at Hugging Face's 100.
   * At most `limit` items are parsed, whatever the answer holds.
   */
  daily(period: DailyPeriod, limit?: number, options?: DailyOptions): Promise<SourceResult>;
  /** One paper by arXiv id or URL; `undefined` when Hugging Face does not know it (404) or it is no id. */
  paper(id: string): Promise<Paper | undefined>;
  /** Hugging Face's paper search; at most `limit` (default 20, at most 100) items are parsed. */
  search(query: string, limit?: number): Promise<SourceResult>;
}

/** Default Hugging Face base URL. */
export const HUGGING_FACE_URL = VARIABLES.HF_API_URL.default;
/** Most items Hugging Face returns from one `daily_papers` call. */
export const HF_DAILY_MAX_LIMIT = 100;
/** Most search results paperboy parses from one Hugging Face search, whatever limit is asked. */
export const HF_SEARCH_MAX_LIMIT = 100;

const ORIGIN = "huggingface";
const PERIOD_FORMATS = {
  date: { pattern: /^\d{4}-\d{2}-\d{2}$/, form: "YYYY-MM-DD" },
  week: { pattern: /^\d{4}-W\d{2}$/, form: "YYYY-Www" },
  month: { pattern: /^\d{4}-\d{2}$/, form: "YYYY-MM" },
} as const;

const periodParam = (period: DailyPeriod): [keyof typeof PERIOD_FORMATS, string] => {
  const [name, value] = Object.entries(period)[0] as [keyof typeof PERIOD_FORMATS, string];
  const format = PERIOD_FORMATS[name];
  if (!format || typeof value !== "string" || !format.pattern.test(value)) {
    throw new RangeError(
      `[paperboy] [${ORIGIN}] invalid ${String(name)} ${JSON.stringify(value)}: expected ${format?.form ?? "date, week or month"}`,
    );
  }
  return [name, value];
};

const clampLimit = (limit: number, max: number): number => Math.max(1, Math.min(max, Math.floor(limit)));

/**
 * Creates the Hugging Face source. Items are parsed leniently (see `SourceResult`); a body that is not
 * the expected shape at all fails with `UpstreamError` code `bad_body`.
 */
export function createHuggingFaceSource(options: HuggingFaceSourceOptions): HuggingFaceSource {
  const { http } = options;
  const baseUrl = options.baseUrl ?? HUGGING_FACE_URL;
  const logger = options.logger ?? pino({ level: "silent" });
  const now = options.now ?? (() => new Date());

  /**
   * The first `limit` items of a listing, the rest left unparsed. `asked`: the URL carried the limit,
   * so more items than that is Hugging Face misbehaving and worth a warning.
   */
  const firstItems = (body: unknown, url: string, limit: number, asked = false): unknown[] => {
    if (!Array.isArray(body)) {
      throw new UpstreamError({
        origin: ORIGIN,
        code: "bad_body",
        url,
        detail: `expected a JSON array, got ${jsonType(body)}`,
      });
    }
    if (asked && body.length > limit) {
      logger.warn(
        { source: ORIGIN, url, asked: limit, got: body.length },
        `[${ORIGIN}] answered more items than asked for; kept the first ${limit}`,
      );
    }
    return body.length > limit ? body.slice(0, limit) : body;
  };

  return {
    async daily(period, limit = 50, dailyOptions = {}) {
      const [name, value] = periodParam(period);
      const wanted = clampLimit(limit, HF_DAILY_MAX_LIMIT);
      const url = apiUrl(baseUrl, "api/daily_papers", {
        [name]: value,
        limit: String(wanted),
        sort: dailyOptions.sort,
      });
      const items = firstItems(await http.getJson(url), url, wanted, true);
      const context = { fetchedAt: now().toISOString(), queryDate: name === "date" ? value : undefined };
      return collectPapers(items, (item) => huggingFaceItemToPaper(item, context), logger, ORIGIN);
    },

    async paper(input) {
      const id = canonicalId(input);
      if (!id) return undefined;
      const url = apiUrl(baseUrl, `api/papers/${id}`);
      let body: unknown;
      try {
        body = await http.getJson(url);
      } catch (error) {
        if (error instanceof UpstreamError && error.status === 404) return undefined;
        throw error;
      }
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new UpstreamError({
          origin: ORIGIN,
          code: "bad_body",
          url,
          detail: `expected a paper object, got ${jsonType(body)}`,
        });
      }
      const outcome = huggingFaceItemToPaper(body, { fetchedAt: now().toISOString() });
      if (outcome.ok) return outcome.paper;
      throw new UpstreamError({
        origin: ORIGIN,
        code: "bad_body",
        url,
        detail: `invalid paper: ${outcome.reason}`,
      });
    },

    async search(query, limit = 20) {
      const q = query.trim();
      if (!q) return { papers: [], rejected: [] };
      const url = apiUrl(baseUrl, "api/papers/search", { q });
      const items = firstItems(await http.getJson(url), url, clampLimit(limit, HF_SEARCH_MAX_LIMIT));
      const context = { fetchedAt: now().toISOString() };
      return collectPapers(items, (item) => huggingFaceItemToPaper(item, context), logger, ORIGIN);
    },
  };
}
