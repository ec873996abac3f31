export { type Judgments, ndcgAt, precisionAt } from "./eval-metrics.ts";
export { type ParsedQuery, parseQuery, QUERY_LIMITS } from "./query.ts";
export { type IndexablePaper, type SearchHit, SearchIndex, type SearchOptions } from "./search-index.ts";
export { boostFunction, SEARCH_WEIGHTS, type SearchWeights } from "./search-weights.ts";
export { forEachWord, isStopWord, normalizeText, stem, tokenize } from "./tokenize.ts";
