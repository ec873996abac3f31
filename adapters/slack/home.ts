import type { App as BoltApp } from "@slack/bolt";
import { toEntry } from "../../src/chat/entries.ts";
import type { PaperEntry } from "../../src/chat/reply.ts";
import type { ChatRuntime } from "../../src/chat/runtime.ts";
import type { Store } from "../../src/store/store.ts";
import { renderAppHome } from "./render.ts";

/** How many papers each App Home section lists. */
export const HOME_SHOWN = 10;

const WEEK_MS = 7 * 86_400_000;

/**
 * What the App Home tab shows one user: their reading list (newest first, as stored) and the
 * workspace's most upvoted papers of the past seven days across every channel.
 */
export async function appHomeEntries(
  store: Store,
  teamId: string,
  userId: string,
  now: Date,
): Promise<{ saved: PaperEntry[]; top: PaperEntry[] }> {
  const list = (await store.readingLists.list({ platform: "slack", workspaceId: teamId, userId })).slice(
    0,
    HOME_SHOWN,
  );
  const counts = await store.votes.workspaceCounts("slack", teamId, new Date(now.getTime() - WEEK_MS));
  const ranked = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, HOME_SHOWN);
  const ids = new Set([...list.map((item) => item.paperId), ...ranked.map(([id]) => id)]);
  const papers = await store.papers.getMany([...ids]);
  const byId = new Map(papers.map((paper) => [paper.id, paper]));
  return {
    saved: list.flatMap((item) => {
      const paper = byId.get(item.paperId);
      return paper ? [toEntry(paper, { why: `saved ${item.savedAt.slice(0, 10)}` })] : [];
    }),
    top: ranked.flatMap(([id, votes]) => {
      const paper = byId.get(id);
      return paper ? [toEntry(paper, { votes })] : [];
    }),
  };
}

/**
 * Publishes a user's App Home when they open it, in the background (the event is answered at once,
 * whatever `views.publish` takes), as work the runtime tracks.
 */
export function publishAppHomes(
  bolt: BoltApp,
  runtime: ChatRuntime<unknown>,
  core: { store: Store; now: () => Date },
): void {
  bolt.event("app_home_opened", async ({ event, body, context, client }) => {
    if (event.tab && event.tab !== "home") return;
    const teamId = context.teamId ?? body.team_id;
    const publish = async () => {
      const entries = await appHomeEntries(core.store, teamId, event.user, core.now());
      await client.views.publish({ user_id: event.user, view: renderAppHome(entries) });
    };
    runtime.track(publish(), "publish App Home", { userId: event.user });
  });
}
