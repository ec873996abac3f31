import { type Logger, pino } from "pino";

export type { Logger } from "pino";

/**
 * The process logger. Logs always go to stderr so stdout stays clean for command output and JSON;
 * on a terminal they are pretty-printed, elsewhere they are JSON lines for log collectors.
 */
export function createLogger(level: string, options: { pretty?: boolean } = {}): Logger {
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  if (pretty) {
    return pino({
      level,
      transport: {
        target: "pino-pretty",
        options: { destination: 2, colorize: true, ignore: "pid,hostname", translateTime: "HH:MM:ss" },
      },
    });
  }
  return pino({ level, base: { name: "paperboy" } }, pino.destination(2));
}

/** A logger that discards everything, for tests and library use. */
export const silentLogger: Logger = pino({ level: "silent" });
