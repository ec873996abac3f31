import { VARIABLES } from "../../src/config/variables.ts";

/** Messages a Slack channel takes at once before the one-a-second pace applies (Slack: "short bursts"). */
export const CHANNEL_BURST = 3;
/** Milliseconds a Slack channel needs to earn one more message (Slack: "about 1 per second"). */
export const CHANNEL_INTERVAL_MS = 1000;
/**
 * Messages a workspace takes at once, and milliseconds it needs to earn one more, for all of its channels
 * together. Slack's chat.postMessage reference: beyond one message a second per channel, "there are
 * limits governing your app's relationship with the entire workspace above that, limiting posting to
 * several hundred messages per minute. Generous burst behavior is also granted." Slack gives no figure;
 * paperboy paces to the low end by default, 300 a minute (one every 200 ms;
 * `PAPERBOY_SLACK_WORKSPACE_POSTS_PER_MINUTE` changes it), and a burst of 45: the fake Slack's 50 less a
 * margin for messages that arrive later than they were sent.
 */
export const WORKSPACE_BURST = 45;
export const WORKSPACE_INTERVAL_MS = 60_000 / VARIABLES.PAPERBOY_SLACK_WORKSPACE_POSTS_PER_MINUTE.default;
/** The workspace of a `team:channel` key, as the Slack adapter names channels to the pacer. */
export const workspaceOf = (channel: string): string => channel.slice(0, Math.max(0, channel.indexOf(":")));
/** Beyond this many channels, idle ones are forgotten. */
const MAX_TRACKED = 10_000;

/** Options for {@link ChannelPacer}. */
export interface ChannelPacerOptions {
  /** Messages a channel may take at once. */
  burst?: number;
  /** Milliseconds to earn one more message. */
  intervalMs?: number;
  /** The workspace a channel key belongs to, paced as one; undefined: no workspace-wide pacing. */
  workspaceOf?: (channel: string) => string;
  /** Messages a workspace may take at once, over all its channels. */
  workspaceBurst?: number;
  /** Milliseconds a workspace needs to earn one more message. */
  workspaceIntervalMs?: number;
  /**
   * How long a failed post asks to be waited out before it is sent again (a 429's `Retry-After`), in
   * milliseconds; undefined for a failure that must not be resent. Default: nothing is resent.
   */
  retryAfterMs?: (error: unknown) => number | undefined;
  /** How many such waits in a row one message sits out before its error is thrown. */
  maxRetries?: number;
  /**
   * When a post's answer came in, on `clock`, where something read it earlier than the pacer hears of it
   * (a posting thread, while this thread was busy); undefined: when the pacer hears of it.
   */
  answeredAt?: (answer: unknown) => number | undefined;
  /** Milliseconds on a monotonic clock. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** One channel's pace: a token bucket as a theoretical arrival time (GCRA), a 429's wait, a queue. */
interface ChannelState {
  /** When the bucket is full again; a message may go `(burst − 1) × interval` before it. */
  full: number;
  /** A 429 asked for nothing before this. */
  blockedUntil: number;
  /** When the previous post went out; the next one goes `interval / burst` after it at the earliest. */
  sentAt: number;
  /** Where the previous post said more follow: the next one goes no earlier than this (see `spread`). */
  spreadUntil: number;
  /** Settles when the channel's last queued post is done. */
  tail: Promise<void>;
  /** Posts queued or in flight. */
  busy: number;
}

/**
 * Keeps paperboy's posts inside Slack's per-channel limit (about one message a second, short bursts)
 * and waits out a 429 in that channel alone, so one channel's limit never delays another's posts.
 * Hand-written because Bolt's WebClient knows no per-channel or per-workspace limit and answers a 429
 * by pausing all its calls, every channel's posts with them (its request queue).
 *
 * A channel's posts go one at a time. Slack counts a message when it arrives, which is somewhere
 * between sending it and hearing back, so each one is charged to the bucket when its answer comes (when the
 * posting thread received it, not when this thread got round to reading it):
 * the next post is spaced from the previous answer, never less than the limit after the message's
 * arrival however late the request went out. The burst is headroom, not a sprint: posts go at least
 * `interval / burst` apart, which still lets a channel's messages finish as early as the limit allows
 * (a header and five papers in 3 s) but, in a fan-out, lets every channel's first message go before
 * the follow-ups of the channels that started first. A post refused with a 429 was not delivered; it
 * is sent again after the `Retry-After` the answer asked for (at most `maxRetries` times), while the
 * other channels go on.
 *
 * A workspace's channels also share its workspace-wide limit: once a channel's own pace lets a message
 * go, the message takes the workspace's next free slot (a token bucket as a theoretical arrival time,
 * slots handed out in the order asked). A channel asks for one slot at a time, so a busy workspace's
 * channels take turns, one message each, and each workspace's slots are its own: a channel never waits
 * behind another workspace's backlog.
 */
export class ChannelPacer {
  private readonly channels = new Map<string, ChannelState>();
  /** Per workspace: when its bucket is full again, with every slot handed out so far taken. */
  private readonly workspaces = new Map<string, number>();
  private readonly burst: number;
  private readonly intervalMs: number;
  private readonly workspaceOf: ((channel: string) => string) | undefined;
  private readonly workspaceBurst: number;
  private readonly workspaceIntervalMs: number;
  private readonly retryAfterMs: (error: unknown) => number | undefined;
  private readonly maxRetries: number;
  private readonly answeredAt: (answer: unknown) => number | undefined;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: ChannelPacerOptions = {}) {
    this.burst = options.burst ?? CHANNEL_BURST;
    this.intervalMs = options.intervalMs ?? CHANNEL_INTERVAL_MS;
    this.workspaceOf = options.workspaceOf;
    this.workspaceBurst = options.workspaceBurst ?? WORKSPACE_BURST;
    this.workspaceIntervalMs = options.workspaceIntervalMs ?? WORKSPACE_INTERVAL_MS;
    this.retryAfterMs = options.retryAfterMs ?? (() => undefined);
    this.maxRetries = options.maxRetries ?? 0;
    this.answeredAt = options.answeredAt ?? (() => undefined);
    this.clock = options.clock ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Sends one message to `channel` with `post` when its pace and its workspace's allow; resolves with its
   * answer. `following`: how many messages the caller will send to the channel right after this one; the
   * next of them then waits its share of the time the limit needs for all of them (see `spread`).
   */
  async send<T>(channel: string, post: () => Promise<T>, hint: { following?: number } = {}): Promise<T> {
    const state = this.stateOf(channel);
    const workspace = this.workspaceOf?.(channel);
    const previous = state.tail;
    let done = () => {};
    state.tail = new Promise<void>((resolve) => {
      done = resolve;
    });
    state.busy += 1;
    try {
      await previous;
      for (let retries = 0; ; retries += 1) {
        await this.paced(state);
        if (workspace !== undefined) await this.workspaceSlot(workspace);
        try {
          state.sentAt = this.clock();
          const answer = await post();
          this.charge(state, this.answeredAt(answer));
          this.spread(state, hint.following);
          return answer;
        } catch (error) {
          const wait = this.retryAfterMs(error);
          if (wait === undefined) {
            // It may have landed (a timeout, a 5xx, an error answer): count it against the limit.
            this.charge(state);
            state.spreadUntil = Number.NEGATIVE_INFINITY;
            throw error;
          }
          state.blockedUntil = this.clock() + wait;
          if (retries >= this.maxRetries) throw error;
        }
      }
    } finally {
      state.busy -= 1;
      done();
    }
  }

  /** Resolves once the channel's bucket has a message, the spacing has passed and no 429 wait is running. */
  private async paced(state: ChannelState): Promise<void> {
    for (;;) {
      const at = Math.max(
        state.full - (this.burst - 1) * this.intervalMs,
        state.blockedUntil,
        state.sentAt + this.intervalMs / this.burst,
        state.spreadUntil,
      );
      const now = this.clock();
      if (now >= at) return;
      await this.sleep(Math.ceil(at - now));
    }
  }

  /**
   * Takes the workspace's next free slot and waits for it: the bucket (burst, interval) as a theoretical
   * arrival time, advanced at once, so slots go out in the order they were asked for.
   */
  private async workspaceSlot(workspace: string): Promise<void> {
    const now = this.clock();
    const full = Math.max(this.workspaces.get(workspace) ?? Number.NEGATIVE_INFINITY, now);
    const at = full - (this.workspaceBurst - 1) * this.workspaceIntervalMs;
    this.workspaces.set(workspace, full + this.workspaceIntervalMs);
    if (this.workspaces.size > MAX_TRACKED) this.forgetIdleWorkspaces(now);
    if (at > now) await this.sleep(Math.ceil(at - now));
  }

  /** Drops workspaces whose bucket has refilled: they would start full anyway. */
  private forgetIdleWorkspaces(now: number): void {
    for (const [workspace, full] of this.workspaces) if (full <= now) this.workspaces.delete(workspace);
  }

  /** Takes one message from the bucket, as of the answer's arrival (`at`, never later than now; default now). */
  private charge(state: ChannelState, at?: number): void {
    const now = this.clock();
    const answered = at === undefined || Number.isNaN(at) ? now : Math.min(at, now);
    state.full = Math.max(state.full, answered) + this.intervalMs;
  }

  /**
   * Spaces the `following` messages a caller announced evenly up to the earliest moment the last of them
   * could go anyway: sent as early as the pace allows, the last one would go at `end` (the rest of the
   * burst `interval / burst` apart, then one an interval), so sending the next one `(end − sent) /
   * following` after this one was sent, and each later one likewise, finishes no later. A header and five papers go 600 ms apart and end 3 s after
   * the header, as a burst would; three messages or fewer keep the `interval / burst` spacing. In a
   * fan-out, every channel's second and third messages no longer crowd the first second, where the other
   * channels' first messages are still going out.
   */
  private spread(state: ChannelState, following: number | undefined): void {
    if (following === undefined || !(following > 0)) {
      state.spreadUntil = Number.NEGATIVE_INFINITY;
      return;
    }
    const sent = state.sentAt;
    const end = Math.max(
      state.full + (following - this.burst) * this.intervalMs,
      sent + (following * this.intervalMs) / this.burst,
    );
    state.spreadUntil = sent + (end - sent) / following;
  }

  private stateOf(channel: string): ChannelState {
    let state = this.channels.get(channel);
    if (!state) {
      if (this.channels.size >= MAX_TRACKED) this.forgetIdle();
      state = {
        full: Number.NEGATIVE_INFINITY,
        blockedUntil: Number.NEGATIVE_INFINITY,
        sentAt: Number.NEGATIVE_INFINITY,
        spreadUntil: Number.NEGATIVE_INFINITY,
        tail: Promise.resolve(),
        busy: 0,
      };
      this.channels.set(channel, state);
    }
    return state;
  }

  /** Drops channels with nothing queued whose bucket has refilled: they would start full anyway. */
  private forgetIdle(): void {
    const now = this.clock();
    for (const [channel, state] of this.channels) {
      if (state.busy === 0 && state.full <= now && state.blockedUntil <= now) this.channels.delete(channel);
    }
  }
}
