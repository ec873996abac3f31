import type { CommandOption } from "../../src/chat/command.ts";
import { COMMAND_NAME, optionOrder } from "./register.ts";

/**
 * How a command is typed in Discord, built from the options `/papers` is registered with: the main
 * form (`/papers schedule time:09:00 [timezone:Europe/Berlin] [days:daily|weekdays|weekends]`), then
 * one form per alternative value (`/papers schedule time:off`).
 */
export function discordUsages(name: string, options: readonly CommandOption[]): string[] {
  const command = `/${COMMAND_NAME} ${name}`;
  const ordered = optionOrder(options);
  const main = [command, ...ordered.map((option) => typed(option, shownValue(option)))].join(" ");
  const alternatives = ordered.flatMap((option) =>
    (option.alternatives ?? []).map((value) => `${command} ${option.name}:${value}`),
  );
  return [main, ...alternatives];
}

function shownValue(option: CommandOption): string {
  if (option.choices) return option.choices.join("|");
  return option.placeholder ?? `<${option.name}>`;
}

function typed(option: CommandOption, value: string): string {
  const pair = `${option.name}:${value}`;
  return option.required ? pair : `[${pair}]`;
}
