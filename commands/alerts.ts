import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { changeSettings } from "./settings-change.ts";

/** `/papers alerts on|off`: follow-ups on papers this channel upvoted or saved (admins). */
export const alerts = defineCommand({
  name: "alerts",
  summary:
    "Turn follow-ups on or off: when a paper you upvoted or saved gets code, a new arXiv version or a model on Hugging Face, a reply under it says so.",
  usage: "/papers alerts on|off",
  admin: true,
  private: false,
  options: [{ name: "state", description: "on or off", required: true, choices: ["on", "off"] }],
  args: z.object({ state: z.enum(["on", "off"], { error: "Alerts are on or off." }) }),
  fromText: (text) => ({ state: text.trim().toLowerCase() || undefined }),
  run: async (context, args) => {
    const on = args.state === "on";
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
