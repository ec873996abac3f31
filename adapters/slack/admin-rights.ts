import type { webApi } from "@slack/bolt";
import type { Configurer } from "../../src/chat/invocation.ts";
import { describeError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";

/** How long a user's admin status is trusted before `users.info` is asked again. */
export const ADMIN_CACHE_MS = 5 * 60 * 1000;
/** How long a channel's creator is remembered: it never changes, so only to bound a long-lived cache. */
export const CREATOR_CACHE_MS = 24 * 60 * 60 * 1000;
/** How long a failed creator lookup is remembered, so a missing scope does not cost a call per command. */
export const CREATOR_FAILURE_CACHE_MS = ADMIN_CACHE_MS;
/** Channels whose creator is remembered at once; the oldest is forgotten first. */
export const CREATOR_CACHE_SIZE = 5_000;

/** What the admin check needs from Slack: `users.info` for one user. */
export type UserLookup = (
  teamId: string,
  userId: string,
) => Promise<{ is_admin?: boolean; is_owner?: boolean } | undefined>;

/** What the creator check needs from Slack: `conversations.info` for one channel. */
export type ChannelLookup = (teamId: string, channelId: string) => Promise<{ creator?: string } | undefined>;

/** The two lookups over Bolt's Web API client, with the workspace's token where OAuth installs hold it. */
export function slackLookups(
  client: webApi.WebClient,
  tokenFor: (teamId: string) => Promise<string | undefined>,
): { lookup: UserLookup; channelLookup: ChannelLookup } {
  return {
    lookup: async (teamId, userId) =>
      (await client.users.info({ token: await tokenFor(teamId), user: userId })).user,
    channelLookup: async (teamId, channelId) =>
      (await client.conversations.info({ token: await tokenFor(teamId), channel: channelId })).channel,
  };
}

/** Who may configure a Slack channel, and whether one user may. */
export interface SlackRights {
  /** Workspace admins and owners, and the channel's creator; false (logged) when Slack cannot tell. */
  isAdmin(teamId: string, channelId: string, userId: string): Promise<boolean>;
  /** Who may, in Slack's words: workspace admins and owners, the channel's creator by name. */
  whoCan(teamId: string, channelId: string): Promise<Configurer[]>;
}

const WORKSPACE_ADMINS: Configurer = { who: "workspace admins and owners" };
const CREATOR = "the channel's creator";

/** A channel's creator as looked up: the user, none (a DM), or why Slack did not say. */
type CreatorAnswer = { creator?: string; unknown?: string; until: number };

/**
 * Who may change channel settings on Slack (the runtime checks the `PAPERBOY_ADMINS` allow-list and the
 * channel's paperboy admins first): workspace admins and owners (`users.info`) and the channel's creator
 * (`conversations.info`). Answers are cached (admin status for minutes, a creator for a day); when Slack
 * cannot be asked (a missing `channels:read`/`groups:read` scope, a private channel the bot is not in),
 * the user is treated as a non-admin, the failure is logged, and `whoCan` says why the creator is unknown.
 */
export function createSlackRights(options: {
  lookup: UserLookup;
  channelLookup: ChannelLookup;
  logger: Logger;
  /** Wall-clock milliseconds, for the caches. */
  clock?: () => number;
}): SlackRights {
  const now = options.clock ?? Date.now;
  const admins = new Map<string, { admin: boolean; until: number }>();
  const creators = new Map<string, CreatorAnswer>();

  async function workspaceAdmin(teamId: string, userId: string): Promise<boolean> {
    const key = `${teamId}:${userId}`;
    const cached = admins.get(key);
    if (cached && cached.until > now()) return cached.admin;
    try {
      const user = await options.lookup(teamId, userId);
      const admin = Boolean(user?.is_admin || user?.is_owner);
      admins.set(key, { admin, until: now() + ADMIN_CACHE_MS });
      return admin;
    } catch (error) {
      options.logger.warn(
        { err: error, teamId, userId },
        `users.info failed, treating the user as a non-admin: ${describeError(error)}`,
      );
      return false;
    }
  }

  async function creatorOf(teamId: string, channelId: string): Promise<CreatorAnswer> {
    const key = `${teamId}:${channelId}`;
    const cached = creators.get(key);
    if (cached && cached.until > now()) return cached;
    let answer: CreatorAnswer;
    try {
      const channel = await options.channelLookup(teamId, channelId);
      answer = { ...(channel?.creator ? { creator: channel.creator } : {}), until: now() + CREATOR_CACHE_MS };
    } catch (error) {
      const reason = slackErrorCode(error);
      options.logger.warn(
        { err: error, teamId, channelId },
        `conversations.info failed, so the channel's creator is not known: ${describeError(error)}`,
      );
      answer = { unknown: `Slack answered ${reason}`, until: now() + CREATOR_FAILURE_CACHE_MS };
    }
    creators.delete(key);
    creators.set(key, answer);
    if (creators.size > CREATOR_CACHE_SIZE) {
      const oldest = creators.keys().next().value;
      if (oldest !== undefined) creators.delete(oldest);
    }
    return answer;
  }

  return {
    async isAdmin(teamId, channelId, userId) {
      if (await workspaceAdmin(teamId, userId)) return true;
      return (await creatorOf(teamId, channelId)).creator === userId;
    },
    async whoCan(teamId, channelId) {
      const { creator, unknown } = await creatorOf(teamId, channelId);
      if (creator) return [WORKSPACE_ADMINS, { who: CREATOR, user: creator }];
      if (unknown) return [WORKSPACE_ADMINS, { who: CREATOR, unknown }];
      return [WORKSPACE_ADMINS];
    },
  };
}

/** Slack's error code from a Web API error (`missing_scope (needs channels:read)`), or a short cause. */
function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown; needed?: unknown } } | undefined)?.data;
  if (typeof data?.error === "string") {
    return typeof data.needed === "string" ? `${data.error} (needs ${data.needed})` : data.error;
  }
  return "nothing usable";
}
