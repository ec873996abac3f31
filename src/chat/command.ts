import type { z } from "zod";
import type { Digest } from "../digest/digest.ts";
import type { DigestService } from "../digest/digest-service.ts";
import type { Logger } from "../log.ts";
import type { Catalog } from "../papers/catalog.ts";
import type { FollowUpsOfWeek } from "../recap/recap.ts";
import type { Store } from "../store/store.ts";
import type { CommandOption } from "./command-option.ts";
import type { Invocation } from "./invocation.ts";
import type { Reply } from "./reply.ts";

export type { CommandOption } from "./command-option.ts";

/** What a command may use. Commands never talk to a platform: they read and write the store and return data. */
export interface CommandContext {
  invocation: Invocation;
  store: Store;
  catalog: Catalog;
  digests: DigestService;
  /** Posts a digest into the invocation's channel (header, then one message per paper). */
  deliver: (digest: Digest, note?: string) => Promise<{ posted: number; skipped: number }>;
  now: () => Date;
  /** Defaults for channels that have not chosen: the configured time zone and digest size. */
  defaults: { timezone: string; digestSize: number };
  logger: Logger;
  /** The command table, for help. */
  commands: readonly Command[];
  /** Follow-ups of the week for `/papers recap now`; none when unset. */
  followUps?: FollowUpsOfWeek;
}

/**
 * One `/papers` subcommand: its help, its arguments as a zod schema, how free text maps onto them,
 * and what it does. The same definition serves Slack, Discord and the console.
 */
export interface Command<Args = unknown> {
  name: string;
  summary: string;
  usage: string;
  /** Changing channel settings (or posting for everyone): only channel admins may run it. */
  admin: boolean;
  /**
   * What a refused user asked to do, for the refusal ("post today's digest here"); default "change this
   * channel's settings with `/papers <name>`".
   */
  refusal?: string;
  /**
   * For a command anyone may run whose some uses change settings (`recap monday 09:00`, unlike
   * `recap now`): whether the text asks for one of those, so an adapter that looks rights up only when
   * they matter (Slack asks its API) does so. The command itself refuses non-admins.
   */
  adminWhen?: (text: string) => boolean;
  /**
   * Open to everyone, but reads `invocation.isAdmin` for part of what it does (`taste reset`), so the
   * runtime settles the user's rights for it as for an admin command, and says who may configure the
   * channel (`invocation.configurers`) even when the user may.
   */
  checksAdmin?: boolean;
  /** Answer only the person who asked (ephemeral) where the platform can. */
  private: boolean;
  /**
   * A private answer that carries papers comes with a "Share to channel" button (where the platform has
   * one) that posts the same cards in the channel, votable; see `share.ts`.
   */
  shareable?: boolean;
  options: readonly CommandOption[];
  args: z.ZodType<Args>;
  /** Maps the text after the subcommand onto the option object `args` validates. */
  fromText: (text: string) => Record<string, unknown>;
  run: (context: CommandContext, args: Args) => Promise<Reply>;
}

/** Declares a command with its argument type inferred from the schema. */
export function defineCommand<Schema extends z.ZodType>(
  command: Omit<Command<z.output<Schema>>, "args"> & { args: Schema },
): Command<z.output<Schema>> {
  return command as Command<z.output<Schema>>;
}

/** Whether running `command` with `text` depends on the invoker being a channel admin. */
export function needsAdmin(command: Pick<Command, "admin" | "adminWhen">, text: string): boolean {
  return command.admin || (command.adminWhen?.(text) ?? false);
}
