import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { PlatformAdapter } from "../../src/chat/platform.ts";
import { ChatRuntime, type RuntimeCore } from "../../src/chat/runtime.ts";
import { parseConsoleLine } from "./parse.ts";
import { renderConsole } from "./render.ts";

/** Options for the console adapter. */
export interface ConsoleAdapterOptions {
  /** The core: commands, store, reactions. */
  app: RuntimeCore;
  input: Readable;
  output: Writable;
  userId: string;
  /** Called when the input ends or the user types `exit`. */
  onClose?: () => void;
  /** Show a prompt (only on an interactive terminal). */
  interactive: boolean;
}

/** The console's runtime, plus a promise that settles when the person leaves. */
export type ConsoleAdapter = ChatRuntime<string> & { done: Promise<void> };

const PROMPT = "paperboy> ";

/**
 * An interactive prompt that takes the same `/papers …` lines as Slack and Discord, so anyone can try
 * every command without creating an app. Reads one command per line whether or not stdin is a terminal
 * (so it can be scripted) and answers on stdout, one command at a time, in order.
 */
export function createConsoleAdapter(options: ConsoleAdapterOptions): ConsoleAdapter {
  let counter = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const write = (text: string) => options.output.write(`${text}\n`);
  let reader: ReturnType<typeof createInterface> | undefined;

  async function readLines(): Promise<void> {
    for await (const line of reader ?? []) {
      const trimmed = line.trim();
      if (trimmed === "exit" || trimmed === "quit") break;
      if (trimmed) {
        await runtime.answer({
          invocation: parseConsoleLine(trimmed, options.userId),
          respond: { answer: async (messages) => void messages.forEach(write) },
        });
      }
      if (options.interactive) options.output.write(PROMPT);
    }
    reader?.close();
    finish();
    options.onClose?.();
  }

  const terminal: PlatformAdapter<string> = {
    platform: "console",
    channelErrors: { reasonOf: () => undefined, reasons: new Map() },
    async start() {
      reader = createInterface({ input: options.input, terminal: false });
      if (options.interactive) {
        write('paperboy console — type "/papers help" for commands, "exit" to quit.');
        options.output.write(PROMPT);
      }
      void readLines();
    },
    async stop() {
      reader?.close();
    },
    render: (reply) => [renderConsole(reply)],
    threads: true,
    async send(_channel, message, { replyTo }) {
      counter += 1;
      // A reply (a threaded digest's paper, a follow-up) is indented under the message it answers.
      write(replyTo ? `↳ (in reply to ${replyTo}) ${message}`.replaceAll("\n", "\n  ") : message);
      return `console-${Date.now().toString(36)}-${counter}`;
    },
  };
  const runtime = new ChatRuntime(options.app, terminal);
  return Object.assign(runtime, { done });
}
