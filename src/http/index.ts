export { type BackoffOptions, backoffDelay } from "./backoff.ts";
export {
  createHttpClient,
  DEFAULT_MAX_BODY_BYTES,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequestInit,
  type TextResponse,
} from "./http-client.ts";
export { createRequestPacer, PacedOutError, type RequestPacer, type Sleep } from "./request-pacer.ts";
export { parseRetryAfter } from "./retry-after.ts";
export { UpstreamError, type UpstreamErrorCode, type UpstreamErrorInit } from "./upstream-error.ts";
export { DEFAULT_USER_AGENT } from "./user-agent.ts";
