import { type ChannelRef, channelKey, escapeSegment, type Platform } from "./refs.ts";

/**
 * Every key namespace paperboy writes, in one place: the first segment of each stored key. A key is
 * `<namespace>:<segments…>`, each segment escaped with {@link escapeSegment} (or already a
 * {@link channelKey}), so two namespaces, or two records of one, never share a key. Nothing outside
 * this module spells a namespace; repositories build their keys with the functions below.
 */
export const NAMESPACES = {
  /** A channel's settings. */
  channel: "channel",
  /** A channel's paperboy admins, one record per user. */
  channelAdmin: "channel-admin",
  /** The delivery ledger: one paper delivered to one channel on one local date. */
  post: "post",
  /** Which papers a bot message carries. */
  message: "message",
  /** A send about to happen (lease): set before sending, so a resumed digest knows it may be out. */
  attempt: "attempt",
  /** A private answer's "Share to channel" offer: the invocation to answer again, publicly (expires). */
  share: "share",
  /** Team votes, one per (channel, paper, user, emoji). */
  vote: "vote",
  /** 👎 reactions, the same records as votes, apart so no leaderboard counts them. */
  downvote: "downvote",
  /** Reading lists. */
  saved: "saved",
  /** Stored papers by canonical id. */
  paper: "paper",
  /** The log of which papers were written when, for search indexes catching up. */
  paperChanges: "paper-changes",
  /** Papers featured on Hugging Face on a date. */
  featured: "featured",
  /** Papers listed on arXiv on a date. */
  listed: "listed",
  /** Exactly-once claims (lease). */
  claim: "claim",
  /** A channel's planned digest for a local date. */
  plan: "plan",
  /** A paper as a digest plan fixed it (by content), shared by every channel's plan that carries it. */
  planPaper: "plan-paper",
  /** A channel's finished digest for a local date. */
  scheduled: "scheduled",
  /** Platform event ids already handled (lease), so retried events apply once. */
  event: "event",
  /** The `/healthz` write probe. */
  health: "health",
  /** Slack OAuth installations. */
  slackInstallation: "slack:installation",
  /** A tracked paper's last upstream snapshot (code, version, linked repos). */
  followupSnapshot: "followup-snapshot",
  /** A change seen on a tracked paper (code out, new version, …), once per paper and kind. */
  followupEvent: "followup-event",
  /** The follow-up ledger: one paper's change of one kind announced in one channel. */
  followupSent: "followup-sent",
  /** A channel's planned follow-up batch for a local date. */
  followupPlan: "followup-plan",
  /** A channel's finished follow-up batch for a local date. */
  followupDone: "followup-done",
  /** Upstream requests the follow-up refresher spent on a UTC date. */
  followupBudget: "followup-budget",
  /** A paper's recent Hugging Face upvote readings, for rising-paper alerts. */
  risingUpvotes: "rising-upvotes",
  /** The rising ledger: one heads-up about one rising paper in one channel. */
  risingSent: "rising-sent",
  /** The follow-up refresher's share of Hugging Face used in the current 5-minute window. */
  followupWindow: "followup-window",
  /** A paper tracked in a channel for follow-ups: written when the channel upvotes or saves it. */
  tracked: "tracked",
  /** Whether the votes and saves stored before tracked papers were indexed have been adopted. */
  trackedAdopted: "tracked-adopted",
} as const;

const N = NAMESPACES;

/**
 * The namespaces written with the atomic operations (`setIfAbsent`, `deleteIfEquals`, `extendIfEquals`),
 * which each driver keeps apart from plain values. Before they were kept apart, they lived among plain
 * values; a driver adopts the live ones it finds there when it opens (see `legacyLeasePrefixes`).
 */
export const LEASE_NAMESPACES = [N.claim, N.attempt, N.event] as const;

/** `<namespace>:` for a namespace, the prefix every key of it starts with. */
const under = (namespace: string): string => `${namespace}:`;

/** Key of a channel's settings; {@link channelsPrefix} lists them all. */
export const channelSettingsKey = (ref: ChannelRef): string => `${under(N.channel)}${channelKey(ref)}`;
export const channelsPrefix = under(N.channel);
/** Every paperboy admin of one channel (never another channel's, never another workspace's). */
export const channelAdminsPrefix = (ref: ChannelRef): string => `${under(N.channelAdmin)}${channelKey(ref)}:`;
/** One user made a paperboy admin of one channel. */
export const channelAdminKey = (ref: ChannelRef, userId: string): string =>
  `${channelAdminsPrefix(ref)}${escapeSegment(userId)}`;

/** The ledger entry of one paper delivered to a channel on a local date. */
export const postKey = (ref: ChannelRef, date: string, paperId: string): string =>
  `${postsPrefix(ref)}${date}:${escapeSegment(paperId)}`;
/** Every ledger entry of a channel, in date order. */
export const postsPrefix = (ref: ChannelRef): string => `${under(N.post)}${channelKey(ref)}:`;
/** Which papers one bot message in a channel carries. */
export const messageKey = (ref: ChannelRef, messageId: string): string =>
  `${under(N.message)}${channelKey(ref)}:${escapeSegment(messageId)}`;
/** The lease noting a send of one paper to a channel on a local date is under way. */
export const attemptKey = (ref: ChannelRef, date: string, paperId: string): string =>
  `${under(N.attempt)}${channelKey(ref)}:${date}:${escapeSegment(paperId)}`;

/** A "Share to channel" offer, by its random token. */
export const shareKey = (token: string): string => `${under(N.share)}${escapeSegment(token)}`;

/** Which of the two vote namespaces. */
export type VoteKind = typeof N.vote | typeof N.downvote;
/** Every vote of one kind in a channel. */
export const votesPrefix = (kind: VoteKind, ref: ChannelRef): string => `${under(kind)}${channelKey(ref)}:`;
/** Every vote of one kind over a workspace's channels. */
export const workspaceVotesPrefix = (kind: VoteKind, platform: Platform, workspaceId: string): string =>
  `${under(kind)}${escapeSegment(platform)}:${escapeSegment(workspaceId)}:`;
/** Every vote of one kind in every channel. */
export const allVotesPrefix = (kind: VoteKind): string => under(kind);
/** A vote stored before votes were kept per emoji. */
export const legacyVoteKey = (kind: VoteKind, ref: ChannelRef, paperId: string, userId: string): string =>
  `${votesPrefix(kind, ref)}${escapeSegment(paperId)}:${escapeSegment(userId)}`;
/** One user's vote of one kind on one paper with one emoji. */
export const voteKey = (kind: VoteKind, ref: ChannelRef, paperId: string, userId: string, emoji: string) =>
  `${legacyVoteKey(kind, ref, paperId, userId)}:${escapeSegment(emoji)}`;

/** A user on a platform, whose reading list is kept. */
export interface UserKeyRef {
  platform: Platform;
  workspaceId: string;
  userId: string;
}
/** Every saved paper of one user. */
export const savedPrefix = (user: UserKeyRef): string =>
  `${under(N.saved)}${[user.platform, user.workspaceId, user.userId].map(escapeSegment).join(":")}:`;
/** Every saved paper of every user. */
export const allSavedPrefix = under(N.saved);
/** Every saved paper of a workspace's users. */
export const workspaceSavedPrefix = (platform: Platform, workspaceId: string): string =>
  `${under(N.saved)}${escapeSegment(platform)}:${escapeSegment(workspaceId)}:`;
/** One saved paper of one user. */
export const savedKey = (user: UserKeyRef, paperId: string): string =>
  `${savedPrefix(user)}${escapeSegment(paperId)}`;

/** Every stored paper. */
export const papersPrefix = under(N.paper);
/** One stored paper. */
export const paperKey = (id: string): string => `${papersPrefix}${escapeSegment(id)}`;
/** Every entry of the paper change log, in time order. */
export const paperChangesPrefix = under(N.paperChanges);
/** Papers featured on a date. */
export const featuredPrefix = (date: string): string => `${under(N.featured)}${date}:`;
export const featuredKey = (date: string, id: string): string =>
  `${featuredPrefix(date)}${escapeSegment(id)}`;
/** Papers listed on arXiv on a date. */
export const listedPrefix = (date: string): string => `${under(N.listed)}${date}:`;
export const listedKey = (date: string, id: string): string => `${listedPrefix(date)}${escapeSegment(id)}`;

/** The lease of a claim on `name` (e.g. {@link digestClaimName}). */
export const claimKey = (name: string): string => `${under(N.claim)}${name}`;
/** What a channel's scheduled digest for a local date is claimed as: `digest:<channel>:<date>`. */
export const digestClaimName = (ref: ChannelRef, date: string): string => `digest:${channelKey(ref)}:${date}`;
/** What a channel's follow-up batch for a local date is claimed as: `followups:<channel>:<date>`. */
export const followupClaimName = (ref: ChannelRef, date: string): string =>
  `followups:${channelKey(ref)}:${date}`;
/** What one follow-up refresh pass (shared by every channel) is claimed as. */
export const followupRefreshClaimName = "followups:refresh";
/** A channel's planned digest for a local date. */
export const planKey = (ref: ChannelRef, date: string): string =>
  `${under(N.plan)}${channelKey(ref)}:${date}`;
/** A paper as a digest plan fixed it: its id and a hash of its stored text, so each version has its own key. */
export const planPaperKey = (paperId: string, contentHash: string): string =>
  `${under(N.planPaper)}${escapeSegment(paperId)}:${contentHash}`;
/** A channel's finished digest for a local date. */
export const scheduledKey = (ref: ChannelRef, date: string): string =>
  `${under(N.scheduled)}${channelKey(ref)}:${date}`;
/** The lease of a platform event id already being handled. */
export const eventKey = (platform: string, eventId: string): string =>
  `${under(N.event)}${platform}:${eventId}`;
/** The `/healthz` write probe's one key. */
export const healthProbeKey = `${under(N.health)}write-probe`;
/** A Slack OAuth installation, by `team-<id>` or `enterprise-<id>`. */
export const slackInstallationKey = (id: string): string =>
  `${under(N.slackInstallation)}${escapeSegment(id)}`;

/** A tracked paper's last upstream snapshot. */
export const followupSnapshotKey = (paperId: string): string =>
  `${under(N.followupSnapshot)}${escapeSegment(paperId)}`;
/** Every change seen on tracked papers. */
export const followupEventsPrefix = under(N.followupEvent);
/** A change of one kind seen on a tracked paper. */
export const followupEventKey = (paperId: string, kind: string): string =>
  `${followupEventsPrefix}${escapeSegment(paperId)}:${kind}`;
/** Every follow-up ledger entry of a channel. */
export const followupSentPrefix = (ref: ChannelRef): string => `${under(N.followupSent)}${channelKey(ref)}:`;
/** The ledger entry of one paper's change of one kind announced in a channel. */
export const followupSentKey = (ref: ChannelRef, paperId: string, kind: string): string =>
  `${followupSentPrefix(ref)}${escapeSegment(paperId)}:${kind}`;
/** A channel's planned (`plan`) or finished (`done`) follow-up batch for a local date. */
export const followupDayKey = (what: "plan" | "done", ref: ChannelRef, date: string): string =>
  `${under(what === "plan" ? N.followupPlan : N.followupDone)}${channelKey(ref)}:${date}`;
/** Upstream requests the follow-up refresher spent on a UTC date. */
export const followupBudgetKey = (date: string): string => `${under(N.followupBudget)}${date}`;

/** A paper's recent Hugging Face upvote readings. */
export const risingUpvotesKey = (paperId: string): string =>
  `${under(N.risingUpvotes)}${escapeSegment(paperId)}`;
/** The ledger entry of the heads-up about one rising paper in a channel. */
export const risingSentKey = (ref: ChannelRef, paperId: string): string =>
  `${under(N.risingSent)}${channelKey(ref)}:${escapeSegment(paperId)}`;
/** What a channel's rising-paper heads-ups are claimed as while a replica sends them: `rising:<channel>`. */
export const risingClaimName = (ref: ChannelRef): string => `rising:${channelKey(ref)}`;
/** The follow-up refresher's share of Hugging Face used in the current window (one for every replica). */
export const followupWindowKey = `${under(N.followupWindow)}huggingface`;
/** Every tracked paper of every channel. */
export const trackedPrefix = under(N.tracked);
/** One paper tracked in one channel. */
export const trackedKey = (ref: ChannelRef, paperId: string): string =>
  `${trackedPrefix}${channelKey(ref)}:${escapeSegment(paperId)}`;
/** The marker written once the votes and saves stored before tracked papers were indexed are adopted. */
export const trackedAdoptedKey = `${under(N.trackedAdopted)}votes-and-saves`;
