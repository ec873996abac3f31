/**
 * What went wrong talking to an upstream service; callers branch on this, never on message text.
 * `too_large`: the response passed the client's `maxBodyBytes` (by its `Content-Length` or while being
 * read), so it was refused unread and not retried: the same request would bring the same answer.
 */
export type UpstreamErrorCode = "timeout" | "network" | "status" | "rate_limited" | "bad_body" | "too_large";

/** Everything needed to build an {@link UpstreamError}. */
export interface UpstreamErrorInit {
  code: UpstreamErrorCode;
  url: string;
  /** Short description of the failure, appended after `GET <url> →`. */
  detail: string;
  /** Which part of paperboy noticed the failure (`http`, `huggingface`, `arxiv`). */
  origin?: string;
  status?: number;
  retryAfterMs?: number;
  attempts?: number;
  /** The start of the response body, kept for status errors so a source can read an error document. */
  body?: string;
  cause?: unknown;
}

/**
 * The one error type every upstream failure becomes (HTTP client and sources alike), so a fetch that
 * fails can be isolated per source and reported with a code, the URL and the underlying cause.
 */
export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
  readonly code: UpstreamErrorCode;
  readonly url: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number | undefined;
  readonly body: string | undefined;

  constructor(init: UpstreamErrorInit) {
    super(`[paperboy] [${init.origin ?? "http"}] GET ${init.url} → ${init.detail}`, { cause: init.cause });
    this.code = init.code;
    this.url = init.url;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts;
    this.body = init.body;
  }
}
