import { createRequire } from "node:module";
import { type DestinationStream, type Logger, pino } from "pino";
import type PinoPretty from "pino-pretty";
import { describeError } from "./errors.ts";
import { redactSecrets } from "./secrets.ts";

export type { Logger } from "pino";

/** Somewhere log lines can be written: a stream, a file, a progress bar's log. */
export interface LineSink {
  write(text: string): unknown;
}

/**
 * Where the process's log lines go: stderr, or for a while somewhere else (`divert`), so that a
 * progress bar drawing on the same terminal can print them above itself instead of being drawn over.
 */
export class LogOutput implements LineSink {
  #target: LineSink;

  constructor(target: LineSink) {
    this.#target = target;
  }

  write(text: string): void {
    this.#target.write(text);
  }

  /** Sends every line to `sink` until the returned function is called. */
  divert(sink: LineSink): () => void {
    const previous = this.#target;
    this.#target = sink;
    return () => {
      this.#target = previous;
    };
  }
}

/** Levels at which a terminal shows an error's stack, causes and properties, not just its line. */
const DETAILED_LEVELS = new Set(["debug", "trace"]);

/**
 * The process logger. Logs always go to stderr (or `destination`) so stdout stays clean for command
 * output and JSON. On a terminal they are pretty-printed, one line per entry, an error as one line
 * (its message and causes) unless the level is debug or trace; elsewhere they are JSON lines with
 * full errors, for log collectors.
 */
export function createLogger(
  level: string,
  options: { pretty?: boolean; destination?: LineSink } = {},
): Logger {
  // Every line passes through the secret filter last, whatever a library put into it.
  const hooks = { streamWrite: redactSecrets };
  const destination = options.destination ?? pino.destination(2);
  const pretty = options.pretty ?? (options.destination === undefined && Boolean(process.stderr.isTTY));
  if (!pretty) return pino({ level, base: { name: "paperboy" }, hooks }, destination as DestinationStream);
  const detailed = DETAILED_LEVELS.has(level);
  // Loaded only for a terminal: it costs start-up time that JSON logging never needs.
  const { prettyFactory } = createRequire(import.meta.url)("pino-pretty") as typeof PinoPretty;
  // Colours as pino-pretty decides: on when stdout is a terminal, off with NO_COLOR.
  const prettify = prettyFactory({
    ignore: detailed ? "pid,hostname" : "pid,hostname,err",
    translateTime: "HH:MM:ss",
    singleLine: !detailed,
    // Tersely, the error's line follows the message: `ingest failed for 2026-06-10: … → 503 after 4 attempts`.
    ...(detailed
      ? {}
      : { messageFormat: (log, key) => (log.err ? `${log[key]}: ${log.err}` : String(log[key] ?? "")) }),
  });
  return pino(
    { level, hooks, serializers: detailed ? {} : { err: errorLine } },
    { write: (line: string) => void destination.write(prettify(line)) },
  );
}

/**
 * An error as one line: its message, then the message of each cause it does not already include
 * (`fetch failed: connect ECONNREFUSED 127.0.0.1:1`), line breaks folded.
 */
export function errorLine(error: unknown): string {
  let line = describeError(error);
  let cause = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; cause !== undefined && depth < 5; depth += 1) {
    const text = describeError(cause);
    if (!line.includes(text)) line += `: ${text}`;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return line.replace(/\s*\n\s*/g, "; ");
}

/** A logger that discards everything, for tests and library use. */
export const silentLogger: Logger = pino({ level: "silent" });
