import { z } from "zod";
import { type CommandContext, defineCommand } from "../src/chat/command.ts";
import { channelOf } from "../src/chat/invocation.ts";
import type { Reply } from "../src/chat/reply.ts";
import { adminsOnly } from "../src/chat/rights.ts";
import { RISING_MIN_GAIN, RISING_MIN_UPVOTES, RISING_WINDOW_MS } from "../src/rising/velocity.ts";
import { changeSettings } from "./settings-change.ts";

/** The alerts `/papers alerts` turns on or off. */
const AlertKind = z.enum(["followups", "rising"], { error: "Alerts are follow-ups or rising." });

/**
 * `/papers alerts on|off`: follow-ups on papers this channel upvoted or saved (admins);
 * `/papers alerts rising on|off`: a heads-up when a paper matching the channel's follows or taste climbs
 * fast on Hugging Face.
 */
export const alerts = defineCommand({
  name: "alerts",
  summary:
    "Turn follow-ups on or off: when a paper you upvoted or saved gets code, a new arXiv version or a model on Hugging Face, a reply under it says so. `rising on` adds a heads-up when a paper matching your follows or taste climbs fast on Hugging Face.",
  usage: "/papers alerts on|off | alerts rising on|off · /papers alerts [rising]",
  admin: false,
  // Bare (or `rising` alone), it shows the current state to anyone; turning alerts on or off is for admins.
  adminWhen: (text) => /\b(on|off)\b/i.test(text),
  private: false,
  options: [
    {
      name: "state",
      description: "on or off; leave it out to see the current state",
      required: false,
      choices: ["on", "off"],
    },
    {
      name: "kind",
      description: "followups (default) or rising papers",
      required: false,
      choices: ["followups", "rising"],
    },
  ],
  args: z.object({
    state: z.enum(["on", "off"], { error: "Alerts are on or off." }).optional(),
    kind: AlertKind.default("followups"),
  }),
  fromText: (text) => {
    const words = text.trim().toLowerCase().split(/\s+/u).filter(Boolean);
    return words[0] === "rising" || words[0] === "followups"
      ? { kind: words[0], state: words[1] }
      : { state: words[0] };
  },
  run: async (context, args) => {
    if (args.state === undefined) return current(context, args.kind);
    if (!context.invocation.isAdmin) {
      return adminsOnly(
        context,
        `turn alerts on or off with \`/papers alerts ${args.kind === "rising" ? "rising " : ""}on|off\``,
      );
    }
    const on = args.state === "on";
    if (args.kind === "rising") {
      await changeSettings(context, (settings) => ({ ...settings, risingAlerts: on }));
      return {
        kind: "message",
        tone: "success",
        text: on
          ? `Rising papers are on: when a paper matching this channel's follows or taste climbs fast on Hugging Face (${RISING_MIN_GAIN} upvotes or more within ${RISING_WINDOW_MS / 3_600_000} hours, ${RISING_MIN_UPVOTES} in all), I post one heads-up here, once per paper.`
          : "Rising-paper heads-ups are off in this channel.",
      };
    }
    await changeSettings(context, (settings) => ({ ...settings, alerts: on }));
    return {
      kind: "message",
      tone: "success",
      text: on
        ? "Follow-ups are on: when a paper this channel upvoted or saved (in the last weeks) gets code, a new arXiv version, or a model, dataset or Space on Hugging Face, I reply under its message, at most once a day per paper."
        : "Follow-ups are off in this channel.",
    };
  },
});

/** Bare `/papers alerts [rising]`: whether they are on here (follow-ups unless turned off, rising only if turned on), and how an admin changes it. */
async function current(context: CommandContext, kind: "followups" | "rising"): Promise<Reply> {
  const settings = await context.store.channels.get(channelOf(context.invocation));
  const [what, on, command] =
    kind === "rising"
      ? ["Rising-paper heads-ups are", settings.risingAlerts === true, "/papers alerts rising"]
      : ["Follow-ups are", settings.alerts !== false, "/papers alerts"];
  const flip = on ? "off" : "on";
  return {
    kind: "message",
    tone: "info",
    text: `${what} ${on ? "on" : "off"} in this channel. An admin can turn them ${flip} with ${command} ${flip}.`,
  };
}
