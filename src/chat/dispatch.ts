import { ZodError } from "zod";
import { closestName } from "../closest-name.ts";
import { describeError, UsageError, UserFacingError } from "../errors.ts";
import { StoreError } from "../store/errors.ts";
import { truncate } from "../truncate.ts";
import { ChannelUnavailableError } from "./adapter.ts";
import type { Command, CommandContext } from "./command.ts";
import type { Reply } from "./reply.ts";
import { adminsOnly } from "./rights.ts";

/** The longest argument text a command accepts; anything longer is refused before parsing. */
export const MAX_ARGUMENT_LENGTH = 500;

/**
 * Runs one invocation through the command table: unknown commands, missing rights and bad arguments
 * get a short usage reply; a command that throws is logged and answered with an apology. Never throws.
 */
export async function dispatch(commands: readonly Command[], context: CommandContext): Promise<Reply> {
  const { invocation } = context;
  const name = invocation.command || "help";
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    return {
      kind: "usage",
      error: `Unknown command ${unknownCommandLine(name, commands)}`,
      usage: "/papers help lists every command.",
      private: true,
    };
  }
  if (command.admin && !invocation.isAdmin) {
    return adminsOnly(
      context,
      command.refusal ?? `change this channel's settings with \`/papers ${command.name}\``,
    );
  }
  try {
    const args = parseArgs(command, invocation.text, invocation.options);
    return await command.run(context, args);
  } catch (error) {
    if (error instanceof UsageError) {
      return { kind: "usage", error: error.message, usage: command.usage, private: true };
    }
    if (error instanceof ChannelUnavailableError) {
      return {
        kind: "message",
        tone: "warning",
        text: `I can't post in this channel (${error.reason}). Invite me to it first, then try again.`,
        private: true,
      };
    }
    if (error instanceof UserFacingError) {
      return { kind: "message", tone: "warning", text: error.message, private: true };
    }
    if (error instanceof StoreError && error.code !== "closed") {
      context.logger.warn({ err: error, command: command.name }, "command failed: the store is unavailable");
      return {
        kind: "message",
        tone: "warning",
        text: "I can't reach my database right now, so I couldn't answer that (and changed nothing). Please try again in a minute.",
        private: true,
      };
    }
    context.logger.error({ err: error, command: command.name }, `command failed: ${describeError(error)}`);
    return {
      kind: "message",
      tone: "warning",
      text: "Sorry, something went wrong on my side while answering that. It has been logged; please try again in a moment.",
      private: true,
    };
  }
}

/** Validates a command's arguments from typed options or free text; throws `UsageError` with the first problem. */
export function parseArgs<Args>(
  command: Command<Args>,
  text: string,
  options?: Record<string, string | undefined>,
): Args {
  if (text.length > MAX_ARGUMENT_LENGTH) {
    throw new UsageError(`That is too long (${text.length} characters; at most ${MAX_ARGUMENT_LENGTH}).`);
  }
  const input = options && Object.keys(options).length > 0 ? clean(options) : command.fromText(text);
  try {
    return command.args.parse(input);
  } catch (error) {
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      throw new UsageError(issue?.message ?? "Those arguments don't fit.");
    }
    throw error;
  }
}

const clean = (options: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(options).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "",
    ),
  );

/**
 * `“scedule”. Did you mean \`schedule\`?`: a name that is no command, quoted (cut to 40 characters), and the
 * command it most likely meant when one is close. The unknown-command answer and `help` both say it.
 */
export function unknownCommandLine(name: string, commands: readonly Pick<Command, "name">[]): string {
  const suggestion = closestName(
    name.toLowerCase(),
    commands.map((command) => command.name),
  );
  return `“${truncate(name, 40)}”.${suggestion ? ` Did you mean \`${suggestion}\`?` : ""}`;
}
