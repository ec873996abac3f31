import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  DiscordAPIError,
  InteractionContextType,
  PermissionFlagsBits,
  REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
} from "discord.js";
import type { Command, CommandOption } from "../../src/chat/command.ts";
import { MAX_ARGUMENT_LENGTH } from "../../src/chat/dispatch.ts";
import { ConfigError } from "../../src/errors.ts";
import { truncate } from "../../src/truncate.ts";

/** The one top-level command; every paperboy command is a subcommand of it. */
export const COMMAND_NAME = "papers";
const COMMAND_DESCRIPTION = "Trending research papers: today's digest, topic search, team votes.";

/** Discord's rules for application commands, as named limits. */
export const COMMAND_RULES = {
  name: /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u,
  maxDescription: 100,
  maxOptions: 25,
  maxChoices: 25,
  maxChoiceName: 100,
  maxChoiceValue: 100,
  maxStringLength: 6000,
  /** Name, description, option names, descriptions and choices summed over one command. */
  maxTotalCharacters: 4000,
  maxCommands: 100,
} as const;

type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * The `/papers` command with one subcommand per paperboy command, generated from the same definitions
 * Slack and the console use: typed string options, choice lists (`top` period) and autocomplete
 * (`topic` query), and Discord's user picker where a command names a person (`admins`). Guild-only, since settings belong to a server's channel.
 *
 * Discord allows `default_member_permissions` only on a top-level command, never on a subcommand, so
 * `/papers` is open to everyone and the adapter checks Manage Channels for settings subcommands.
 */
export function buildCommands(commands: readonly Command[]): CommandJson[] {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: COMMAND_NAME,
      description: COMMAND_DESCRIPTION,
      contexts: [InteractionContextType.Guild],
      integration_types: [ApplicationIntegrationType.GuildInstall],
      options: commands.map((command) => ({
        type: ApplicationCommandOptionType.Subcommand,
        name: command.name,
        description: truncate(
          `${command.admin ? "(admins) " : ""}${command.summary}`,
          COMMAND_RULES.maxDescription,
        ),
        options: optionOrder(command.options).map(optionJson),
      })),
    },
  ];
}

/** One option as Discord registers it: a USER option (Discord's user picker), or a string with its limits. */
function optionJson(option: CommandOption) {
  const base = {
    name: option.name,
    description: truncate(option.description, COMMAND_RULES.maxDescription),
    required: option.required,
  };
  if (option.type === "user") return { type: ApplicationCommandOptionType.User as const, ...base };
  return {
    type: ApplicationCommandOptionType.String as const,
    ...base,
    max_length: MAX_ARGUMENT_LENGTH,
    ...(option.choices
      ? { choices: option.choices.map((choice) => ({ name: choice, value: choice })) }
      : { autocomplete: Boolean(option.autocomplete) }),
  };
}

/** A command's options in the order Discord shows them: required ones first, as Discord demands. */
export function optionOrder(options: readonly CommandOption[]): CommandOption[] {
  return [...options].sort((a, b) => Number(b.required) - Number(a.required));
}

/** Every way `commands` breaks Discord's rules; empty when Discord would accept the payload. */
export function commandProblems(commands: readonly CommandJson[]): string[] {
  const problems: string[] = [];
  if (commands.length > COMMAND_RULES.maxCommands) problems.push(`${commands.length} commands`);
  for (const command of commands) {
    let total = 0;
    const visit = (path: string, item: OptionLike, siblings: string[]) => {
      const where = `${path}${item.name}`;
      if (!COMMAND_RULES.name.test(item.name))
        problems.push(`${where}: name must be lowercase, 1-32 characters`);
      if (siblings.includes(item.name)) problems.push(`${where}: duplicate name`);
      siblings.push(item.name);
      if (!item.description || item.description.length > COMMAND_RULES.maxDescription)
        problems.push(`${where}: description must be 1-${COMMAND_RULES.maxDescription} characters`);
      total += item.name.length + (item.description?.length ?? 0);
      const options = item.options ?? [];
      if (options.length > COMMAND_RULES.maxOptions) problems.push(`${where}: more than 25 options`);
      const firstOptional = options.findIndex((option) => !option.required);
      if (firstOptional >= 0 && options.slice(firstOptional).some((option) => option.required))
        problems.push(`${where}: required options must come before optional ones`);
      const choices = item.choices ?? [];
      if (choices.length > COMMAND_RULES.maxChoices) problems.push(`${where}: more than 25 choices`);
      if (choices.length > 0 && item.autocomplete)
        problems.push(`${where}: choices and autocomplete together`);
      for (const choice of choices) {
        total += choice.name.length + String(choice.value).length;
        if (choice.name.length < 1 || choice.name.length > COMMAND_RULES.maxChoiceName)
          problems.push(`${where}: choice name "${choice.name}" too long`);
        if (String(choice.value).length > COMMAND_RULES.maxChoiceValue)
          problems.push(`${where}: choice value too long`);
      }
      if (
        item.max_length !== undefined &&
        (item.max_length < 1 || item.max_length > COMMAND_RULES.maxStringLength)
      )
        problems.push(`${where}: max_length out of range`);
      const names: string[] = [];
      for (const option of options) visit(`${where} › `, option, names);
    };
    visit("/", command as OptionLike, []);
    if (total > COMMAND_RULES.maxTotalCharacters)
      problems.push(
        `/${command.name}: ${total} characters in all, more than ${COMMAND_RULES.maxTotalCharacters}`,
      );
  }
  return problems;
}

/** What the rules look at in a command or one of its options. */
interface OptionLike {
  name: string;
  description?: string;
  required?: boolean;
  autocomplete?: boolean;
  max_length?: number;
  choices?: readonly { name: string; value: string | number }[];
  options?: readonly OptionLike[];
}

/**
 * What the bot needs in a channel: View Channel, Send Messages, Embed Links, Add Reactions, Read Message
 * History (reactions on older posts), and Create Public Threads and Send Messages in Threads (a threaded
 * digest's papers go into a thread started from its header).
 */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads;

/** The link a server admin opens to add the bot with the permissions and the commands scope it needs. */
export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: "bot applications.commands",
    permissions: BOT_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${query}`;
}

/** Where commands were registered. */
export interface Registration {
  applicationId: string;
  scope: "global" | "guild";
  guildId?: string;
  names: string[];
}

/**
 * Bulk-overwrites paperboy's commands: in one server when `guildId` is set (they show at once), else
 * globally (Discord may take up to an hour to show them everywhere). The application id is looked up
 * from the token when not given. Discord's refusals become `ConfigError`s naming the variable to fix.
 */
export async function registerCommands(options: {
  token: string;
  apiUrl: string;
  applicationId?: string;
  guildId?: string;
  commands: readonly Command[];
}): Promise<Registration> {
  const body = buildCommands(options.commands);
  const problems = commandProblems(body);
  if (problems.length > 0) throw new Error(`[paperboy] [discord] invalid commands: ${problems.join("; ")}`);
  const rest = new REST({ api: options.apiUrl }).setToken(options.token);
  try {
    const applicationId =
      options.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
    const route = options.guildId
      ? Routes.applicationGuildCommands(applicationId, options.guildId)
      : Routes.applicationCommands(applicationId);
    const saved = (await rest.put(route, { body })) as { name: string }[];
    return {
      applicationId,
      scope: options.guildId ? "guild" : "global",
      guildId: options.guildId,
      names: saved.map((command) => command.name),
    };
  } catch (error) {
    throw registrationError(error, options) ?? error;
  }
}

/** Discord's answer to a registration, as a configuration error naming the variable to fix. */
function registrationError(error: unknown, options: { guildId?: string }): ConfigError | undefined {
  if (!(error instanceof DiscordAPIError)) return undefined;
  if (error.status === 401) {
    return new ConfigError(
      "DISCORD_TOKEN: Discord rejected the token; copy it again from the app's Bot page",
    );
  }
  if (options.guildId && (error.status === 403 || error.status === 404)) {
    return new ConfigError(
      `DISCORD_GUILD_ID: cannot register commands in server ${options.guildId} (${error.message}); invite the bot there with the applications.commands scope, or unset the variable to register globally`,
    );
  }
  if (error.status === 403 || error.status === 404) {
    return new ConfigError(
      `DISCORD_APPLICATION_ID: Discord refused the registration (${error.message}); it must be the id of the application the token belongs to`,
    );
  }
  return undefined;
}
