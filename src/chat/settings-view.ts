import { describeRecapSchedule } from "../recap/recap-schedule.ts";
import type { ChannelSettings, DigestLayout, Schedule } from "../store/channel-repository.ts";

/**
 * One line of a channel's settings view. `values` are what people typed (topics, names): a renderer
 * escapes them and joins them with ", "; `text` is the bot's own wording. `turnOn` names the command that
 * turns an unset setting on, which each renderer spells in its platform's own syntax.
 */
export interface SettingsLine {
  label: string;
  text: string;
  values?: string[];
  turnOn?: "schedule" | "recap";
  /** Short enough to sit beside another (Discord inline fields). */
  short?: boolean;
  /** User ids, shown as the platform's mentions (`text` when there are none). */
  users?: readonly string[];
}

/** How to turn an unset setting on, in the text syntax (console, Slack). */
export const TURN_ON_TEXT: Record<NonNullable<SettingsLine["turnOn"]>, string> = {
  schedule: "/papers schedule 09:00 Europe/Berlin weekdays",
  recap: "/papers recap monday 09:00",
};

/**
 * Every setting of a channel, in the order `/papers settings` shows them on every surface, then its paperboy
 * admins when known.
 */
export function settingsView(
  settings: ChannelSettings,
  defaults: { digestSize: number },
  admins?: readonly string[],
): SettingsLine[] {
  const list = (label: string, values: string[] | undefined): SettingsLine =>
    values?.length ? { label, text: "", values } : { label, text: "none" };
  return [
    settings.schedule
      ? { label: "Schedule", text: describeSchedule(settings.schedule), short: true }
      : { label: "Schedule", text: "off", turnOn: "schedule", short: true },
    {
      label: "Digest",
      text: `${settings.digestSize ?? defaults.digestSize} papers, ${describeLayout(settings.layout)}`,
      short: true,
    },
    { label: "Ranking", text: settings.ranking ?? "balanced", short: true },
    settings.recap
      ? { label: "Weekly recap", text: describeRecapSchedule(settings.recap), short: true }
      : { label: "Weekly recap", text: "off", turnOn: "recap", short: true },
    { label: "Alerts", text: describeAlerts(settings), short: true },
    list("Followed topics", settings.followedTopics),
    list("Followed authors", settings.followedAuthors),
    list("Followed orgs", settings.followedOrgs),
    list("Muted words", settings.mutedWords),
    ...(admins ? [{ label: "Paperboy admins", text: "none", users: admins }] : []),
  ];
}

/** How a channel's schedule reads in a settings view: `09:00 Europe/Berlin, weekdays` or its cron. */
export function describeSchedule(schedule: Schedule): string {
  return schedule.cron
    ? `cron ${schedule.cron} (${schedule.timezone})`
    : `${schedule.time} ${schedule.timezone}, ${schedule.days}`;
}

/** How a channel's alerts read in a settings view: `follow-ups on · rising papers off`. */
export function describeAlerts(settings: Pick<ChannelSettings, "alerts" | "risingAlerts">): string {
  return `follow-ups ${settings.alerts === false ? "off" : "on"} · rising papers ${settings.risingAlerts === true ? "on" : "off"}`;
}

/** How a channel's digest layout reads in a settings view. */
export function describeLayout(layout: DigestLayout): string {
  if (layout === "compact") return "one compact numbered message";
  return layout === "thread" ? "a header with one reply per paper under it" : "one message per paper";
}
