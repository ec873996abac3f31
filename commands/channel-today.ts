import type { CommandContext } from "../src/chat/command.ts";
import { channelOf } from "../src/chat/invocation.ts";
import { type DigestAnswer, timezoneOf } from "../src/digest/digest-service.ts";
import { localDate } from "../src/time.ts";

/** Today's digest for the invoking channel: "today" is the date in the channel's time zone. */
export async function channelTodayDigest(context: CommandContext): Promise<DigestAnswer> {
  const channel = channelOf(context.invocation);
  const settings = await context.store.channels.get(channel);
  const date = localDate(context.now(), timezoneOf(settings, context.defaults.timezone));
  return context.digests.forChannel(channel, date);
}
