import type { App as BoltApp } from "@slack/bolt";
import type { ChatRuntime } from "../../src/chat/runtime.ts";
import { parseShareClick, type SlackShareActionPayload } from "./parse.ts";
import { SHARE_ACTION_ID, type SlackMessage } from "./render.ts";
import { postToResponseUrl } from "./response-url.ts";

/**
 * Hands clicks on "Share to channel" (a `block_actions` payload) to the runtime: acknowledged at once,
 * answered privately through the payload's `response_url`, the share itself posted by the runtime.
 */
export function listenForShares(bolt: BoltApp, runtime: ChatRuntime<SlackMessage>, timeoutMs: number): void {
  bolt.action(SHARE_ACTION_ID, async ({ ack, body }) => {
    await ack();
    const payload = body as unknown as SlackShareActionPayload & { response_url?: string };
    const click = parseShareClick(payload, SHARE_ACTION_ID);
    const url = payload.response_url;
    if (!click || !url) return;
    void runtime.share({
      click,
      respond: {
        async answer(messages) {
          for (const message of messages) {
            const answer = { response_type: "ephemeral", replace_original: false, ...message };
            await postToResponseUrl(url, answer, timeoutMs);
          }
        },
      },
    });
  });
}
