import { readFileSync } from "node:fs";
import { inviteUrl, registerCommands } from "../adapters/discord/register.ts";
import { commands } from "../commands/index.ts";
import { type Config, discordConfigured } from "../src/config.ts";
import { ConfigError } from "../src/errors.ts";

/**
 * `paperboy register`: prints the Slack app manifest on stdout and, when `DISCORD_TOKEN` is set,
 * bulk-overwrites the Discord `/papers` command (in `DISCORD_GUILD_ID` only, when set) and prints the
 * invite link. What happened is said on stderr, so stdout stays the manifest alone.
 */
export async function register(
  config: Config,
  out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
) {
  out.stdout.write(readFileSync(new URL("../slack-manifest.yml", import.meta.url), "utf8"));
  out.stderr.write(
    "paperboy: Slack: paste the manifest above into https://api.slack.com/apps → Create New App → From an app manifest\n",
  );
  const { token, apiUrl, applicationId, guildId } = config.discord;
  if (!discordConfigured(config) || !token) {
    out.stderr.write(
      "paperboy: Discord: set DISCORD_TOKEN (and DISCORD_GUILD_ID to try it in one server first) to register /papers\n",
    );
    return;
  }
  let registration: Awaited<ReturnType<typeof registerCommands>>;
  try {
    registration = await registerCommands({ token, apiUrl, applicationId, guildId, commands });
  } catch (error) {
    // A rejected token is a configuration error, said as such (and exit code 2).
    if (error instanceof ConfigError) throw error;
    // Say what was being tried: a bare "getaddrinfo ENOTFOUND discord.com" names neither Discord nor the step.
    throw new Error(
      `Discord: could not register /papers at ${apiUrl}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const where =
    registration.scope === "guild"
      ? `in server ${registration.guildId} (shows at once)`
      : "globally (Discord may take up to an hour to show it everywhere)";
  const subcommands = commands.length;
  out.stderr.write(
    `paperboy: Discord: registered /${registration.names.join(", /")} with ${subcommands} subcommands ${where}\n` +
      `paperboy: Discord: invite the bot with ${inviteUrl(registration.applicationId)}\n`,
  );
}
