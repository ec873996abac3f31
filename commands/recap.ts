import { type CommandContext, defineCommand } from "../src/chat/command.ts";
import { channelOf } from "../src/chat/invocation.ts";
import type { Reply } from "../src/chat/reply.ts";
import { adminsOnly } from "../src/chat/rights.ts";
import { buildRecap } from "../src/recap/build-recap.ts";
import { describeRecapSchedule, type RecapSchedule, recapAsSchedule } from "../src/recap/recap-schedule.ts";
import { weekEndingAt } from "../src/recap/recap-week.ts";
import { RECAP_LEDGER_ID } from "../src/recap/weekly-recaps.ts";
import { nextOccurrence } from "../src/scheduler/occurrence.ts";
import type { ChannelSettings } from "../src/store/channel-repository.ts";
import { localDate } from "../src/time.ts";
import { RECAP_CHOICES, type RecapArgs, recapArgs, recapFromText } from "./recap-args.ts";
import { describeWhen } from "./schedule.ts";
import { changeSettings } from "./settings-change.ts";

const SET_EXAMPLE = "/papers recap monday 09:00 Europe/Berlin";
const WHAT = "the team's most upvoted papers, what was saved, follow-ups and the topics you read most";

/** `/papers recap <day> <HH:MM> [timezone]` (admin), `recap off` (admin), `recap now`, or bare: the setting. */
export const recap = defineCommand({
  name: "recap",
  summary:
    "A weekly recap of what the team upvoted, saved and read: set its day and time, preview it now, or turn it off.",
  usage: `${SET_EXAMPLE} · /papers recap now · /papers recap off · /papers recap`,
  admin: false,
  adminWhen: (text) => {
    const first = text.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
    return first !== "" && first !== "now";
  },
  private: false,
  options: [
    {
      name: "day",
      description: "Day of the week to post it on; now previews it; off stops it",
      required: false,
      choices: RECAP_CHOICES,
    },
    { name: "time", description: "Local time HH:MM (24 h)", required: false, placeholder: "09:00" },
    {
      name: "timezone",
      description: "IANA time zone, e.g. Europe/Berlin",
      required: false,
      placeholder: "Europe/Berlin",
    },
  ],
  args: recapArgs,
  fromText: recapFromText,
  run: async (context, args) => {
    switch (args.action) {
      case "status":
        return status(context);
      case "now":
        return preview(context);
      case "off":
      case "set":
        return context.invocation.isAdmin ? change(context, args) : refuse(context, args.action);
    }
  },
});

/** The zone a recap without its own uses: the daily digest's, else the configured default. */
function zoneOf(settings: ChannelSettings, fallback: string): string {
  return settings.recap?.timezone ?? settings.schedule?.timezone ?? fallback;
}

async function preview(context: CommandContext): Promise<Reply> {
  const channel = channelOf(context.invocation);
  const settings = await context.store.channels.get(channel);
  const week = weekEndingAt(context.now(), zoneOf(settings, context.defaults.timezone));
  const recap = await buildRecap(
    { store: context.store, logger: context.logger, followUps: context.followUps },
    channel,
    week,
  );
  return { kind: "recap", recap, private: true };
}

async function change(
  context: CommandContext,
  args: Extract<RecapArgs, { action: "off" | "set" }>,
): Promise<Reply> {
  if (args.action === "off") {
    await changeSettings(context, ({ recap: _off, ...settings }) => settings);
    return { kind: "message", tone: "success", text: "Weekly recap turned off for this channel." };
  }
  const now = context.now();
  const updated = await changeSettings(context, (settings) => ({
    ...settings,
    recap: {
      day: args.day,
      time: args.time,
      timezone: args.timezone ?? zoneOf(settings, context.defaults.timezone),
      since: now.toISOString(),
    },
  }));
  const scheduled = updated.recap as RecapSchedule;
  return {
    kind: "message",
    tone: "success",
    text: `The weekly recap will be posted here ${describeRecapSchedule(scheduled)}: ${WHAT}. ${await firstRecap(context, scheduled)} /papers recap now previews it.`,
  };
}

async function status(context: CommandContext): Promise<Reply> {
  const settings = await context.store.channels.get(channelOf(context.invocation));
  if (!settings.recap) {
    return {
      kind: "message",
      tone: "info",
      text: `No weekly recap in this channel. An admin can start one with ${SET_EXAMPLE}; /papers recap now previews it.`,
    };
  }
  return {
    kind: "message",
    tone: "info",
    text: `The weekly recap is posted here ${describeRecapSchedule(settings.recap)}. ${await firstRecap(context, settings.recap)} /papers recap now previews it.`,
  };
}

/** When the next recap goes out, in words; a week whose recap is out already is skipped. */
async function firstRecap(context: CommandContext, scheduled: RecapSchedule): Promise<string> {
  const now = context.now();
  const today = localDate(now, scheduled.timezone);
  const postedToday = await context.store.posts
    .find(channelOf(context.invocation), today, RECAP_LEDGER_ID)
    .catch(() => undefined);
  const next = nextOccurrence(
    recapAsSchedule(scheduled),
    now,
    (date) => postedToday !== undefined && date === today,
  );
  if (!next) return "";
  return `Next one ${describeWhen(next.scheduledAt, now, scheduled.timezone)} ${scheduled.timezone}.`;
}

async function refuse(context: CommandContext, action: "off" | "set"): Promise<Reply> {
  const refusal = await adminsOnly(
    context,
    `${action === "off" ? "turn off" : "set"} the weekly recap (it posts for everyone here)`,
  );
  return refusal.kind === "message"
    ? { ...refusal, text: `${refusal.text} /papers recap now shows it to you.` }
    : refusal;
}
