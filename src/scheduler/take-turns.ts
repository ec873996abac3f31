/**
 * Orders items so their groups take turns: the first item of each group (groups in the order first
 * seen), then the second of each, and so on; within a group the order is kept. The scheduler posts due
 * channels in this order by workspace, so a workspace with many channels does not take every posting
 * slot while the channels of other workspaces wait behind its backlog.
 */
export function takeTurns<T>(items: readonly T[], groupOf: (item: T) => string): T[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = groupOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const ordered: T[] = [];
  const lists = [...groups.values()];
  for (let round = 0; ordered.length < items.length; round += 1) {
    for (const list of lists) {
      const item = list[round];
      if (item !== undefined) ordered.push(item);
    }
  }
  return ordered;
}
