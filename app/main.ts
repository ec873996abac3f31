import { renderConsole } from "../adapters/console/render.ts";
import { commands } from "../commands/index.ts";
import { topicReply } from "../commands/topic.ts";
import { main as runCli } from "../src/cli.ts";
import { platformsFor } from "./platforms.ts";

/**
 * The composition root: the only place that sees the core (`src/`), the command table (`commands/`) and
 * the platforms (`adapters/`) together, and hands the latter two to the core. `bin/paperboy.js` runs it.
 */
export async function main(argv: readonly string[]): Promise<void> {
  await runCli(argv, {
    commands,
    adapters: platformsFor,
    renderText: renderConsole,
    searchReply: topicReply,
    register: async (config, out) => (await import("./register.ts")).register(config, out),
  });
}
