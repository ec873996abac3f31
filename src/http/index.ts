export { type BackoffOptions, backoffDelay } from "./backoff.ts";
export { createHostPacer, type HostPacer, type Sleep } from "./host-pacer.ts";
export {
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequestInit,
  type TextResponse,
} from "./http-client.ts";
export { parseRetryAfter } from "./retry-after.ts";
export { UpstreamError, type UpstreamErrorCode, type UpstreamErrorInit } from "./upstream-error.ts";
export { DEFAULT_USER_AGENT } from "./user-agent.ts";
