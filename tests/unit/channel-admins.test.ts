import { describe, expect, it } from "vitest";
import { createSlackRights } from "../../adapters/slack/admin-rights.ts";
import { unescapeCommandText } from "../../adapters/slack/parse.ts";
import { fillMentions, mentionToken, parseUserMention } from "../../src/chat/mentions.ts";
import { MAX_CHANNEL_ADMINS } from "../../src/store/channel-admin-repository.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { channelAdminKey } from "../../src/store/keys.ts";
import { createStore } from "../../src/store/store.ts";
import { captureLogs } from "../helpers/log-capture.ts";

const C1 = { platform: "slack", workspaceId: "T1", channelId: "C1" } as const;
const meta = (minute: number) => ({ by: "U0ADMIN", at: new Date(Date.UTC(2026, 5, 12, 9, minute)) });

describe("the channel admin repository", () => {
  it("adds once, lists oldest first, removes, and says when there was nothing to remove", async () => {
    const store = createStore(createMemoryBackend());
    expect(await store.channelAdmins.add(C1, "U2", meta(2))).toBe("added");
    expect(await store.channelAdmins.add(C1, "U1", meta(1))).toBe("added");
    expect(await store.channelAdmins.add(C1, "U2", meta(3))).toBe("already");
    expect((await store.channelAdmins.list(C1)).map((admin) => admin.userId)).toEqual(["U1", "U2"]);
    expect(await store.channelAdmins.list(C1)).toContainEqual({
      userId: "U2",
      addedBy: "U0ADMIN",
      addedAt: "2026-06-12T09:02:00.000Z",
    });
    expect(await store.channelAdmins.remove(C1, "U2")).toBe(true);
    expect(await store.channelAdmins.remove(C1, "U2")).toBe(false);
    expect(await store.channelAdmins.has(C1, "U2")).toBe(false);
    expect(await store.channelAdmins.has(C1, "U1")).toBe(true);
  });

  it("keeps each channel's list apart: another channel, workspace or platform never sees it", async () => {
    const store = createStore(createMemoryBackend());
    await store.channelAdmins.add(C1, "U1", meta(1));
    for (const other of [
      { ...C1, channelId: "C10" },
      { ...C1, channelId: "C" },
      { ...C1, workspaceId: "T2" },
      { ...C1, platform: "discord" as const },
    ]) {
      expect(await store.channelAdmins.has(other, "U1")).toBe(false);
      expect(await store.channelAdmins.list(other)).toEqual([]);
    }
    expect(channelAdminKey(C1, "U:1")).toBe("channel-admin:slack:T1:C1:U%3A1");
  });

  it(`stops at ${MAX_CHANNEL_ADMINS} admins`, async () => {
    const store = createStore(createMemoryBackend());
    for (let index = 0; index < MAX_CHANNEL_ADMINS; index++) {
      expect(await store.channelAdmins.add(C1, `U${index}`, meta(0))).toBe("added");
    }
    expect(await store.channelAdmins.add(C1, "U_LAST", meta(1))).toBe("full");
    expect(await store.channelAdmins.add(C1, "U0", meta(1))).toBe("already");
    expect(await store.channelAdmins.list(C1)).toHaveLength(MAX_CHANNEL_ADMINS);
  });
});

describe("user mentions in each platform's syntax", () => {
  it("reads Slack's escaped mentions and bare ids, Discord's mentions and option ids, console names", () => {
    expect(parseUserMention("slack", "<@U0123ABC|bob>")).toBe("U0123ABC");
    expect(parseUserMention("slack", " <@W0123ABC> ")).toBe("W0123ABC");
    expect(parseUserMention("slack", "U0123ABC")).toBe("U0123ABC");
    expect(parseUserMention("discord", "<@800000000000000008>")).toBe("800000000000000008");
    expect(parseUserMention("discord", "<@!800000000000000008>")).toBe("800000000000000008");
    expect(parseUserMention("discord", "800000000000000008")).toBe("800000000000000008");
    expect(parseUserMention("console", "@alice")).toBe("alice");
  });

  it("refuses what is not a mention on that platform", () => {
    for (const typed of ["@bob", "<#C0123|general>", "<!here>", "<@U1 2>", "bob", "<@800000000000000008>"]) {
      expect(parseUserMention("slack", typed), typed).toBeUndefined();
    }
    for (const typed of ["<@U0123ABC>", "@bob", "<@&800000000000000008>", "12"]) {
      expect(parseUserMention("discord", typed), typed).toBeUndefined();
    }
    expect(parseUserMention("console", "two words")).toBeUndefined();
  });

  it("writes a mention only for the ids a reply lists, and drops markers a cut or a user left", () => {
    const text = `${mentionToken("U1")} and ${mentionToken("U2")} \uE000U3`;
    expect(fillMentions(text, ["U1"], (id) => `<@${id}>`)).toBe("<@U1> and U2 U3");
  });

  it("turns Slack's escaped command text back into what was typed, keeping user mentions", () => {
    expect(
      unescapeCommandText(
        "add <@U0123|bob> <https://arxiv.org/abs/2606.13392|arxiv.org/abs/2606.13392> <#C1|papers> <!here> R&amp;D &lt;b&gt;",
      ),
    ).toBe("add <@U0123|bob> https://arxiv.org/abs/2606.13392 #papers @here R&D <b>");
  });
});

describe("Slack rights", () => {
  const setup = (channel: () => Promise<{ creator?: string } | undefined>) => {
    const clock = { now: 0 };
    const calls = { users: 0, channels: 0 };
    const rights = createSlackRights({
      logger: captureLogs().logger,
      clock: () => clock.now,
      lookup: async (_team, user) => {
        calls.users += 1;
        return { is_admin: user === "U0ADMIN" };
      },
      channelLookup: async () => {
        calls.channels += 1;
        return channel();
      },
    });
    return { rights, clock, calls };
  };

  it("counts workspace admins and the channel's creator, asking Slack for a channel's creator once a day", async () => {
    const { rights, clock, calls } = setup(async () => ({ creator: "U0CREATOR" }));
    expect(await rights.isAdmin("T1", "C1", "U0ADMIN")).toBe(true);
    expect(calls.channels).toBe(0);
    expect(await rights.isAdmin("T1", "C1", "U0CREATOR")).toBe(true);
    expect(await rights.isAdmin("T1", "C1", "U0MEMBER")).toBe(false);
    expect(await rights.whoCan("T1", "C1")).toEqual([
      { who: "workspace admins and owners" },
      { who: "the channel's creator", user: "U0CREATOR" },
    ]);
    expect(calls.channels).toBe(1);
    clock.now += 25 * 60 * 60 * 1000;
    await rights.whoCan("T1", "C1");
    expect(calls.channels).toBe(2);
  });

  it("treats nobody as the creator when Slack will not say, says why, and asks again minutes later", async () => {
    const { rights, clock, calls } = setup(async () => {
      throw Object.assign(new Error("An API error occurred: missing_scope"), {
        data: { ok: false, error: "missing_scope", needed: "groups:read" },
      });
    });
    expect(await rights.isAdmin("T1", "G1", "U0MEMBER")).toBe(false);
    expect(await rights.whoCan("T1", "G1")).toEqual([
      { who: "workspace admins and owners" },
      { who: "the channel's creator", unknown: "Slack answered missing_scope (needs groups:read)" },
    ]);
    expect(calls.channels).toBe(1);
    clock.now += 6 * 60 * 1000;
    await rights.whoCan("T1", "G1");
    expect(calls.channels).toBe(2);
  });

  it("leaves the creator out where a conversation has none (a DM)", async () => {
    const { rights } = setup(async () => ({}));
    expect(await rights.whoCan("T1", "D1")).toEqual([{ who: "workspace admins and owners" }]);
  });
});
