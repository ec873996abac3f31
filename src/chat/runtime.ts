import { describeError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics.ts";
import type { ChannelRef, Platform } from "../store/refs.ts";
import type { Store } from "../store/store.ts";
import {
  ChannelUnavailableError,
  type ChatAdapter,
  type PostedMessage,
  type PostOptions,
} from "./adapter.ts";
import { isListedAdmin } from "./admins.ts";
import { AnswerQueue } from "./answer-queue.ts";
import { type Command, needsAdmin } from "./command.ts";
import { type Configurer, channelOf, type Invocation } from "./invocation.ts";
import type { PlatformAdapter } from "./platform.ts";
import { unavailableReason } from "./platform.ts";
import { NUMBER_EMOJI, onFirstDelivery, type ReactionEvent, type ReactionService } from "./reactions.ts";
import type { Reply } from "./reply.ts";
import { offerShare, type ShareClick, shareAnswer } from "./share.ts";

/** What the runtime needs of the core (an `App` fits). */
export interface RuntimeCore {
  commands: readonly Command[];
  store: Store;
  reactions: ReactionService;
  metrics: Metrics;
  logger: Logger;
  config: { admins: readonly string[] };
  now: () => Date;
  handle(invocation: Invocation, adapter?: ChatAdapter): Promise<Reply>;
  complete(invocation: Invocation, option: string, typed: string): Promise<string[]>;
}

/** How an answer reaches the person who asked, in the platform's terms. */
export interface Responder<Message> {
  /**
   * Sends the rendered answer. `deferred` says the acknowledgement went ahead through `defer` (publicly
   * or privately), so the answer replaces it; absent, the answer is the acknowledgement or follows one
   * the platform sent itself.
   */
  answer(messages: Message[], reply: Reply, deferred?: { privately: boolean }): Promise<void>;
  /**
   * Capability: acknowledge now, answer later (Discord's deferral). Without it, the platform acknowledged
   * the command before handing it over (Slack's `ack()`, the console's prompt).
   */
  defer?(privately: boolean): Promise<void>;
}

/** One command as a platform hands it to the runtime. */
export interface CommandRequest<Message> {
  /** What was typed; a Reply instead when the event cannot be a command here (a DM on Discord). */
  invocation: Invocation | Reply;
  /**
   * Asks the platform whether the user may configure the channel (Slack: workspace admin or owner, or
   * the channel's creator; Discord: Manage Channels there): only for admin commands, after the
   * `PAPERBOY_ADMINS` allow-list and the channel's paperboy admins.
   */
  isAdmin?: () => Promise<boolean>;
  /** Who may configure the channel on the platform, in its words (for refusals and `/papers admins`). */
  whoCan?: () => Promise<readonly Configurer[]>;
  respond: Responder<Message>;
}

/** A click on a "Share to channel" button, as a platform hands it to the runtime. */
export interface ShareRequest<Message> {
  click: ShareClick;
  /** How the answer (shared, already shared, expired) reaches the person who clicked, privately. */
  respond: Responder<Message>;
}

/** Options for a runtime. */
export interface RuntimeOptions {
  /**
   * With a `defer` capability: a lone command's answer not ready after this long is deferred (0: always
   * defer); a command arriving while others are being answered is deferred at once.
   */
  deferAfterMs?: number;
  /** How long an answer waits for acknowledgements still being sent. Default `ACK_PRIORITY_MS`. */
  ackPriorityMs?: number;
}

/**
 * The chat runtime every platform shares. Inbound, it answers commands (admin rights, the answer queue
 * and ack timing, dispatch, render, respond) and applies reactions (event dedup, votes and saves), each as
 * isolated tracked work: one failure is logged and the rest go on. Outbound, it is the `ChatAdapter` the
 * scheduler and `/papers post` deliver through: render → send with a ledger key per message, a history
 * lookup for cut-off attempts, numbered reactions, DMs, and the platform's error table mapped to
 * `ChannelUnavailableError`.
 */
export class ChatRuntime<Message> implements ChatAdapter {
  readonly platform: Platform;
  readonly logger: Logger;
  readonly addNumberReactions?: ChatAdapter["addNumberReactions"];
  readonly notifyUser?: ChatAdapter["notifyUser"];
  readonly health?: ChatAdapter["health"];
  readonly #pending = new Set<Promise<unknown>>();
  readonly #answers: AnswerQueue;
  readonly #deferAfterMs: number;

  constructor(
    readonly core: RuntimeCore,
    readonly adapter: PlatformAdapter<Message>,
    options: RuntimeOptions & { logger?: Logger } = {},
  ) {
    this.platform = adapter.platform;
    this.logger = options.logger ?? core.logger.child({ platform: adapter.platform });
    this.#answers = new AnswerQueue({ ackPriorityMs: options.ackPriorityMs });
    this.#deferAfterMs = options.deferAfterMs ?? 0;
    const { react, sendDirect, health } = adapter;
    if (react) {
      this.addNumberReactions = async (channel, messageId, count) => {
        for (const emoji of NUMBER_EMOJI.slice(0, count))
          await react.call(adapter, channel, messageId, emoji);
      };
    }
    if (sendDirect) {
      this.notifyUser = async (workspaceId, userId, reply) => {
        for (const message of adapter.render(reply))
          await sendDirect.call(adapter, workspaceId, userId, message);
      };
    }
    if (health) this.health = () => health.call(adapter);
  }

  async start(): Promise<void> {
    await this.adapter.start();
  }

  /** Lets the work in flight finish, then disconnects the platform. */
  async stop(): Promise<void> {
    this.adapter.stopping?.();
    await this.idle();
    await this.adapter.stop();
  }

  /** Resolves once every command and reaction still being handled is done. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Marks an acknowledgement (any request in flight) as being sent: answers wait for it; call the result when done. */
  acknowledging(): () => void {
    return this.#answers.acknowledging();
  }

  /** Counts `work` as in flight until it settles; a failure is logged as `could not <what>`, never thrown. */
  track(work: Promise<unknown>, what: string, details: Record<string, unknown> = {}): void {
    const guarded = work.catch((error: unknown) =>
      this.logger.error({ err: error, ...details }, `could not ${what}: ${describeError(error)}`),
    );
    this.#pending.add(guarded);
    void guarded.finally(() => this.#pending.delete(guarded));
  }

  /** Answers one command (tracked; never throws): resolves once the answer is sent or has failed. */
  answer(request: CommandRequest<Message>): Promise<void> {
    const work = this.#answer(request);
    const command = "platform" in request.invocation ? request.invocation.command : undefined;
    this.track(work, `answer /papers ${command || ""}`.trim(), { command });
    return work.catch(() => undefined);
  }

  /**
   * Shares a private answer in its channel, once, on a click of its "Share to channel" button (see
   * `shareAnswer`), and tells the person who clicked how it went, privately. Tracked; never throws.
   */
  share(request: ShareRequest<Message>): Promise<void> {
    const work = this.#share(request);
    this.track(work, "share an answer", { channel: request.click.channel.channelId });
    return work.catch(() => undefined);
  }

  async #share({ click, respond }: ShareRequest<Message>): Promise<void> {
    const deferred = respond.defer ? { privately: true } : undefined;
    if (respond.defer) await respond.defer(true);
    const reply = await shareAnswer(
      {
        store: this.core.store,
        logger: this.logger,
        now: this.core.now,
        handle: (invocation) => this.core.handle(invocation, this),
        post: (channel, reply, options) => this.post(channel, reply, options),
        replyInThread: (channel, parent, reply, options) =>
          this.replyInThread(channel, parent, reply, options),
      },
      click,
    ).catch((error: unknown): Reply => {
      this.logger.error({ err: error }, `could not share an answer: ${describeError(error)}`);
      return {
        kind: "message",
        tone: "warning",
        text: "Sorry, something went wrong on my side while sharing that. It has been logged; please try again in a moment.",
        private: true,
      };
    });
    await respond.answer(this.adapter.render(reply), reply, deferred);
  }

  /**
   * Applies one reaction, once per platform event id when the platform gives one (retries and duplicates
   * are skipped; a failure releases the id so the retry is applied). `botUserId` marks the bot's own.
   * Rejects on failure, so a platform that redelivers can ask for it again.
   */
  async reaction(
    event: ReactionEvent,
    options: { eventId?: string; botUserId?: string } = {},
  ): Promise<void> {
    const apply = () => this.core.reactions.handle(event, options.botUserId);
    if (options.eventId) await onFirstDelivery(this.core.store, this.platform, options.eventId, apply);
    else await apply();
  }

  /** Suggestions for an option being typed; `[]` on trouble. */
  complete(invocation: Invocation, option: string, typed: string): Promise<string[]> {
    return this.core.complete(invocation, option, typed);
  }

  /** A platform rate limit the SDK waited out: counted for `/metrics` and logged. */
  rateLimited(details: Record<string, unknown>): void {
    this.core.metrics.rateLimited(this.platform);
    const name = `${this.platform.charAt(0).toUpperCase()}${this.platform.slice(1)}`;
    this.logger.warn(details, `${name} rate limit`);
  }

  /**
   * Posts a reply as new messages, in order. Each carries `idempotencyKey:index`, so an idempotent platform
   * returns the first message on a retry; after a cut-off attempt, a platform that can look up its history
   * returns the earlier post instead of sending again. Returns the first message's id.
   */
  async post(channel: ChannelRef, reply: Reply, options: PostOptions = {}): Promise<PostedMessage> {
    return this.#post(channel, reply, options, undefined);
  }

  /**
   * Posts a reply under an earlier message of the channel (its thread, or a reply to it) where the platform
   * has threads, in the channel itself where it has none; otherwise as {@link ChatRuntime.post}.
   */
  async replyInThread(
    channel: ChannelRef,
    parentMessageId: string,
    reply: Reply,
    options: PostOptions = {},
  ): Promise<PostedMessage> {
    return this.#post(channel, reply, options, this.adapter.threads ? parentMessageId : undefined);
  }

  async #post(
    channel: ChannelRef,
    reply: Reply,
    options: PostOptions,
    replyTo: string | undefined,
  ): Promise<PostedMessage> {
    const key = options.idempotencyKey;
    try {
      if (key && options.possiblySent && this.adapter.findPosted) {
        const earlier = await this.adapter.findPosted(channel, `${key}:0`, replyTo);
        if (earlier) {
          this.logger.info(
            { channel: channel.channelId, messageId: earlier },
            "found an earlier attempt's message; not sending it again",
          );
          return { messageId: earlier };
        }
      }
      let first: string | undefined;
      // Whoever posts records which paper each message shows, so reactions on it count.
      const messages = this.adapter.render(reply, { votable: true });
      for (const [index, message] of messages.entries()) {
        const sent = await this.adapter.send(channel, message, {
          ...(key ? { key: `${key}:${index}` } : {}),
          ...(replyTo ? { replyTo } : {}),
          ...(options.following === undefined
            ? {}
            : { following: messages.length - index - 1 + options.following }),
        });
        first ??= sent;
      }
      if (!first) throw new Error(`[paperboy] [${this.platform}] rendering produced no message`);
      return { messageId: first };
    } catch (error) {
      if (error instanceof ChannelUnavailableError) throw error;
      const reason = unavailableReason(this.adapter.channelErrors, error);
      throw reason ? new ChannelUnavailableError(channel, reason, { cause: error }) : error;
    }
  }

  async #answer(request: CommandRequest<Message>): Promise<void> {
    const { invocation, respond } = request;
    const command =
      "platform" in invocation
        ? this.core.commands.find((candidate) => candidate.name === (invocation.command || "help"))
        : undefined;
    let share: string | undefined;
    const compute = async (): Promise<Reply> => {
      if (!("platform" in invocation)) return invocation;
      const reply = await this.#handle(invocation, command, request);
      if (command?.shareable && reply.private) share = await this.#offer(invocation, reply);
      return reply;
    };
    const send = (reply: Reply, deferred?: { privately: boolean }) =>
      respond.answer(this.adapter.render(reply, share ? { share } : {}), reply, deferred);
    if (!respond.defer) {
      await send(await this.#answers.run(compute));
      return;
    }
    const privately = !command || command.private;
    const defer = respond.defer.bind(respond);
    // Alone, a command is answered in one request once ready; only a slow answer is deferred and edited in.
    const alone =
      this.#deferAfterMs > 0 && this.#answers.idle ? await this.#answers.runAlone(compute) : undefined;
    if (alone) {
      const early = await within(alone.working, this.#deferAfterMs);
      if (early) return send(early);
      await defer(privately);
      return send(await alone.working, { privately });
    }
    // Behind other commands: acknowledge at once, so this ack never waits for their answers.
    const acknowledged = this.#answers.acknowledging();
    const deferral = defer(privately).finally(acknowledged);
    const [, reply] = await Promise.all([deferral, this.#answers.run(compute)]);
    await send(reply, { privately });
  }

  /** A share offer's token for a private answer that carries papers; none without the capability or on trouble. */
  async #offer(invocation: Invocation, reply: Reply): Promise<string | undefined> {
    if (!this.adapter.shares) return undefined;
    try {
      return await offerShare(this.core.store, invocation, reply, this.core.now());
    } catch (error) {
      this.logger.warn({ err: error }, `could not offer a share button: ${describeError(error)}`);
      return undefined;
    }
  }

  /**
   * Settles the user's rights where the command needs them (the `PAPERBOY_ADMINS` allow-list, the
   * channel's paperboy admins, then the platform), and who else may configure the channel when the user
   * may not or the command shows it; then dispatches.
   */
  async #handle(
    invocation: Invocation,
    command: Command | undefined,
    rights: Pick<CommandRequest<Message>, "isAdmin" | "whoCan">,
  ): Promise<Reply> {
    if (!invocation.isAdmin && command && (needsAdmin(command, invocation.text) || command.checksAdmin)) {
      invocation.isAdmin =
        isListedAdmin(this.core.config.admins, invocation.workspaceId, invocation.userId) ||
        (await this.#isChannelAdmin(invocation)) ||
        ((await rights.isAdmin?.()) ?? false);
      if (rights.whoCan && (!invocation.isAdmin || command.checksAdmin)) {
        invocation.configurers = await rights.whoCan().catch((error: unknown) => {
          this.logger.warn(
            { err: error },
            `could not say who may configure the channel: ${describeError(error)}`,
          );
          return undefined;
        });
      }
    }
    return this.core.handle(invocation, this);
  }

  /** Whether a channel admin added the user with `/papers admins add`; false (logged) when the store fails. */
  async #isChannelAdmin(invocation: Invocation): Promise<boolean> {
    try {
      return await this.core.store.channelAdmins.has(channelOf(invocation), invocation.userId);
    } catch (error) {
      this.logger.warn(
        { err: error },
        `could not read the channel's paperboy admins: ${describeError(error)}`,
      );
      return false;
    }
  }
}

/** `work`'s value if it settles within `ms`, else undefined (the timer is cleared either way). */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
