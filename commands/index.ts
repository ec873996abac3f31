import type { Command } from "../src/chat/command.ts";
import { admins } from "./admins.ts";
import { alerts } from "./alerts.ts";
import { follow } from "./follow.ts";
import { follows } from "./follows.ts";
import { help } from "./help.ts";
import { layout } from "./layout.ts";
import { mute } from "./mute.ts";
import { paper } from "./paper.ts";
import { post } from "./post.ts";
import { ranking } from "./ranking.ts";
import { recap } from "./recap.ts";
import { saved } from "./saved.ts";
import { schedule } from "./schedule.ts";
import { settings } from "./settings.ts";
import { taste } from "./taste.ts";
import { today } from "./today.ts";
import { top } from "./top.ts";
import { topic } from "./topic.ts";
import { unfollow } from "./unfollow.ts";
import { unmute } from "./unmute.ts";

/** Every `/papers` subcommand, in the order help lists them. */
export const commands: readonly Command[] = [
  today,
  topic,
  top,
  paper,
  saved,
  follow,
  unfollow,
  follows,
  mute,
  unmute,
  schedule,
  recap,
  layout,
  ranking,
  taste,
  alerts,
  admins,
  post,
  settings,
  help,
] as Command[];
