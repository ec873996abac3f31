import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of `/proc`'s CPU times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/**
 * CPU time (user + system, ms) each thread of this process has used so far, by its thread id (the
 * main thread's is the process id), from `/proc/self/task/<tid>/stat`: Node 20 has no per-thread CPU
 * call, and worker threads, V8's helper threads and libuv's pool are all tasks of the process. Empty
 * where there is no `/proc`. Resolution: 10 ms a thread.
 */
export function threadCpuMs(): Map<number, number> {
  const times = new Map<number, number>();
  let tasks: string[];
  try {
    tasks = readdirSync("/proc/self/task");
  } catch {
    return times;
  }
  for (const task of tasks) {
    const cpu = taskCpuMs(task);
    if (!Number.isNaN(cpu)) times.set(Number(task), cpu);
  }
  return times;
}

/** One task's CPU time in ms; NaN when it is gone or unreadable. */
function taskCpuMs(task: string | number): number {
  try {
    const stat = readFileSync(`/proc/self/task/${task}/stat`, "utf8");
    // The fields after the command name (which may hold spaces) in parentheses: utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return Number.NaN;
  }
}

/** CPU time the main thread (whose task id is the process id) has used so far; NaN without `/proc`. */
export function mainThreadCpuMs(): number {
  return taskCpuMs(process.pid);
}

/** The ids of the threads `work` started (tasks that exist after it and did not before). */
export async function threadsStartedBy<T>(work: () => Promise<T>): Promise<{ value: T; threads: number[] }> {
  const before = new Set(threadCpuMs().keys());
  const value = await work();
  const threads = [...threadCpuMs().keys()].filter((thread) => !before.has(thread));
  return { value, threads };
}

/** Named groups of threads (the rest of the process apart from the main thread is "other"). */
export type ThreadGroups = Record<string, readonly number[]>;

/** CPU per group between two {@link threadCpuMs} readings: main, each named group, and every other thread. */
export function cpuByGroup(
  start: Map<number, number>,
  end: Map<number, number>,
  groups: ThreadGroups,
): Record<string, number> & { main: number; other: number } {
  const used = (thread: number) => (end.get(thread) ?? start.get(thread) ?? 0) - (start.get(thread) ?? 0);
  const named = new Set<number>([process.pid, ...Object.values(groups).flat()]);
  const result: Record<string, number> = { main: used(process.pid) };
  for (const [name, threads] of Object.entries(groups)) {
    result[name] = threads.reduce((sum, thread) => sum + used(thread), 0);
  }
  let other = 0;
  for (const thread of end.keys()) if (!named.has(thread)) other += used(thread);
  return { ...result, main: result.main ?? 0, other };
}
