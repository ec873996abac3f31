import { PacedOutError } from "../http/request-pacer.ts";
import { UpstreamError } from "../http/upstream-error.ts";
import type { Logger } from "../log.ts";

/** The upstream services papers come from. */
export type SourceName = "huggingface" | "arxiv";

/** Each source's name as users read it in notes. */
export const SOURCE_LABELS: Readonly<Record<SourceName, string>> = {
  huggingface: "Hugging Face",
  arxiv: "arXiv",
};

/**
 * One kind of upstream call of one source, e.g. Hugging Face's daily listing or arXiv's search. Back-off
 * is kept per call kind: a failing arXiv search says nothing about Hugging Face's daily listing, nor
 * even about arXiv's id lookups.
 */
export interface UpstreamCall {
  source: SourceName;
  kind: string;
}

/** Why an attempt gave no answer. */
export type AttemptFailure = "failed" | "backing-off" | "slow" | "paced";

/** The outcome of {@link UpstreamGuard.attempt}: the value, or why not and a one-line note naming the source. */
export type Attempted<T> =
  | { ok: true; value: T }
  | { ok: false; source: SourceName; failure: AttemptFailure; note: string };

const TIMED_OUT = Symbol("timed out");

/**
 * Runs upstream calls within a time budget and keeps a short back-off per source and call kind: after a
 * call of one kind fails, calls of that kind are skipped (answered from the store at once) for
 * `backoffMs`; every other kind and source goes on as usual. A call that overruns its budget goes on in
 * the background (what it brings is still stored) and counts as a failure only if it then fails.
 */
export class UpstreamGuard {
  /** Per source and call kind: when the last call failed, and the note that says how. */
  private readonly failedAt = new Map<string, { at: number; note: string }>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => Date,
    private readonly backoffMs: number,
  ) {}

  /**
   * Runs `run` for `call`, waiting at most `budgetMs`. `quietWhenSlow` logs an overrun at debug only:
   * for callers that already have a good answer and merely offered upstream a moment to add to it.
   */
  async attempt<T>(
    call: UpstreamCall,
    what: string,
    budgetMs: number,
    run: () => Promise<T>,
    options: { quietWhenSlow?: boolean } = {},
  ): Promise<Attempted<T>> {
    const key = `${call.source}:${call.kind}`;
    const label = SOURCE_LABELS[call.source];
    const fail = (failure: AttemptFailure, note: string): Extract<Attempted<T>, { ok: false }> => ({
      ok: false,
      source: call.source,
      failure,
      note,
    });
    const failed = this.failedAt.get(key);
    if (failed && this.now().getTime() - failed.at < this.backoffMs) return fail("backing-off", failed.note);
    const running = run();
    running.then(
      () => this.failedAt.delete(key),
      (error: unknown) => {
        if (!(error instanceof PacedOutError)) {
          this.failedAt.set(key, { at: this.now().getTime(), note: failureNote(label, error) });
        }
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), budgetMs);
    });
    try {
      const result = await Promise.race([running, timeout]);
      if (result === TIMED_OUT) {
        const level = options.quietWhenSlow ? "debug" : "warn";
        this.logger[level](
          { source: call.source, what, budgetMs },
          `[${call.source}] slow; answering without it`,
        );
        return fail("slow", `${label} is not answering right now.`);
      }
      return { ok: true, value: result };
    } catch (error) {
      if (error instanceof PacedOutError) {
        this.logger.debug({ source: call.source, what }, `[${call.source}] skipped to keep its request pace`);
        return fail("paced", failureNote(label, error));
      }
      this.logger.warn(
        { source: call.source, what, err: error },
        `[${call.source}] failed; answering without it`,
      );
      return fail("failed", failureNote(label, error));
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * What went wrong with a source, in a user's words: unreachable (no connection), not answering (timed
 * out), failing (an error status), limiting requests (a 429, or its `Retry-After` still held), taking turns
 * (its own pace), or an answer that could not be used. A source that answered is never called unreachable.
 */
export function failureNote(label: string, error: unknown): string {
  if (error instanceof PacedOutError) {
    return error.because === "retry-after"
      ? `${label} is limiting requests right now.`
      : `${label} takes one request every few seconds; ask again in a moment.`;
  }
  if (!(error instanceof UpstreamError)) return `${label} is unreachable right now.`;
  switch (error.code) {
    case "timeout":
      return `${label} is not answering right now.`;
    case "status":
      return `${label} is failing right now${error.status ? ` (HTTP ${error.status})` : ""}.`;
    case "rate_limited":
      return `${label} is limiting requests right now.`;
    case "bad_body":
      return `${label} sent an answer paperboy could not read.`;
    case "too_large":
      return `${label} sent an answer too large to use.`;
    default:
      return `${label} is unreachable right now.`;
  }
}
