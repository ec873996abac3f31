import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { ChatAdapter, PostedMessage } from "../../src/chat/adapter.ts";
import type { Invocation } from "../../src/chat/invocation.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { parseConsoleLine } from "./parse.ts";
import { renderConsole } from "./render.ts";

/** Options for the console adapter. */
export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  userId: string;
  /** Answers one invocation (the app's dispatcher). */
  handle: (invocation: Invocation) => Promise<Reply>;
  /** Called when the input ends or the user types `exit`. */
  onClose?: () => void;
  /** Show a prompt (only on an interactive terminal). */
  interactive: boolean;
}

const PROMPT = "paperboy> ";

/**
 * An interactive prompt that takes the same `/papers …` lines as Slack and Discord, so anyone can try
 * every command without creating an app. Reads one command per line whether or not stdin is a terminal
 * (so it can be scripted) and answers on stdout, one command at a time, in order.
 */
export function createConsoleAdapter(options: ConsoleAdapterOptions): ChatAdapter & { done: Promise<void> } {
  let counter = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const write = (text: string) => options.output.write(`${text}\n`);
  let reader: ReturnType<typeof createInterface> | undefined;

  return {
    platform: "console",
    done,
    async start() {
      reader = createInterface({ input: options.input, terminal: false });
      if (options.interactive) {
        write('paperboy console — type "/papers help" for commands, "exit" to quit.');
        options.output.write(PROMPT);
      }
      (async () => {
        for await (const line of reader!) {
          const trimmed = line.trim();
          if (trimmed === "exit" || trimmed === "quit") break;
          if (trimmed) write(renderConsole(await options.handle(parseConsoleLine(trimmed, options.userId))));
          if (options.interactive) options.output.write(PROMPT);
        }
        reader?.close();
        finish();
        options.onClose?.();
      })();
    },
    async stop() {
      reader?.close();
    },
    async post(_channel, reply): Promise<PostedMessage> {
      counter += 1;
      write(renderConsole(reply));
      return { messageId: `console-${Date.now().toString(36)}-${counter}` };
    },
    async replyInThread(_channel, parentMessageId, reply): Promise<PostedMessage> {
      counter += 1;
      write(`↳ (in reply to ${parentMessageId}) ${renderConsole(reply)}`);
      return { messageId: `console-${Date.now().toString(36)}-${counter}` };
    },
  };
}
