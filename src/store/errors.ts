/** What went wrong in the store, for code that reacts to it (`/healthz`, start-up) rather than to text. */
export type StoreErrorCode =
  | "invalid-url"
  | "unwritable"
  | "not-a-database"
  | "cannot-open"
  | "unreachable"
  | "unavailable"
  | "full"
  | "closed";

/** The drivers and the URL parser that raise store errors; each names its origin in the message. */
export type StoreErrorOrigin = "memory" | "sqlite" | "redis" | "url";

/**
 * A store failure an operator can act on: the message starts with `[paperboy] [store] [<origin>]`, names
 * the file or URL (never a password) and says what to do; `code` is for programs and `cause` keeps the
 * driver's own error for the logs.
 */
export class StoreError extends Error {
  override readonly name = "StoreError";
  readonly code: StoreErrorCode;

  constructor(
    origin: StoreErrorOrigin,
    code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[paperboy] [store] [${origin}] ${message}`, options);
    this.code = code;
  }
}
