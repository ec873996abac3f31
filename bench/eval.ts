import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

/**
 * Evaluation dispatcher: `npm run eval -- taste [options]` runs the offline taste evaluation (seeded, no
 * network) over the recorded days in bench/data; `npm run eval -- tldr` scores TL;DR picking on labelled abstracts. Each evaluation is a module exporting `run(argv)`.
 */
export const EVALUATIONS = {
  taste: {
    module: "./taste-eval.ts",
    about: "simulated teams react for weeks; on-interest slots per blend vs trending",
  },
  tldr: {
    module: "./tldr-eval.ts",
    about: "hand-labelled real abstracts; how often the TL;DR states the contribution, before and after",
  },
} as const;

/** Runs the command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const known = Object.keys(EVALUATIONS) as (keyof typeof EVALUATIONS)[];
  const chosen = known.find((each) => each === name);
  if (!chosen) {
    console.error(`Usage: npm run eval -- <name> [options]\n\nEvaluations:`);
    for (const each of known) console.error(`  ${each.padEnd(7)} ${EVALUATIONS[each].about}`);
    return name === undefined || name === "--help" ? 0 : 2;
  }
  const module = (await import(EVALUATIONS[chosen].module)) as { run(argv: string[]): Promise<void> };
  await module.run(rest);
  return 0;
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  process.exitCode = await main(process.argv.slice(2));
}
