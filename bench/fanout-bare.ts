/**
 * The fan-out benchmark's transport baseline (`--bare`): every channel's first message, handed at once to
 * the same posting thread the Slack adapter uses (`MessagePoster`), to the same fake Slack with the same
 * limits, OAuth tokens and message body as a digest's first paper card, with no bot work at all: no
 * scheduler, store, ranking or rendering. How long until the fake has accepted them all is the least any
 * bot could take on this machine before its last channel starts, so (that + the floor) / the floor is the
 * least ratio a fan-out can reach here, whatever the bot does.
 */
import { MessagePoster } from "../adapters/slack/post-message.ts";
import { renderSlack } from "../adapters/slack/render.ts";
import { POST_EVENT_TYPE } from "../adapters/slack/transport.ts";
import {
  installTokens,
  SLACK_POST_LIMIT,
  SLACK_WORKSPACE_POST_LIMIT,
  type SlackRateLimit,
  type SlackWorkspaceLimit,
} from "../tests/helpers/fake-slack.ts";
import { fixturePapers } from "../tests/helpers/test-app.ts";
import { epochNow, hostFake, hostFakeInWorker } from "./fanout-fakes.ts";

/** How long the limits get to recover after the warm-up posts (a channel's bucket: 3 s; a workspace's: 10 s). */
const WARM_RECOVERY_MS = 12_000;

/** What the bare transport run measured. */
export interface BareResult {
  warm: boolean;
  channels: number;
  workspaces: number;
  /** From handing the first post over to the fake accepting the first one. */
  firstAcceptedMs: number;
  /** From handing the first post over to the fake accepting the last channel's. */
  allAcceptedMs: number;
  /** CPU of the whole process (the fake's thread included) meanwhile. */
  cpuMs: number;
  /** 429s (must be 0: one message a channel is within every limit). */
  rateLimited: number;
}

/** Posts one message to each of `channels` channels spread over `workspaces` workspaces, all at once. */
export async function runBarePosts(options: {
  channels: number;
  workspaces: number;
  slackLimit?: SlackRateLimit;
  slackWorkspaceLimit?: SlackWorkspaceLimit;
  fakeInProcess?: boolean;
  /** Post to every channel once first and let the limits recover, so the measured posts run on warm code. */
  warm?: boolean;
}): Promise<BareResult> {
  const host = options.fakeInProcess ? hostFake : hostFakeInWorker;
  const fake = await host({
    platform: "slack",
    limit: options.slackLimit ?? SLACK_POST_LIMIT,
    workspaceLimit: options.slackWorkspaceLimit ?? SLACK_WORKSPACE_POST_LIMIT,
  });
  const workspaces = Math.max(1, Math.min(options.workspaces, options.channels));
  const poster = new MessagePoster({
    apiUrl: fake.apiUrl,
    token: workspaces > 1 ? undefined : "xoxb-fanout-bench",
    timeoutMs: 30_000,
  });
  try {
    await poster.start();
    const paper = fixturePapers()[0];
    if (!paper) throw new Error("[bench] fanout --bare: the fixture has no papers");
    const [card] = renderSlack(
      { kind: "paper", entry: { paper, tldr: paper.abstract.slice(0, 240), why: "Trending today" }, rank: 1 },
      { votable: true },
    );
    if (!card) throw new Error("[bench] fanout --bare: the paper card rendered to nothing");
    const postAll = (round: string) =>
      Promise.all(
        Array.from({ length: options.channels }, (_, index) => {
          const workspace = Math.floor((index * workspaces) / options.channels);
          const token =
            workspaces > 1 ? installTokens(`w${String(workspace).padStart(4, "0")}`).bot : undefined;
          return poster.postMessage({
            ...(token ? { token } : {}),
            channel: `C${String(index).padStart(5, "0")}`,
            ...card,
            unfurl_links: false,
            unfurl_media: false,
            metadata: { event_type: POST_EVENT_TYPE, event_payload: { key: `bare:${round}:${index}` } },
          });
        }),
      );
    if (options.warm) {
      // The same posts once before, then the limits recover: what a process that posted yesterday does.
      await postAll("warm");
      await new Promise((resolve) => setTimeout(resolve, WARM_RECOVERY_MS));
    }
    await fake.mark();
    const cpuStart = process.cpuUsage();
    const start = epochNow();
    await postAll("measured");
    const cpu = process.cpuUsage(cpuStart);
    const accepted = (await fake.accepted()).filter((message) => message.at >= start);
    if (accepted.length !== options.channels) {
      throw new Error(
        `[bench] fanout --bare: the fake accepted ${accepted.length} of ${options.channels} posts`,
      );
    }
    const times = accepted.map((message) => message.at - start);
    const limits = await fake.limits();
    return {
      warm: options.warm === true,
      channels: options.channels,
      workspaces,
      firstAcceptedMs: Math.min(...times),
      allAcceptedMs: Math.max(...times),
      cpuMs: (cpu.user + cpu.system) / 1000,
      rateLimited: limits.rateLimited,
    };
  } finally {
    poster.close();
    await fake.close();
  }
}
