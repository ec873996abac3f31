import { inspect } from "node:util";
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../src/log.ts";

/**
 * Bolt and the Web API client log through paperboy's pino logger (stderr, JSON or pretty), tagged
 * `component: "slack"`, instead of their own console logger. pino's level decides what is shown.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: "slack" });
  const write =
    (level: "debug" | "info" | "warn" | "error") =>
    (...messages: unknown[]) => {
      const error = messages.find((message): message is Error => message instanceof Error);
      const text = messages
        .map((message) => (typeof message === "string" ? message : inspect(message, { depth: 3 })))
        .join(" ");
      if (error) child[level]({ err: error }, text);
      else child[level](text);
    };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    setLevel: () => undefined,
    getLevel: () => {
      const level = child.level;
      if (level === "debug" || level === "trace") return LogLevel.DEBUG;
      if (level === "info") return LogLevel.INFO;
      if (level === "warn") return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: (name) => {
      child = logger.child({ component: "slack", name });
    },
  };
}
