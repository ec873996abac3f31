import { type ChildProcess, spawn } from "node:child_process";
import { BIN } from "./cli.ts";

/** A `paperboy run` child process, with what it logged. */
export interface BotProcess {
  child: ChildProcess;
  /** Everything written to stderr so far (JSON log lines). */
  stderr: () => string;
  /** Resolves with the exit code (or null when killed by a signal). */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `paperboy run` with `env` on top of the test's environment (JSON logs, no colour). */
export function startBot(env: NodeJS.ProcessEnv): BotProcess {
  const child = spawn(process.execPath, [BIN, "run"], {
    env: { ...process.env, LOG_LEVEL: "info", NO_COLOR: "1", PORT: "0", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    child,
    stderr: () => stderr,
    exited,
    async kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
