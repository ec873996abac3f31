import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { unknownCommandLine } from "../src/chat/dispatch.ts";

/** `/papers help [command]`: what every command does, or one command's usage. */
export const help = defineCommand({
  name: "help",
  summary: "List the commands, or show how to use one.",
  usage: "/papers help [command]",
  admin: false,
  private: true,
  options: [{ name: "command", description: "A command to explain", required: false }],
  args: z.object({ command: z.string().optional() }),
  fromText: (text) => ({ command: text.trim().split(/\s+/)[0] || undefined }),
  run: async (context, args) => {
    const { commands } = context;
    const chosen = args.command
      ? commands.filter((command) => command.name === args.command?.toLowerCase())
      : commands;
    const list = chosen.length > 0 ? chosen : commands;
    // A name that is no command gets the whole list, saying so (and the likely one meant).
    const unknown = args.command !== undefined && chosen.length === 0;
    return {
      kind: "help",
      private: true,
      ...(unknown
        ? { note: `No command ${unknownCommandLine(args.command ?? "", commands)} Here are all of them.` }
        : {}),
      entries: list.map((command) => ({
        name: command.name,
        usage: command.usage,
        summary: command.summary,
        admin: command.admin,
        options: command.options,
      })),
    };
  },
});
