import type { Logger } from "../log.ts";

/** How long a stop after an uncaught exception may take before the process exits anyway. */
export const FAULT_STOP_DEADLINE_MS = 10_000;

/** Options for {@link installProcessFaultHandlers}. */
export interface ProcessFaultOptions {
  logger: Logger;
  /** The bot's graceful stop (scheduler, adapters, server, store). */
  stop: (reason: string) => Promise<void>;
  /** Ends the process; `process.exit` unless a test watches. */
  exit?: (code: number) => void;
  /** Where the events come from; `process` unless a test emits them. */
  target?: NodeJS.EventEmitter;
  stopDeadlineMs?: number;
}

/**
 * Process-level handlers for `paperboy run`. A promise rejected with nobody listening (a library's
 * detached async work) is logged with its origin and the bot keeps serving: one bad request must not
 * take every workspace down. An uncaught exception leaves the process in an unknown state, so it is
 * logged, the bot is stopped gracefully (within a deadline) and the process exits 1 for its
 * supervisor to restart. Returns a function that removes the handlers.
 */
export function installProcessFaultHandlers(options: ProcessFaultOptions): () => void {
  const { logger } = options;
  const target = options.target ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const deadline = options.stopDeadlineMs ?? FAULT_STOP_DEADLINE_MS;
  const onRejection = (reason: unknown) => {
    logger.error({ err: reason, origin: "unhandledRejection" }, "unhandled promise rejection; still serving");
  };
  let exiting = false;
  const onException = (error: unknown, origin?: string) => {
    // Logged once: when stderr itself is the broken pipe, every log line fails again with EPIPE, and
    // logging each of those failures spun the process at full CPU, deaf to signals, instead of stopping.
    if (exiting) return;
    exiting = true;
    if (isBrokenPipe(error)) {
      logger.error({ err: error }, "standard output or error was closed (EPIPE); stopping");
    } else {
      logger.fatal({ err: error, origin: origin ?? "uncaughtException" }, "uncaught exception; stopping");
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadline);
      timer.unref();
    });
    void Promise.race([options.stop("uncaughtException").catch(() => undefined), late]).then(() => {
      clearTimeout(timer);
      exit(1);
    });
  };
  target.on("unhandledRejection", onRejection);
  target.on("uncaughtException", onException);
  return () => {
    target.off("unhandledRejection", onRejection);
    target.off("uncaughtException", onException);
  };
}

/** A write to a pipe whose reader went away (`paperboy run | head`, a log collector that died). */
function isBrokenPipe(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === "EPIPE";
}
