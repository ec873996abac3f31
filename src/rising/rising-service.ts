import { ChannelUnavailableError, type ChatAdapter } from "../chat/adapter.ts";
import { type Reply, shownPapers } from "../chat/reply.ts";
import { channelTaste } from "../digest/channel-taste.ts";
import { BACKGROUND_DAYS, DEDUP_DAYS, timezoneOf } from "../digest/digest-service.ts";
import { RankedDay } from "../digest/ranked-day.ts";
import { describeError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Catalog } from "../papers/catalog.ts";
import { dedupePapers } from "../papers/merge.ts";
import type { Paper } from "../papers/paper.ts";
import { DEFAULT_BLEND } from "../ranking/blend.ts";
import { DocumentFrequencies } from "../ranking/taste.ts";
import type { ChannelSettings } from "../store/channel-repository.ts";
import { risingClaimName } from "../store/keys.ts";
import { RISING_LEDGER_PREFIX } from "../store/post-repository.ts";
import { type ChannelRef, channelKey } from "../store/refs.ts";
import type { Store } from "../store/store.ts";
import { addDays, localDate } from "../time.ts";
import { risingMatches } from "./rising-match.ts";
import { risingText } from "./rising-message.ts";
import { type Climb, climbOf, isRising } from "./velocity.ts";

/** How long a pass waits for a day's Hugging Face listing before using what is stored. */
const FETCH_BUDGET_MS = 30_000;
/** How long a replica's claim on a channel's heads-ups lasts: one channel's sends at most. */
const CLAIM_TTL_MS = 10 * 60_000;

/** What a rising pass needs. */
export interface RisingServiceOptions {
  store: Store;
  /** Asked for today's and yesterday's daily papers: fetching them when stale records upvote readings. */
  catalog: Pick<Catalog, "forDate">;
  adapters: readonly ChatAdapter[];
  logger: Logger;
  now: () => Date;
  /** The time zone of channels without a schedule: their "today" for the digest check. */
  defaultTimezone: string;
  /** The digest's topic matcher, so a followed topic matches here what it matches there. */
  matchesTopic?: (paper: Paper, topic: string) => boolean;
  /** This process's name in claims. */
  holder: string;
}

/** One heads-up a pass posted, or would post in a dry run. */
export interface RisingPost {
  channel: string;
  paperId: string;
  title: string;
  text: string;
  /** Where it landed; absent in a dry run. */
  messageId?: string;
}

interface Riser {
  paper: Paper;
  climb: Climb;
}

/**
 * Rising papers: for each channel with `/papers alerts rising on`, one heads-up in the channel about each
 * paper featured on Hugging Face today or yesterday (UTC) that is climbing fast (`isRising`) and matches
 * the channel's follows or taste (`risingMatches`), unless the channel already got it in a digest (the
 * digest's 14-day window, which includes today's) or a heads-up. Each send is claimed per channel, noted
 * as an attempt, and recorded in the rising ledger (channel, paper), so a restart, a takeover or a second
 * replica never posts one twice; its message is recorded with its paper in the delivery ledger, so
 * reactions on it count like on a digest's card.
 */
export class RisingService {
  constructor(private readonly options: RisingServiceOptions) {}

  /** One pass; `dryRun` records and posts nothing and returns what it would post. */
  async pass(dryRun = false): Promise<RisingPost[]> {
    const { store, logger } = this.options;
    const channels = (await store.channels.list()).filter((settings) => settings.risingAlerts === true);
    if (channels.length === 0) return [];
    const now = this.options.now();
    const today = now.toISOString().slice(0, 10);
    const days = await Promise.all(
      [today, addDays(today, -1)].map((date) =>
        this.options.catalog.forDate(date, { budgetMs: FETCH_BUDGET_MS }),
      ),
    );
    const papers = dedupePapers(days.flatMap((day) => day.value));
    const histories = await store.rising.histories(papers.map((paper) => paper.id));
    const risers = papers.flatMap((paper): Riser[] => {
      const climb = climbOf(histories.get(paper.id) ?? [], now);
      return isRising(climb) ? [{ paper, climb }] : [];
    });
    if (risers.length === 0) return [];
    let background: DocumentFrequencies | undefined;
    const day = new RankedDay(papers, {
      date: today,
      now,
      matchesTopic: this.options.matchesTopic,
      background: () => background,
    });
    const loadBackground = async () => {
      background ??= new DocumentFrequencies(
        await store.papers.featuredBetween(addDays(today, -BACKGROUND_DAYS), addDays(today, -1)),
      );
    };
    const posts: RisingPost[] = [];
    for (const settings of channels) {
      try {
        posts.push(...(await this.channelPass(settings, day, risers, loadBackground, dryRun)));
      } catch (error) {
        logger.error(
          { channel: channelKey(settings), err: error },
          `rising-paper heads-ups for a channel failed; they are tried again at the next pass: ${describeError(error)}`,
        );
      }
    }
    return posts;
  }

  private async channelPass(
    settings: ChannelSettings,
    day: RankedDay,
    risers: readonly Riser[],
    loadBackground: () => Promise<void>,
    dryRun: boolean,
  ): Promise<RisingPost[]> {
    const { store, holder, logger } = this.options;
    const channel: ChannelRef = {
      platform: settings.platform,
      workspaceId: settings.workspaceId,
      channelId: settings.channelId,
    };
    const adapter = this.options.adapters.find((candidate) => candidate.platform === channel.platform);
    if (!adapter && !dryRun) return [];
    const now = this.options.now();
    const date = localDate(now, timezoneOf(settings, this.options.defaultTimezone));
    const blend = settings.ranking ?? DEFAULT_BLEND;
    const [posted, taste] = await Promise.all([
      store.posts.since(channel, addDays(date, -DEDUP_DAYS)),
      blend === "trending" ? [] : channelTaste(store, channel, settings, now),
    ]);
    if (taste.length > 0) await loadBackground();
    const seen = new Set(posted.map((post) => post.paperId));
    const fresh = risers.filter((riser) => !seen.has(riser.paper.id));
    const matches = risingMatches(
      day,
      fresh.map((riser) => riser.paper.id),
      { ...settings, blend, taste },
    );
    const due: { riser: Riser; text: string }[] = [];
    for (const riser of fresh) {
      const reasons = matches.get(riser.paper.id);
      if (!reasons || (await store.rising.wasSent(channel, riser.paper.id))) continue;
      due.push({ riser, text: risingText(riser.paper, riser.climb, reasons) });
    }
    const key = channelKey(channel);
    const post = ({ riser, text }: (typeof due)[number], messageId?: string): RisingPost => ({
      channel: key,
      paperId: riser.paper.id,
      title: riser.paper.title,
      text,
      ...(messageId ? { messageId } : {}),
    });
    if (dryRun || !adapter) return due.map((item) => post(item));
    if (due.length === 0) return [];
    const claimKey = risingClaimName(channel);
    if (!(await store.claims.claim(claimKey, holder, CLAIM_TTL_MS))) return [];
    const sent: RisingPost[] = [];
    try {
      for (const item of due) {
        const paperId = item.riser.paper.id;
        // Checked again under the claim: another replica may have sent it since the list was made.
        if (await store.rising.wasSent(channel, paperId)) continue;
        const ledgerId = `${RISING_LEDGER_PREFIX}${paperId}`;
        const possiblySent = await store.posts.markAttempt(channel, date, ledgerId);
        const reply: Reply = { kind: "message", tone: "info", text: item.text, paperId };
        let messageId: string;
        try {
          messageId = (
            await adapter.post(channel, reply, {
              idempotencyKey: `${key}:${date}:${ledgerId}`,
              ...(possiblySent ? { possiblySent } : {}),
            })
          ).messageId;
        } catch (error) {
          if (!(error instanceof ChannelUnavailableError)) throw error;
          // The channel is closed to the bot: this heads-up is dropped, not tried every pass.
          logger.warn({ channel: key, reason: error.reason }, "channel unavailable; rising heads-up dropped");
          await store.rising.recordSent(channel, paperId, {
            messageId: "",
            date,
            postedAt: now.toISOString(),
          });
          return sent;
        }
        const postedAt = this.options.now().toISOString();
        // The heads-up shows one paper: 👍, 🔖 and 👎 on it count for it, as on a digest's card.
        await store.posts.recordMessage(channel, {
          date,
          ledgerId,
          messageId,
          postedAt,
          paperIds: shownPapers(reply),
        });
        await store.rising.recordSent(channel, paperId, { messageId, date, postedAt });
        sent.push(post(item, messageId));
      }
    } finally {
      await store.claims.release(claimKey, holder).catch(() => undefined);
    }
    if (sent.length > 0) logger.info({ channel: key, posted: sent.length }, "rising-paper heads-ups posted");
    return sent;
  }
}
