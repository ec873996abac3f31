import { hostname } from "node:os";
import type { Writable } from "node:stream";
import type { App } from "../app.ts";
import { createFollowups } from "../followups/create-followups.ts";
import type { FollowupPassResult } from "../followups/followup-service.ts";

/**
 * `paperboy followups [--dry-run]`: one refresh-and-post pass now, through the app's adapters (those whose
 * credentials are set; console channels print here), then a report on `out`: each follow-up posted (or,
 * with `--dry-run`, that would be, with nothing recorded or sent), the rising-paper heads-ups likewise,
 * and what the refresh read.
 */
export async function followupsOnce(
  app: App,
  options: { dryRun?: boolean },
  out: Writable,
): Promise<FollowupPassResult> {
  // The configured platforms (the console prints here); the interactive console is never started.
  const adapters = app.adapters;
  if (!options.dryRun) for (const adapter of adapters) if (!adapter.done) await adapter.start();
  try {
    const result = await createFollowups(app, adapters, `${hostname()}:${process.pid}:cli`).runPass(options);
    const verb = options.dryRun ? "would post" : "posted";
    for (const post of result.posts) {
      const where = post.parentMessageId
        ? ` under ${post.parentMessageId}`
        : " (no message to reply to: in the channel)";
      out.write(`${verb} in ${post.channel}${where}: ${post.text}\n`);
    }
    for (const rising of result.rising) out.write(`${verb} in ${rising.channel}: ${rising.text}\n`);
    const refresh = result.refresh;
    out.write(
      `${result.posts.length} follow-up${result.posts.length === 1 ? "" : "s"} ${verb}; ${result.tracked} tracked papers, ${refresh?.refreshed.length ?? 0} refreshed, ${refresh?.deferred.length ?? 0} deferred${refresh?.overBudget ? " (daily budget reached)" : ""}; upstream requests: Hugging Face ${refresh?.requests.huggingface ?? 0}, arXiv ${refresh?.requests.arxiv ?? 0}${result.failed.length > 0 ? `; failed channels: ${result.failed.join(", ")}` : ""}\n`,
    );
    out.write(
      `${result.rising.length} rising-paper heads-up${result.rising.length === 1 ? "" : "s"} ${verb}\n`,
    );
    if (result.failed.length > 0) process.exitCode = 1;
    return result;
  } finally {
    await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
  }
}
