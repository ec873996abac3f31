import { existsSync, realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

/**
 * Benchmark dispatcher: `npm run bench` lists the benchmarks, `npm run bench -- <name> [options]`
 * runs one, `npm run bench -- all [options]` runs every one that exists, in order, passing the
 * options to each. Each benchmark is a module exporting `run(argv)`, imported only when run.
 */

/** A benchmark module: runs with the arguments after its name. */
export interface BenchmarkModule {
  run(argv: string[]): Promise<void>;
}

/** Benchmark names, in the order `all` runs them, with their modules and what they measure. */
export const BENCHMARKS = {
  search: {
    module: "./search.ts",
    about: "topic search: our SearchIndex vs MiniSearch at 10k/100k(/1M) papers",
  },
  fanout: { module: "./fanout.ts", about: "digest fan-out to many channels" },
  commands: { module: "./commands.ts", about: "slash-command latency" },
  startup: { module: "./startup.ts", about: "start-up time" },
  poster: { module: "./poster.ts", about: "CPU per chat.postMessage: our poster vs Bolt's WebClient" },
  upstream: { module: "./upstream.ts", about: "/papers today after an oversized Hugging Face answer" },
  tracking: {
    module: "./tracking.ts",
    about: "follow-up refresh of 10k tracked papers in 500 channels against rate-limited fakes",
  },
} as const;

export type BenchmarkName = keyof typeof BENCHMARKS;

const names = Object.keys(BENCHMARKS) as BenchmarkName[];

/** True if the benchmark's module has been written. */
export const isAvailable = (name: BenchmarkName): boolean =>
  existsSync(new URL(BENCHMARKS[name].module, import.meta.url));

function printList(): void {
  console.log("Usage: npm run bench -- <name> [options]   (or: npm run bench -- all)\n\nBenchmarks:");
  for (const name of names) {
    const status = isAvailable(name) ? "" : "  (not yet available)";
    console.log(`  ${name.padEnd(9)} ${BENCHMARKS[name].about}${status}`);
  }
  console.log("\nOptions of one benchmark: npm run bench -- <name> --help");
}

async function runOne(name: BenchmarkName, argv: string[]): Promise<void> {
  const module = (await import(BENCHMARKS[name].module)) as BenchmarkModule;
  await module.run(argv);
}

/** Runs the command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "list" || name === "--help" || name === "-h") {
    printList();
    return 0;
  }
  if (name === "all") {
    const available = names.filter(isAvailable);
    for (const each of available) {
      // Banners go to stderr so that `all --json` keeps stdout to the benchmarks' own output.
      console.error(`\n=== ${each} ===`);
      await runOne(each, rest);
    }
    const missing = names.filter((each) => !available.includes(each));
    if (missing.length > 0) console.error(`\nnot yet available: ${missing.join(", ")}`);
    return 0;
  }
  if (!Object.hasOwn(BENCHMARKS, name)) {
    console.error(`Unknown benchmark "${name}".\n`);
    printList();
    return 2;
  }
  if (!isAvailable(name as BenchmarkName)) {
    console.error(
      `Benchmark "${name}" is not yet available (${BENCHMARKS[name as BenchmarkName].module} does not exist).`,
    );
    return 1;
  }
  await runOne(name as BenchmarkName, rest);
  return 0;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      // A benchmark may have set its own exit code; keep it unless the dispatcher failed.
      if (code !== 0) process.exitCode = code;
    },
    (error: unknown) => {
      // Usage errors ("[bench] …") need no stack; anything else does.
      const usage = error instanceof Error && error.message.startsWith("[bench]");
      console.error(usage ? error.message : error);
      process.exitCode = 1;
    },
  );
}
