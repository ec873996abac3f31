import { type ChildProcess, spawn } from "node:child_process";
import { BIN } from "./cli.ts";
import { waitFor } from "./slack-harness.ts";

/** A `paperboy run` child process, with what it printed. */
export interface BotProcess {
  child: ChildProcess;
  /** Everything written to stderr so far (log lines). */
  stderr: () => string;
  /** Everything written to stdout so far (command output only; logs never go there). */
  stdout: () => string;
  /** Waits for the "ready … on port N" log line and returns `http://127.0.0.1:N`. */
  baseUrl(timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or null when killed by a signal). */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `paperboy run` with `env` on top of the test's environment (info logs, no colour, any port). */
export function startBot(env: NodeJS.ProcessEnv): BotProcess {
  const child = spawn(process.execPath, [BIN, "run"], {
    env: { ...process.env, LOG_LEVEL: "info", NO_COLOR: "1", PORT: "0", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    async baseUrl(timeoutMs = 15_000) {
      await waitFor(() => /on port (\d+)/.test(stderr), timeoutMs);
      return `http://127.0.0.1:${/on port (\d+)/.exec(stderr)?.[1]}`;
    },
    exited,
    async kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
