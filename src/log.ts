import type { Writable } from "node:stream";
import { type Logger, pino } from "pino";
import { redactSecrets } from "./secrets.ts";

export type { Logger } from "pino";

/**
 * The process logger. Logs always go to stderr so stdout stays clean for command output and JSON;
 * on a terminal they are pretty-printed, elsewhere they are JSON lines for log collectors.
 */
export function createLogger(
  level: string,
  options: { pretty?: boolean; destination?: Writable } = {},
): Logger {
  // Every line passes through the secret filter last, whatever a library put into it.
  const hooks = { streamWrite: redactSecrets };
  if (options.destination) return pino({ level, base: { name: "paperboy" }, hooks }, options.destination);
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  if (pretty) {
    return pino({
      level,
      hooks,
      transport: {
        target: "pino-pretty",
        options: { destination: 2, colorize: true, ignore: "pid,hostname", translateTime: "HH:MM:ss" },
      },
    });
  }
  return pino({ level, base: { name: "paperboy" }, hooks }, pino.destination(2));
}

/** A logger that discards everything, for tests and library use. */
export const silentLogger: Logger = pino({ level: "silent" });
