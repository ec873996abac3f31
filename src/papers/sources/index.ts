export {
  ARXIV_INTERVAL_MS,
  type ArxivSource,
  type ArxivSourceOptions,
  createArxivSource,
} from "./arxiv.ts";
export { type ArxivResult, arxivErrorMessage, parseArxivFeed } from "./arxiv-feed.ts";
export type { ArxivQuery } from "./arxiv-query.ts";
export { FIELD_LIMITS } from "./field-limits.ts";
export {
  createHuggingFaceSource,
  type DailyOptions,
  type DailyPeriod,
  type HuggingFaceSource,
  type HuggingFaceSourceOptions,
} from "./huggingface.ts";
export { huggingFaceItemToPaper } from "./huggingface-item.ts";
export type { ItemOutcome, RejectedItem, SourceResult } from "./source-result.ts";
