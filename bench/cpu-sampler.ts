import { Worker } from "node:worker_threads";
import type { ThreadGroups } from "./thread-cpu.ts";

/**
 * One reading: epoch milliseconds (sub-millisecond), the process's CPU time so far (ms, every thread),
 * and each thread group's (ms, `/proc` ticks of 10 ms; empty without `/proc`).
 */
export interface CpuSample {
  at: number;
  cpuMs: number;
  groups: Record<string, number>;
}

/** A thread that reads the process's CPU time every few milliseconds, while the threads it measures are busy. */
export interface CpuSampler {
  /** Stops sampling and hands back the readings, oldest first. */
  stop(): Promise<CpuSample[]>;
}

/**
 * The thread's code, plain JavaScript (no loader needed): reads `process.cpuUsage()` (the whole process)
 * and the groups' threads' `/proc` entries every `everyMs` until asked for its readings. Its own cost is
 * a few microseconds a reading and thread.
 */
const SAMPLER = `
const { openSync, readSync } = require("node:fs");
const { parentPort, workerData } = require("node:worker_threads");
const { performance } = require("node:perf_hooks");
const buffer = Buffer.alloc(1024);
const files = new Map();
const fileOf = (task) => {
  if (!files.has(task)) {
    try {
      files.set(task, openSync("/proc/self/task/" + task + "/stat", "r"));
    } catch {
      files.set(task, undefined);
    }
  }
  return files.get(task);
};
// The file stays open; each reading reads it again from the start.
const taskMs = (task) => {
  const file = fileOf(task);
  if (file === undefined) return 0;
  try {
    const stat = buffer.toString("latin1", 0, readSync(file, buffer, 0, buffer.length, 0));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
};
const samples = [];
const read = () => {
  const cpu = process.cpuUsage();
  const groups = {};
  for (const [name, threads] of Object.entries(workerData.groups)) {
    groups[name] = threads.reduce((sum, thread) => sum + taskMs(thread), 0);
  }
  samples.push({ at: performance.timeOrigin + performance.now(), cpuMs: (cpu.user + cpu.system) / 1000, groups });
};
read();
const timer = setInterval(read, workerData.everyMs);
parentPort.postMessage("sampling");
parentPort.once("message", () => {
  clearInterval(timer);
  read();
  parentPort.postMessage(samples);
});
`;

/**
 * Starts sampling the process's CPU time (and each group's threads') on a thread of its own, so the CPU
 * used up to any moment of a run (such as the moment every channel had its first message) can be read
 * afterwards with {@link cpuAt}: a figure that other jobs on the machine disturb much less than the
 * wall-clock time.
 */
export async function startCpuSampler(groups: ThreadGroups = {}, everyMs = 5): Promise<CpuSampler> {
  const worker = new Worker(SAMPLER, { eval: true, workerData: { everyMs, groups } });
  await new Promise<void>((resolve, reject) => {
    // After its first reading, so every moment of the run falls between two of them.
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  // A run that fails before `stop()` leaves it behind: it must not keep the process alive.
  worker.unref();
  return {
    async stop() {
      const samples = new Promise<CpuSample[]>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      worker.postMessage("stop");
      const result = await samples;
      await worker.terminate();
      return result;
    },
  };
}

/**
 * The CPU time (ms) at epoch `at` read by `of` (the process's, or a group's), interpolated between the
 * readings around it; NaN outside them.
 */
export function cpuAt(
  samples: readonly CpuSample[],
  at: number,
  of: (sample: CpuSample) => number = (sample) => sample.cpuMs,
): number {
  for (let index = 1; index < samples.length; index += 1) {
    const after = samples[index];
    const before = samples[index - 1];
    if (!after || !before || after.at < at) continue;
    if (before.at > at) return Number.NaN;
    const span = after.at - before.at;
    return span > 0 ? of(before) + ((of(after) - of(before)) * (at - before.at)) / span : of(before);
  }
  return Number.NaN;
}
