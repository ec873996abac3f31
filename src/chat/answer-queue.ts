import { performance } from "node:perf_hooks";

/** How long an answer waits for acknowledgements still being sent before it starts anyway. */
export const ACK_PRIORITY_MS = 50;

interface Waiting {
  /** Called at the item's turn with whether acknowledgements are still being sent. */
  start: (acksPending: boolean) => void;
  since: number;
  /** Decides for itself at its turn (`runAlone`): not held back by acks. */
  alone: boolean;
}

/**
 * Starts command answers one per event-loop turn, and only once the acknowledgements being sent have
 * gone out, so a burst of commands is acknowledged first and answered after. Each answer is milliseconds
 * of CPU on the one event loop (a search over the whole catalogue, rendering): started together, fifty of
 * them would hold the fiftieth ack back far past the platforms' deadlines. Between two starts the event
 * loop polls for I/O, so a command that arrives meanwhile is acknowledged before the next answer starts.
 * An ack that never completes holds answers back for at most `ackPriorityMs`. Answers run concurrently
 * once started.
 */
export class AnswerQueue {
  readonly #waiting: Waiting[] = [];
  readonly #ackPriorityMs: number;
  #running = 0;
  #acks = 0;
  #turn: NodeJS.Immediate | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: { ackPriorityMs?: number } = {}) {
    this.#ackPriorityMs = options.ackPriorityMs ?? ACK_PRIORITY_MS;
  }

  /** Whether nothing is waiting, running or being acknowledged: an answer started now holds nothing back. */
  get idle(): boolean {
    return this.#waiting.length === 0 && this.#running === 0 && this.#acks === 0;
  }

  /** Marks an acknowledgement as being sent; call the returned function once it has gone (or failed). */
  acknowledging(): () => void {
    this.#acks += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#acks -= 1;
      this.#schedule();
    };
  }

  /** Runs `work` when its turn comes and settles as it does. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#enqueue(false, () => this.#start(work).then(resolve, reject));
    });
  }

  /**
   * For a command whose answer can be its acknowledgement (a reply in one request): at its turn, starts
   * `work` and resolves with it running, if no other command is being acknowledged; resolves with
   * undefined instead if others arrived meanwhile, so that this one is acknowledged first like theirs
   * and answered with `run`.
   */
  runAlone<T>(work: () => Promise<T>): Promise<{ working: Promise<T> } | undefined> {
    return new Promise((resolve) => {
      this.#enqueue(true, (acksPending) => resolve(acksPending ? undefined : { working: this.#start(work) }));
    });
  }

  #enqueue(alone: boolean, start: (acksPending: boolean) => void): void {
    this.#waiting.push({ start, since: performance.now(), alone });
    this.#schedule();
  }

  /** Runs `work`, counted as running until it settles. */
  async #start<T>(work: () => Promise<T>): Promise<T> {
    this.#running += 1;
    try {
      return await work();
    } finally {
      this.#running -= 1;
    }
  }

  /** Starts the next answer in a later turn of the event loop, once no ack is pending (or it waited long enough). */
  #schedule(): void {
    if (this.#turn || this.#waiting.length === 0) return;
    this.#turn = setImmediate(() => {
      this.#turn = undefined;
      const next = this.#waiting[0];
      if (!next) return;
      const waited = performance.now() - next.since;
      if (!next.alone && this.#acks > 0 && waited < this.#ackPriorityMs) {
        this.#timer ??= setTimeout(() => {
          this.#timer = undefined;
          this.#schedule();
        }, this.#ackPriorityMs - waited);
        return;
      }
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#waiting.shift();
      next.start(this.#acks > 0);
      this.#schedule();
    });
  }
}
