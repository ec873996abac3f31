import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { WeeklyRecaps } from "../../src/recap/weekly-recaps.ts";
import type { Scheduler } from "../../src/scheduler/scheduler.ts";
import { allStrings, reactionEvent, type SlackHarness, startSlackHarness } from "../helpers/slack-harness.ts";
import { appScheduler } from "../helpers/test-app.ts";

/**
 * The whole path in Slack: an admin sets the recap with `/papers recap`, the team reacts on the posted
 * digest, and at the recap's local time the scheduler posts one recap message through the real Bolt
 * client to the fake Web API, with the week's votes and saves in its blocks.
 */
describe("the weekly recap in Slack", () => {
  let slack: SlackHarness;
  let clock: { now: Date };
  const schedulers: Scheduler[] = [];

  const recapScheduler = (holder: string) => {
    const scheduler = appScheduler(slack.app, [slack.adapter], {
      holder,
      jobs: [new WeeklyRecaps({ store: slack.app.store, logger: slack.app.logger })],
    });
    schedulers.push(scheduler);
    return scheduler;
  };
  const recapPosts = () =>
    slack.fake
      .callsTo("chat.postMessage")
      .filter((call) => allStrings(call.body.blocks).some((text) => text.includes("Weekly recap")));

  beforeAll(async () => {
    // Friday 12 June 2026, 11:00 in Berlin.
    slack = await startSlackHarness({ now: new Date("2026-06-12T09:00:00Z") });
    clock = (slack.app as App & { clock: { now: Date } }).clock;
    slack.fake.users.set("U_ADMIN", { is_admin: true });
  });
  afterAll(async () => {
    for (const scheduler of schedulers) await scheduler.stop();
    await slack?.close();
  });

  it("is set by an admin, posted once at its time with the week's votes and saves, and not again after a restart", async () => {
    const set = await slack.command("recap friday 14:00 Europe/Berlin", { user: "U_ADMIN" });
    expect(JSON.stringify(set.responses)).toContain("Fridays at 14:00 (Europe/Berlin)");
    expect(JSON.stringify(set.responses)).toContain("Next one today at 14:00 Europe/Berlin");
    await slack.command("post", { user: "U_ADMIN" });
    const digest = slack.fake.callsTo("chat.postMessage");
    const evoArena = String(digest[1]?.response?.ts);
    const minimax = String(digest[2]?.response?.ts);
    for (const user of ["UA", "UB"]) {
      await slack.event(reactionEvent("reaction_added", { user, reaction: "+1", ts: evoArena }));
    }
    await slack.event(reactionEvent("reaction_added", { user: "UA", reaction: "bookmark", ts: minimax }));
    // Members can preview it; that posts nothing in the channel.
    const preview = await slack.command("recap now", { user: "UB" });
    expect(preview.responses[0]?.response_type).toBe("ephemeral");
    expect(recapPosts()).toHaveLength(0);

    const run = recapScheduler("one");
    clock.now = new Date("2026-06-12T11:59:00Z");
    await run.sweep("sweep");
    expect(recapPosts()).toHaveLength(0);
    clock.now = new Date("2026-06-12T12:00:00Z");
    await run.sweep("sweep");
    await run.sweep("sweep");
    expect(recapPosts()).toHaveLength(1);

    const call = recapPosts()[0];
    expect(call?.body.channel).toBe("C1");
    const texts = allStrings(call?.body.blocks);
    expect(texts).toContain("🗓️ Weekly recap · 5–12 Jun 2026");
    const sections = texts.join("\n");
    expect(sections).toContain("Fri 5 Jun 14:00 → Fri 12 Jun 14:00 Europe/Berlin");
    expect(sections).toMatch(
      /\*👍 Most upvoted by the team\*\n1\. <https:\/\/arxiv\.org\/abs\/2606\.13681\|EvoArena: Tracking Memory Evolution[^>]*> · 2 team votes/,
    );
    expect(sections).toMatch(
      /\*🔖 Saved to reading lists\*\n1\. <https:\/\/arxiv\.org\/abs\/2606\.13392\|MiniMax Sparse Attention> · saved by one of you/,
    );
    expect(sections).toContain("5 papers posted · 2 upvotes from 2 people · 1 save");
    expect(sections).not.toContain("A quiet week");

    // Another process starting after the time, within the grace window, finds it posted.
    clock.now = new Date("2026-06-12T13:00:00Z");
    await recapScheduler("two").start();
    expect(recapPosts()).toHaveLength(1);
  });
});
