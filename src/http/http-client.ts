import { setTimeout as delay } from "node:timers/promises";
import { type Logger, pino } from "pino";
import { VARIABLES } from "../config/variables.ts";
import { backoffDelay } from "./backoff.ts";
import { createRequestPacer, type Sleep } from "./request-pacer.ts";
import { parseRetryAfter } from "./retry-after.ts";
import { UpstreamError, type UpstreamErrorCode } from "./upstream-error.ts";
import { DEFAULT_USER_AGENT } from "./user-agent.ts";

/** Settings for {@link createHttpClient}; every one has a default suited to the public APIs paperboy calls. */
export interface HttpClientOptions {
  /** Sent on every request. Default `paperboy/<version> (+https://github.com/paperboy-bot/paperboy)`. */
  userAgent?: string;
  /** Time allowed for one attempt, response body included. Default `PAPERBOY_HTTP_TIMEOUT_MS`'s (10 000). */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** First backoff ceiling; doubles on each retry. Default 500. */
  baseDelayMs?: number;
  /** Largest backoff ceiling. Default 8 000. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this fails at once instead of blocking. Default 60 000. */
  maxRetryAfterMs?: number;
  /**
   * Largest response body accepted, in bytes (after decompression). A longer one fails with code
   * `too_large`, refused on its `Content-Length` before reading or as soon as the stream passes the
   * limit, and is not retried. Default {@link DEFAULT_MAX_BODY_BYTES}.
   */
  maxBodyBytes?: number;
  /**
   * Minimum milliseconds between the starts of this client's requests (arXiv: 3000), whatever their
   * host. Give each paced source its own client. Default 0: not paced.
   */
  minIntervalMs?: number;
  logger?: Logger;
  /** Injectable wait, for tests. Default: real timers. */
  sleep?: Sleep;
  /** Injectable jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Injectable clock in epoch milliseconds (pacing, HTTP-date `Retry-After`). Default `Date.now`. */
  now?: () => number;
}

/** Per-call options. */
export interface HttpRequestInit {
  /** Cancels the call (including waits); the abort reason is rethrown as is. */
  signal?: AbortSignal;
  /** `Accept` header; defaults to `application/json` for `getJson` and `*\/*` for `getText`. */
  accept?: string;
  /**
   * Fail at once with `PacedOutError` instead of waiting longer than this for a pacing slot (a command
   * that must answer within seconds would rather skip a paced source than queue behind it).
   */
  maxPacingWaitMs?: number;
}

/** A successful text response. */
export interface TextResponse {
  body: string;
  contentType: string;
}

/** The shared HTTP client every upstream (Hugging Face, arXiv, …) goes through. */
export interface HttpClient {
  /** GETs `url` and parses JSON; HTML or unparsable bodies fail with `bad_body`. */
  getJson(url: string, init?: HttpRequestInit): Promise<unknown>;
  /** GETs `url` and returns the body as text with its content type. */
  getText(url: string, init?: HttpRequestInit): Promise<TextResponse>;
}

interface Failure {
  code: UpstreamErrorCode;
  /** What failed, e.g. `500` or `timed out (200 ms)`. */
  reason: string;
  /** Why it was not retried, when that is not obvious from the reason. */
  note?: string;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  body?: string;
  cause?: unknown;
}

type Attempt = { ok: true; response: TextResponse } | { ok: false; failure: Failure };

/** Default {@link HttpClientOptions.maxBodyBytes}: 8 MiB, far above any answer paperboy asks for. */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

const BODY_EXCERPT = 4096;
/** Bytes read of an error response: enough for its excerpt (a character takes at most 4 bytes). */
const ERROR_BODY_BYTES = BODY_EXCERPT * 4;
const defaultSleep: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : undefined);

const networkReason = (error: unknown): string => {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown }) : undefined;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
};

/** `8 MB`, `512 KB`, `100 bytes`: a limit as people read it (binary units). */
const sizeLabel = (bytes: number): string =>
  bytes >= 1 << 20
    ? `${+(bytes / (1 << 20)).toFixed(1)} MB`
    : bytes >= 1 << 10
      ? `${+(bytes / (1 << 10)).toFixed(1)} KB`
      : `${bytes} bytes`;

/**
 * Reads a body as UTF-8 text, at most `maxBytes` of it: past that the stream is cancelled (so the rest is
 * never downloaded nor held) and `over` is set, with `text` holding the first `maxBytes` bytes.
 */
async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<{ text: string; over: boolean }> {
  if (!body) return { text: "", over: false };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), over: false };
    if (bytes + value.byteLength > maxBytes) {
      text += decoder.decode(value.subarray(0, maxBytes - bytes));
      await reader.cancel().catch(() => undefined);
      return { text, over: true };
    }
    bytes += value.byteLength;
    text += decoder.decode(value, { stream: true });
  }
}

const plural = (n: number): string => `${n} attempt${n === 1 ? "" : "s"}`;

/**
 * Creates the one HTTP client used for every upstream, so timeouts, retries with jittered backoff,
 * `Retry-After`, pacing and error reporting behave the same everywhere.
 * 5xx, network errors and timeouts are retried; 429 waits for `Retry-After`; other 4xx fail at once.
 * Bodies are bounded: one past `maxBodyBytes` fails at once with `too_large`, and of an error response
 * only the excerpt kept in the error is read. Every failure is an {@link UpstreamError}.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const timeoutMs = options.timeoutMs ?? VARIABLES.PAPERBOY_HTTP_TIMEOUT_MS.default;
  const retries = options.retries ?? 3;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const logger = options.logger ?? pino({ level: "silent" });
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const backoff = {
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 8_000,
    random: options.random ?? Math.random,
  };
  const pacer = createRequestPacer(options.minIntervalMs ?? 0, sleep, now);

  const classifyStatus = (status: number, headers: Headers, body: string): Failure => {
    const failure = { reason: `${status}`, status, body: body.slice(0, BODY_EXCERPT) };
    if (status !== 429 && status !== 503) return { ...failure, code: "status", retryable: status >= 500 };
    const code = status === 429 ? "rate_limited" : "status";
    const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now());
    if (retryAfterMs === undefined || retryAfterMs <= maxRetryAfterMs) {
      return { ...failure, code, retryable: true, retryAfterMs };
    }
    const note = `Retry-After ${Math.ceil(retryAfterMs / 1000)} s exceeds the ${maxRetryAfterMs / 1000} s limit`;
    return { ...failure, code, retryable: false, retryAfterMs, note };
  };

  const attemptOnce = async (url: string, accept: string, signal?: AbortSignal): Promise<Attempt> => {
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
    try {
      const response = await fetch(url, {
        headers: { "user-agent": userAgent, accept },
        signal: combined,
      });
      if (!response.ok) {
        const { text } = await readCapped(response.body, ERROR_BODY_BYTES);
        return { ok: false, failure: classifyStatus(response.status, response.headers, text) };
      }
      const tooLarge = (reason: string): Attempt => ({
        ok: false,
        failure: { code: "too_large", reason, retryable: false },
      });
      const declared = Number(response.headers.get("content-length") ?? Number.NaN);
      if (declared > maxBodyBytes) {
        await response.body?.cancel().catch(() => undefined);
        return tooLarge(`Content-Length ${declared} exceeds the ${sizeLabel(maxBodyBytes)} limit`);
      }
      const { text, over } = await readCapped(response.body, maxBodyBytes);
      if (over) return tooLarge(`body exceeds the ${sizeLabel(maxBodyBytes)} limit`);
      return { ok: true, response: { body: text, contentType: response.headers.get("content-type") ?? "" } };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timer.signal.aborted) {
        const reason = `timed out (${timeoutMs} ms)`;
        return { ok: false, failure: { code: "timeout", reason, retryable: true, cause: error } };
      }
      const reason = `network error (${networkReason(error)})`;
      return { ok: false, failure: { code: "network", reason, retryable: true, cause: error } };
    } finally {
      clearTimeout(timeout);
    }
  };

  const request = async (
    url: string,
    accept: string,
    signal?: AbortSignal,
    maxPacingWaitMs?: number,
  ): Promise<TextResponse> => {
    for (let attempt = 1; ; attempt++) {
      await pacer.wait(signal, attempt === 1 ? maxPacingWaitMs : undefined);
      const outcome = await attemptOnce(url, accept, signal);
      if (outcome.ok) return outcome.response;
      const { failure } = outcome;
      // The source asked for a wait: every request of this client waits it out in the pacer, this one's
      // retry included (a wait longer than the client allows holds it for as long as the client allows).
      if (failure.retryAfterMs !== undefined) {
        pacer.holdUntil(now() + Math.min(failure.retryAfterMs, maxRetryAfterMs));
      }
      if (!failure.retryable || attempt > retries) {
        throw new UpstreamError({
          code: failure.code,
          url,
          detail: `${failure.reason} after ${plural(attempt)}${failure.note ? `: ${failure.note}` : ""}`,
          status: failure.status,
          retryAfterMs: failure.retryAfterMs,
          attempts: attempt,
          body: failure.body,
          cause: failure.cause,
        });
      }
      const delayMs = failure.retryAfterMs ?? backoffDelay(attempt, backoff);
      logger.warn(
        { url, attempt, delayMs, code: failure.code, status: failure.status },
        "[http] upstream request failed, retrying",
      );
      if (failure.retryAfterMs === undefined) await sleep(delayMs, signal);
    }
  };

  return {
    async getText(url, init = {}) {
      return request(url, init.accept ?? "*/*", init.signal, init.maxPacingWaitMs);
    },
    async getJson(url, init = {}) {
      const { body, contentType } = await request(
        url,
        init.accept ?? "application/json",
        init.signal,
        init.maxPacingWaitMs,
      );
      const mediaType = contentType.split(";")[0]?.trim() || "an unlabelled body";
      const badBody = (detail: string, cause?: unknown) =>
        new UpstreamError({ code: "bad_body", url, detail, cause });
      if (/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(body)) {
        throw badBody(`expected JSON, got ${/html/i.test(contentType) ? mediaType : "an HTML page"}`);
      }
      try {
        return JSON.parse(body);
      } catch (error) {
        if (/json/i.test(contentType) || !contentType) {
          throw badBody(`invalid JSON (${(error as Error).message})`, error);
        }
        throw badBody(`expected JSON, got ${mediaType}`, error);
      }
    },
  };
}
