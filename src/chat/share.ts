import type { Logger } from "../log.ts";
import { SHARED_LEDGER_PREFIX } from "../store/post-repository.ts";
import { type ChannelRef, channelKey } from "../store/refs.ts";
import type { ShareOffer } from "../store/share-repository.ts";
import type { Store } from "../store/store.ts";
import { ChannelUnavailableError, type PostedMessage, type PostOptions } from "./adapter.ts";
import { itemEntry } from "./entries.ts";
import type { Invocation } from "./invocation.ts";
import { PAPERS_REACTION_HINT } from "./render-text.ts";
import type { Reply } from "./reply.ts";

/** A click on a "Share to channel" button, as a platform hands it over: where, who, and the button's token. */
export interface ShareClick {
  channel: ChannelRef;
  userId: string;
  /** What the button carried; only a key to an offer we stored, never trusted for anything else. */
  token: string;
}

/** The label of the button every platform shows under a shareable private answer. */
export const SHARE_LABEL = "Share to channel";

/** What a shared answer posts: a lead message (for a list) and one card per paper, each its own message. */
export interface SharedPosts {
  lead?: Reply;
  cards: (Reply & { kind: "paper" })[];
}

/**
 * The public posts of an answer that carries papers: a single card as itself; a list or a digest as a
 * lead line and one card per paper, so each card takes 👍 and 🔖 like a digest's paper message.
 * Undefined when the answer carries no paper (nothing to share) or is the bundled sample, which is
 * never posted in a channel.
 */
export function sharedPosts(reply: Reply): SharedPosts | undefined {
  if (reply.kind === "digest" && reply.digest.sample) return undefined;
  const note = reply.note ? { note: reply.note } : {};
  if (reply.kind === "paper") {
    return {
      cards: [{ kind: "paper", entry: reply.entry, ...(reply.rank ? { rank: reply.rank } : {}), ...note }],
    };
  }
  const listed =
    reply.kind === "papers"
      ? { title: reply.title, entries: reply.entries.map((entry, index) => ({ entry, rank: index + 1 })) }
      : reply.kind === "digest"
        ? {
            title: reply.digest.title,
            entries: reply.digest.items.map((item) => ({ entry: itemEntry(item), rank: item.rank })),
          }
        : undefined;
  if (!listed || listed.entries.length === 0) return undefined;
  const count = listed.entries.length;
  const lead: Reply = {
    kind: "message",
    tone: "info",
    text: `${listed.title}: ${count} paper${count === 1 ? "" : "s"} in the replies. ${PAPERS_REACTION_HINT}`,
    ...note,
  };
  return {
    lead,
    cards: listed.entries.map(({ entry, rank }) => ({ kind: "paper", entry, rank })),
  };
}

/** What sharing needs of the runtime: the store, answering a command again, and posting. */
export interface ShareDeps {
  store: Store;
  logger: Logger;
  now: () => Date;
  /** Answers an invocation as a command (per-user limit included). */
  handle(invocation: Invocation): Promise<Reply>;
  post(channel: ChannelRef, reply: Reply, options: PostOptions): Promise<PostedMessage>;
  /** Posts under an earlier message where the platform has threads (or replies). */
  replyInThread?(
    channel: ChannelRef,
    parentId: string,
    reply: Reply,
    options: PostOptions,
  ): Promise<PostedMessage>;
}

/** Stores a "Share to channel" offer for a private answer that carries papers; returns its token. */
export async function offerShare(
  store: Store,
  invocation: Invocation,
  reply: Reply,
  now: Date,
): Promise<string | undefined> {
  if (!sharedPosts(reply)) return undefined;
  const { platform, workspaceId, channelId, userId, command, text, options } = invocation;
  return store.shares.offer({
    platform,
    workspaceId,
    channelId,
    userId,
    command,
    text,
    ...(options ? { options } : {}),
    offeredAt: now.toISOString(),
  });
}

const privateMessage = (tone: "info" | "success" | "warning", text: string): Reply => ({
  kind: "message",
  tone,
  text,
  private: true,
});

/** The answer to a button that no longer works (expired, unknown, or another person's or channel's). */
export const STALE_SHARE_REPLY = privateMessage(
  "warning",
  "That Share button no longer works: an answer can be shared for 12 hours, by the person who asked, in the channel it was asked in. Run the command again for a fresh one.",
);

/**
 * Shares a private answer in its channel: the cards are answered again from the stored offer (the
 * click's token only finds it), under the same per-user limit as commands, and posted once per offer:
 * a second click, or a click racing the first, gets "already shared" instead of a second post. Each
 * card goes through the ledger (`_share:<token>:<n>`) with the papers its message shows, so reactions
 * on it count, and a share cut off halfway resumes where it stopped. Returns the private answer to the
 * person who clicked.
 */
export async function shareAnswer(deps: ShareDeps, click: ShareClick): Promise<Reply> {
  const { store } = deps;
  const offer = await store.shares.get(click.token);
  if (!offer || !sameAsker(offer, click)) return STALE_SHARE_REPLY;
  const channel = click.channel;
  const date = offer.offeredAt.slice(0, 10);
  const done = `_shared:${click.token}`;
  if (await store.posts.find(channel, date, done)) {
    return privateMessage("info", "Already shared in this channel.");
  }
  const taken = await store.events.take(channel.platform, `share-click:${click.token}`);
  if (!taken) return privateMessage("info", "Already being shared: it will be in the channel in a moment.");
  try {
    const invocation: Invocation = {
      platform: offer.platform,
      workspaceId: offer.workspaceId,
      channelId: offer.channelId,
      userId: offer.userId,
      isAdmin: false,
      command: offer.command,
      text: offer.text,
      ...(offer.options ? { options: offer.options } : {}),
    };
    const reply = await deps.handle(invocation);
    const posts = sharedPosts(reply);
    if (!posts) {
      await taken.release();
      if (reply.kind === "message" || reply.kind === "usage") return { ...reply, private: true };
      return privateMessage("info", "There is nothing to share any more: that answer has no papers now.");
    }
    const count = await postShared(deps, channel, date, click.token, posts);
    await store.posts.recordMessage(channel, {
      date,
      ledgerId: done,
      messageId: count.first,
      postedAt: deps.now().toISOString(),
      paperIds: [],
    });
    const papers = `${count.cards} paper${count.cards === 1 ? "" : "s"}`;
    return privateMessage(
      "success",
      `Shared in the channel: ${papers}. Reactions there count: 👍 upvotes, 🔖 saves to your reading list.`,
    );
  } catch (error) {
    await taken.release();
    if (error instanceof ChannelUnavailableError) {
      return privateMessage(
        "warning",
        `I can't post in this channel (${error.reason}). Invite me to it first, then share again.`,
      );
    }
    throw error;
  }
}

/** Whether a click comes from the person the offer answered, in the channel they asked in. */
function sameAsker(offer: ShareOffer, click: ShareClick): boolean {
  return (
    offer.platform === click.channel.platform &&
    offer.workspaceId === click.channel.workspaceId &&
    offer.channelId === click.channel.channelId &&
    offer.userId === click.userId
  );
}

/**
 * Posts the lead and the cards, each at most once: a message already in the ledger is not sent again,
 * a cut-off attempt is looked up before sending again (where the platform can), and each card's message
 * is recorded with its paper as soon as it lands. Cards go under the lead where the platform has threads.
 */
async function postShared(
  deps: ShareDeps,
  channel: ChannelRef,
  date: string,
  token: string,
  posts: SharedPosts,
): Promise<{ first: string; cards: number }> {
  const { store } = deps;
  const once = async (part: string, reply: Reply, paperIds: string[], parent?: string): Promise<string> => {
    const ledgerId = `${SHARED_LEDGER_PREFIX}${token}:${part}`;
    const earlier = await store.posts.find(channel, date, ledgerId);
    if (earlier) return earlier.messageId;
    const possiblySent = await store.posts.markAttempt(channel, date, ledgerId);
    const options: PostOptions = {
      idempotencyKey: `${channelKey(channel)}:share:${token}:${part}`,
      ...(possiblySent ? { possiblySent } : {}),
    };
    const landed =
      parent && deps.replyInThread
        ? await deps.replyInThread(channel, parent, reply, options)
        : await deps.post(channel, reply, options);
    await store.posts.recordMessage(channel, {
      date,
      ledgerId,
      messageId: landed.messageId,
      postedAt: deps.now().toISOString(),
      paperIds,
    });
    return landed.messageId;
  };
  const lead = posts.lead ? await once("lead", posts.lead, []) : undefined;
  let first = lead;
  for (const [index, card] of posts.cards.entries()) {
    const id = await once(String(index), card, [card.entry.paper.id], lead);
    first ??= id;
  }
  if (!first) throw new Error("[paperboy] a shared answer posted no message");
  return { first, cards: posts.cards.length };
}
