import type { Digest } from "../digest/digest.ts";
import type { Paper } from "../papers/paper.ts";
import type { Recap } from "../recap/recap.ts";
import type { ChannelSettings } from "../store/channel-repository.ts";
import type { CommandOption } from "./command-option.ts";

/** A paper as listed in a reply: the paper plus the sentence that sums it up and why it is here. */
export interface PaperEntry {
  paper: Paper;
  tldr: string;
  why?: string;
  /** Team votes, where the list is a leaderboard. */
  votes?: number;
}

/** One entry of the help listing: the text syntax, and the typed options platforms with slash options show. */
export interface HelpEntry {
  name: string;
  usage: string;
  summary: string;
  admin: boolean;
  options: readonly CommandOption[];
}

/**
 * What a command returns: data, never platform calls. Every adapter renders every kind; `private`
 * replies are shown only to the person who asked where the platform can (ephemeral).
 */
export type Reply = (
  | { kind: "digest"; digest: Digest }
  | { kind: "header"; digest: Digest; threaded?: boolean }
  | { kind: "papers"; title: string; entries: PaperEntry[]; empty: string }
  | { kind: "paper"; entry: PaperEntry; rank?: number }
  | {
      kind: "settings";
      settings: ChannelSettings;
      defaults: { timezone: string; digestSize: number };
      /** The channel's paperboy admins (user ids), shown as mentions; absent when unknown. */
      admins?: readonly string[];
    }
  | {
      kind: "message";
      text: string;
      tone: "info" | "success" | "warning";
      /** The user ids whose `mentionToken`s in `text` are shown as the platform's mentions. */
      mentions?: readonly string[];
      /**
       * The one paper the message is about (a rising-paper heads-up, a follow-up): whoever posts it in a
       * channel records it, so 👍 and 🔖 on the message count for that paper.
       */
      paperId?: string;
    }
  | { kind: "usage"; error: string; usage: string }
  | { kind: "help"; entries: HelpEntry[] }
  | { kind: "recap"; recap: Recap }
) & {
  private?: boolean;
  /** A short line about where the data came from, e.g. "Hugging Face is unreachable; showing stored papers." */
  note?: string;
};

/**
 * The papers a posted message of this reply shows, in order, that reactions on it can point at: a
 * paper card's paper, a compact digest's items (numbered reactions), a message about one paper. Every
 * poster records these with the message's id (the ledger), so a message invites reactions only if this
 * is not empty; a header, a list lead, a recap or a notice shows none.
 */
export function shownPapers(reply: Reply): string[] {
  switch (reply.kind) {
    case "paper":
      return [reply.entry.paper.id];
    case "digest":
      return reply.digest.items.map((item) => item.paper.id);
    case "message":
      return reply.paperId ? [reply.paperId] : [];
    default:
      return [];
  }
}

/** How a Reply is to be rendered, beyond its data. */
export interface RenderOptions {
  /**
   * The message is posted where its sender records which paper it shows (a digest's delivery), so
   * reactions on it count: only then does it invite them. Command answers are not recorded (a shared
   * answer is posted again, votable, through the runtime).
   */
  votable?: boolean;
  /**
   * A private answer the person who asked may share: show a "Share to channel" button carrying this
   * token (a key to the offer the runtime stored, nothing more). Only platforms with the share capability
   * are given one.
   */
  share?: string;
}
