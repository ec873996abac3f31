import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { type AdapterFactory, createApp } from "./app.ts";
import type { Command as PapersCommand } from "./chat/command.ts";
import type { Reply } from "./chat/reply.ts";
import { digestJson, digestMarkdown, searchJson } from "./cli/output.ts";
import { closestName } from "./closest-name.ts";
import { type Config, loadConfig } from "./config.ts";
import { timezoneOf } from "./digest/digest-service.ts";
import { ConfigError, describeError } from "./errors.ts";
import { createLogger, type Logger, LogOutput } from "./log.ts";
import type { CatalogAnswer, CatalogHit } from "./papers/catalog.ts";
import { redactSecrets } from "./secrets.ts";
import type { ChannelRef, Platform } from "./store/refs.ts";
import { isIsoDate, localDate } from "./time.ts";

/**
 * What the composition root (`app/main.ts`) hands the CLI: the pieces `src/` never imports, the command
 * table and the platforms.
 */
export interface CliParts {
  commands: readonly PapersCommand[];
  /** The adapters `paperboy run` starts under this configuration (the console when no platform is set). */
  adapters(config: Config): Promise<AdapterFactory[]>;
  /** A reply as terminal text, exactly as the console shows it. */
  renderText(reply: Reply): string;
  /** Search hits as the reply `/papers topic` gives. */
  searchReply(query: string, answer: CatalogAnswer<CatalogHit[]>): Reply;
  /** `paperboy register`: the Slack manifest and the Discord command registration. */
  register(
    config: Config,
    out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  ): Promise<void>;
}

const VERSION = "0.1.0";

const isoDate = (value: string): string => {
  if (!isIsoDate(value)) throw new InvalidArgumentError("expected a date as YYYY-MM-DD");
  return value;
};
const PLATFORMS: readonly Platform[] = ["slack", "discord", "console"];
/** `slack:T0123:C0456` → the channel it names (workspace = Slack team id or Discord guild id). */
const channelRef = (value: string): ChannelRef => {
  const [platform, workspaceId, channelId, ...rest] = value.split(":");
  if (!PLATFORMS.includes(platform as Platform) || !workspaceId || !channelId || rest.length > 0) {
    throw new InvalidArgumentError(
      "expected platform:workspace:channel with platform slack, discord or console, e.g. slack:T0123:C0456",
    );
  }
  return { platform: platform as Platform, workspaceId, channelId };
};
const limit =
  (max: number) =>
  (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1 || number > max)
      throw new InvalidArgumentError(`expected 1-${max}`);
    return number;
  };

/**
 * The CLI's logger: pretty on a terminal, JSON lines otherwise, always on stderr; `output` lets a
 * progress bar take the lines over while it draws.
 */
function cliLogger(level: string): { logger: Logger; output: LogOutput } {
  const output = new LogOutput(process.stderr);
  return {
    logger: createLogger(level, { pretty: Boolean(process.stderr.isTTY), destination: output }),
    output,
  };
}

/** Loads config and logger once for a subcommand, opens the app, and always closes it. */
async function withApp<T>(
  parts: CliParts,
  work: (app: Awaited<ReturnType<typeof createApp>>, config: Config, logs: LogOutput) => Promise<T>,
  platforms?: CliParts["adapters"],
) {
  const config = loadConfig();
  const { logger, output } = cliLogger(config.logLevel);
  const adapters = platforms ? await platforms(config) : undefined;
  const app = await createApp(config, logger, { commands: parts.commands, adapters });
  try {
    return await work(app, config, output);
  } finally {
    await app.close();
  }
}

/** Builds the `paperboy` command line over the parts the composition root hands in. */
export function buildProgram(parts: CliParts): Command {
  const program = new Command("paperboy")
    .description("Trending research papers in your team's Slack and Discord channels.")
    .version(VERSION)
    .exitOverride()
    // Program options (-V, --version) only before the subcommand: after it, `-Vision` is a search word.
    .enablePositionalOptions()
    .configureOutput({ outputError: () => undefined });

  program
    .command("run", { isDefault: true })
    .description("start the bot: every configured adapter, or the console when none is")
    .action(async () => {
      const config = loadConfig();
      const { logger } = cliLogger(config.logLevel);
      // Loaded on demand, like `ingest` and `register`: each pulls in modules the others never need.
      const { runBot } = await import("./cli/run.ts");
      const adapters = await parts.adapters(config);
      await runBot(
        await createApp(config, logger, {
          commands: parts.commands,
          adapters,
          processMetrics: true,
          searchWorker: true,
        }),
      );
    });

  program
    .command("digest")
    .description("print the digest for a day")
    .option("--date <YYYY-MM-DD>", "the day (default: today in PAPERBOY_TIMEZONE)", isoDate)
    .option("--topic <topic>", "only papers about this topic")
    .addOption(
      new Option(
        "--channel <platform:workspace:channel>",
        "what that channel would get, with its settings and taste (records nothing)",
      )
        .argParser(channelRef)
        .conflicts("topic"),
    )
    .option("--limit <n>", "how many papers (1-50)", limit(50))
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "markdown", "json"]).default("text"),
    )
    .action(
      async (options: {
        date?: string;
        topic?: string;
        channel?: ChannelRef;
        limit?: number;
        format: string;
      }) =>
        withApp(parts, async (app, config) => {
          const { channel } = options;
          const timezone = channel
            ? timezoneOf(await app.store.channels.get(channel), config.timezone)
            : config.timezone;
          const date = options.date ?? localDate(app.now(), timezone);
          const answer = channel
            ? await app.digests.forChannel(channel, date, {}, { limit: options.limit })
            : await app.digests.standalone({
                date,
                timezone,
                limit: options.limit ?? config.digestSize,
                topics: options.topic ? [options.topic] : [],
              });
          const limit = options.limit ?? config.digestSize;
          const { digest, note, sample } = app.digests.orSample(answer, { timezone, limit });
          const text = (): string => parts.renderText({ kind: "digest", digest, note });
          const render = {
            json: () => digestJson(digest, note, { sample }),
            markdown: () => digestMarkdown(digest, note),
          };
          process.stdout.write(`${(render[options.format as keyof typeof render] ?? text)()}\n`);
        }),
    );

  program
    .command("search")
    .description("search stored papers (and Hugging Face when reachable) by topic")
    .argument("<query...>", "words to search for; -word leaves out papers that mention word")
    .option("--limit <n>", "how many papers (1-50)", limit(50), 10)
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    // `-word` is query text (an exclude), not an option: commander hands unknown options to the query.
    .allowUnknownOption()
    .action(async (words: string[], options: { limit: number; format: string }, command: Command) =>
      withApp(parts, async (app) => {
        const typo = words.find((word) => word.startsWith("--"));
        if (typo) command.error(`unknown option '${typo}' (to leave out a word, write -word)`);
        const query = words.join(" ");
        const { value, note } = await app.catalog.search(query, options.limit);
        const output =
          options.format === "json"
            ? searchJson(query, value, note)
            : parts.renderText(parts.searchReply(query, { value, note }));
        process.stdout.write(`${output}\n`);
      }),
    );

  program
    .command("ingest")
    .description("fetch and store Hugging Face daily papers (and arXiv listings) for a range of days")
    .option("--from <YYYY-MM-DD>", "first day (default: 7 days ago)", isoDate)
    .option("--to <YYYY-MM-DD>", "last day (default: today)", isoDate)
    .option("--arxiv", "also store arXiv listings of PAPERBOY_ARXIV_CATEGORIES (paced: one request per 3 s)")
    .action(async (options: { from?: string; to?: string; arxiv?: boolean }) =>
      withApp(parts, async (app, config, logs) => {
        const { ingest } = await import("./cli/ingest.ts");
        const failed = await ingest(app, config, options, {
          out: process.stdout,
          terminal: process.stderr,
          logs,
        });
        if (failed > 0) process.exitCode = 1;
      }),
    );

  program
    .command("followups")
    .description(
      "refresh tracked papers now and post their follow-ups (code, new arXiv version, Hugging Face models) with the configured adapters",
    )
    .option("--dry-run", "print what would be posted; post and record nothing")
    .action(async (options: { dryRun?: boolean }) =>
      withApp(
        parts,
        async (app) => {
          const { followupsOnce } = await import("./cli/followups.ts");
          await followupsOnce(app, options, process.stdout);
        },
        // A dry run sends nothing, so it starts no platform.
        options.dryRun ? undefined : parts.adapters,
      ),
    );

  program
    .command("register")
    .description(
      "print the Slack app manifest; register the Discord /papers command when DISCORD_TOKEN is set (one server with DISCORD_GUILD_ID)",
    )
    .action(async () => {
      await parts.register(loadConfig(), process);
    });

  return program;
}

/** Entry point: runs the program; failures print one line on stderr and exit non-zero. */
export async function main(argv: readonly string[], parts: CliParts): Promise<void> {
  try {
    const program = buildProgram(parts);
    // A word where the subcommand goes that names none would fall to the default `run` and fail there with
    // a misleading error ("unknown option '--date'" for `paperboy digets --date …`).
    const word = argv[2];
    const names = [...program.commands.flatMap((command) => [command.name(), ...command.aliases()]), "help"];
    if (word !== undefined && !word.startsWith("-") && !names.includes(word)) {
      const suggestion = closestName(word, names);
      throw new CommanderError(
        1,
        "paperboy.unknownCommand",
        `unknown command '${word}'${suggestion ? ` (did you mean '${suggestion}'?)` : ""}; commands: ${names.join(", ")}`,
      );
    }
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode !== 0) process.stderr.write(`paperboy: ${error.message.replace(/^error: /, "")}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(
      `paperboy: ${redactSecrets(
        describeError(error)
          .replace(/:\s*\n\s*/g, ": ")
          .replace(/\n\s*/g, "; "),
      )}\n`,
    );
    process.exitCode = error instanceof ConfigError ? 2 : 1;
  }
}
