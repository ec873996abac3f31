import { describe, expect, it } from "vitest";
import { PacedOutError } from "../../src/http/request-pacer.ts";
import { UpstreamError } from "../../src/http/upstream-error.ts";
import { silentLogger } from "../../src/log.ts";
import { failureNote, UpstreamGuard } from "../../src/papers/upstream-guard.ts";

const error = (code: UpstreamError["code"], status?: number) =>
  new UpstreamError({ code, status, url: "http://127.0.0.1/api/daily_papers", detail: "failed" });

describe("what a failing source is said to be", () => {
  it("names how it failed: unreachable only when it could not be reached", () => {
    expect(failureNote("Hugging Face", error("network"))).toBe("Hugging Face is unreachable right now.");
    expect(failureNote("Hugging Face", error("timeout"))).toBe("Hugging Face is not answering right now.");
    expect(failureNote("Hugging Face", error("status", 500))).toBe(
      "Hugging Face is failing right now (HTTP 500).",
    );
    expect(failureNote("arXiv", error("rate_limited", 429))).toBe("arXiv is limiting requests right now.");
    expect(failureNote("arXiv", error("bad_body"))).toBe("arXiv sent an answer paperboy could not read.");
    expect(failureNote("arXiv", error("too_large"))).toBe("arXiv sent an answer too large to use.");
    expect(failureNote("arXiv", new Error("socket hang up"))).toBe("arXiv is unreachable right now.");
  });

  it("keeps saying how it failed while it backs off, instead of calling it unreachable", async () => {
    const clock = { now: new Date("2026-06-12T09:00:00Z") };
    const guard = new UpstreamGuard(silentLogger, () => clock.now, 60_000);
    const call = { source: "huggingface" as const, kind: "daily" };
    const first = await guard.attempt(call, "daily", 1000, async () => {
      throw error("status", 503);
    });
    expect(first).toMatchObject({
      ok: false,
      failure: "failed",
      note: "Hugging Face is failing right now (HTTP 503).",
    });
    const skipped = await guard.attempt(call, "daily", 1000, async () => "never asked");
    expect(skipped).toMatchObject({
      ok: false,
      failure: "backing-off",
      note: "Hugging Face is failing right now (HTTP 503).",
    });
  });

  it("says a source held back by its Retry-After is limiting requests, and one held by its pace takes turns", async () => {
    const guard = new UpstreamGuard(silentLogger, () => new Date("2026-06-12T09:00:00Z"), 60_000);
    const held = await guard.attempt({ source: "huggingface", kind: "search" }, "search", 1000, async () => {
      throw new PacedOutError(20_000, 800, "retry-after");
    });
    expect(held).toMatchObject({ failure: "paced", note: "Hugging Face is limiting requests right now." });
    const paced = await guard.attempt({ source: "arxiv", kind: "search" }, "search", 1000, async () => {
      throw new PacedOutError(2500, 800);
    });
    expect(paced).toMatchObject({
      failure: "paced",
      note: "arXiv takes one request every few seconds; ask again in a moment.",
    });
  });
});
