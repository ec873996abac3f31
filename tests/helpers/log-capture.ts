import { Writable } from "node:stream";
import pino from "pino";
import type { Logger } from "../../src/log.ts";

/** A real pino logger whose JSON lines are kept in memory, for tests that check what was logged. */
export function captureLogs(level = "info"): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      raw.push(String(chunk));
      done();
    },
  });
  return {
    logger: pino({ level }, sink),
    lines: () =>
      raw
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
