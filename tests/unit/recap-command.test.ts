import { afterEach, describe, expect, it } from "vitest";
import { recap } from "../../commands/recap.ts";
import type { RecapArgs } from "../../commands/recap-args.ts";
import type { App } from "../../src/app.ts";
import { needsAdmin } from "../../src/chat/command.ts";
import { parseArgs } from "../../src/chat/dispatch.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { UsageError } from "../../src/errors.ts";
import { createTestApp, fixturePapers, invocation } from "../helpers/test-app.ts";

const parse = (text: string, options?: Record<string, string>): RecapArgs => parseArgs(recap, text, options);
const problem = (text: string): string => {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`“${text}” was accepted`);
};

describe("/papers recap arguments", () => {
  it.each([
    [
      "monday 09:00 Europe/Berlin",
      { action: "set", day: "monday", time: "09:00", timezone: "Europe/Berlin" },
    ],
    ["9:00 Mon", { action: "set", day: "monday", time: "09:00" }],
    ["Fridays 17h30 UTC", { action: "set", day: "friday", time: "17:30", timezone: "UTC" }],
    ["Asia/Kolkata thu 08.15", { action: "set", day: "thursday", time: "08:15", timezone: "Asia/Kolkata" }],
    ["SUNDAY 23:59", { action: "set", day: "sunday", time: "23:59" }],
    ["now", { action: "now" }],
    ["OFF", { action: "off" }],
    ["", { action: "status" }],
  ])("%s", (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it("tells adapters that look rights up on demand (Slack) which uses need an admin", () => {
    expect(["monday 09:00", "off", "OFF", "friday"].every((text) => needsAdmin(recap, text))).toBe(true);
    expect(["", "now", " Now "].some((text) => needsAdmin(recap, text))).toBe(false);
  });

  it("takes Discord's typed options the same way", () => {
    expect(parse("", { day: "tuesday", time: "7:05", timezone: "America/New_York" })).toEqual({
      action: "set",
      day: "tuesday",
      time: "07:05",
      timezone: "America/New_York",
    });
    expect(parse("", { day: "now" })).toEqual({ action: "now" });
  });

  it.each([
    ["tuesday", /Say the day and the time/],
    ["09:00", /Say the day and the time/],
    ["Europe/Berlin", /Say the day and the time/],
    ["funday 09:00", /“funday” isn't a day, a time or a time zone/],
    ["monday 25:00", /“25:00” isn't a day, a time or a time zone/],
    ["monday 09:00 Mars/Base", /Unknown time zone “Mars\/Base”/],
    ["now 09:00", /`\/papers recap now` takes nothing after now/],
    ["off Europe/Berlin", /`\/papers recap off` takes nothing after off/],
    ["monday tuesday 09:00", /Too many words/],
  ])("%s → %s", (text, message) => {
    expect(problem(text)).toMatch(message);
  });
});

describe("/papers recap", () => {
  let app: App & { clock: { now: Date } };
  afterEach(async () => {
    await app?.close();
  });

  const run = (line: string, isAdmin = false, channelId = "C1") =>
    app.handle(invocation(`recap ${line}`.trim(), { isAdmin, channelId }));
  const text = (reply: Reply) => (reply.kind === "message" ? reply.text : `<${reply.kind}>`);

  it("an admin sets the day and time; the zone defaults to the daily digest's, then to the configured one", async () => {
    // Thursday 11 June 2026, 10:00 UTC.
    app = await createTestApp({
      now: new Date("2026-06-11T10:00:00Z"),
      env: { PAPERBOY_TIMEZONE: "America/New_York" },
    });
    await app.handle(invocation("schedule 08:00 Asia/Kolkata", { isAdmin: true, channelId: "C2" }));
    const set = await run("monday 09:00", true);
    expect(text(set)).toContain("posted here Mondays at 09:00 (America/New_York)");
    expect(text(set)).toContain("Next one on Monday at 09:00 America/New_York.");
    expect((await app.store.channels.get(channelRef("C1"))).recap).toEqual({
      day: "monday",
      time: "09:00",
      timezone: "America/New_York",
      since: "2026-06-11T10:00:00.000Z",
    });
    await run("friday 17:00", true, "C2");
    expect((await app.store.channels.get(channelRef("C2"))).recap?.timezone).toBe("Asia/Kolkata");
    // Changing the day keeps the zone the recap already has.
    await run("thursday 11:00", true);
    const moved = await run("", false);
    expect(text(moved)).toContain(
      "posted here Thursdays at 11:00 (America/New_York). Next one today at 11:00",
    );
  });

  it("only admins set it or turn it off; anyone sees the setting and previews it", async () => {
    app = await createTestApp({ now: new Date("2026-06-11T10:00:00Z") });
    const refused = await run("monday 09:00");
    expect(refused).toMatchObject({ kind: "message", tone: "warning", private: true });
    expect(text(refused)).toMatch(/^Only .* can set the weekly recap/);
    expect((await app.store.channels.get(channelRef("C1"))).recap).toBeUndefined();
    expect(text(await run(""))).toContain("No weekly recap in this channel");
    await run("monday 09:00 UTC", true);
    expect(text(await run("off"))).toMatch(/^Only .* can turn off the weekly recap/);
    expect(text(await run("off", true))).toBe("Weekly recap turned off for this channel.");
    expect((await app.store.channels.get(channelRef("C1"))).recap).toBeUndefined();
  });

  it("now shows the week so far to the asker only and posts nothing", async () => {
    app = await createTestApp({ now: new Date("2026-06-12T12:00:00Z") });
    const [top] = fixturePapers();
    if (!top) throw new Error("no fixture");
    await app.store.papers.upsert([top]);
    await app.store.votes.add(channelRef("C1"), top.id, "U2", new Date("2026-06-12T09:00:00Z"));
    const before = JSON.stringify(await app.store.backend.list("post:"));
    const reply = await run("now");
    expect(reply.kind).toBe("recap");
    expect(reply.private).toBe(true);
    if (reply.kind !== "recap") return;
    expect(reply.recap.upvoted.map((item) => [item.paper.id, item.people])).toEqual([[top.id, 1]]);
    expect(reply.recap.week.until).toBe("2026-06-12T12:00:00.000Z");
    expect(JSON.stringify(await app.store.backend.list("post:"))).toBe(before);
  });
});

function channelRef(channelId: string) {
  return { platform: "console" as const, workspaceId: "W1", channelId };
}
