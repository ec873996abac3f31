import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { huggingFaceItemToPaper } from "../../src/papers/sources/huggingface-item.ts";
import { huggingFaceImageUrl, safeWebUrl } from "../../src/papers/web-links.ts";

const recorded = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as unknown[];

describe("outside links a paper may carry", () => {
  it("keeps a real project page and refuses anything that could mislead or break markup", () => {
    expect(safeWebUrl("https://chicychen.github.io/dense-hetero-latent-mas/")).toBe(
      "https://chicychen.github.io/dense-hetero-latent-mas/",
    );
    for (const bad of [
      "http://example.org/",
      "javascript:alert(1)",
      "https://user:pw@example.org/",
      "https://example.org:8443/",
      "https://127.0.0.1/",
      "https://example.org/a)b",
      "https://example.org/a|b",
      "https://example.org/#frag",
      `https://example.org/${"p".repeat(600)}`,
      "not a url",
    ]) {
      expect(safeWebUrl(bad), bad).toBeUndefined();
    }
  });

  it("shows a thumbnail only from Hugging Face's CDN over https, never a look-alike host", () => {
    const real = "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2606.00467.png";
    expect(huggingFaceImageUrl(real)).toBe(real);
    for (const bad of [
      real.replace("https:", "http:"),
      "https://cdn-thumbnails.huggingface.co.evil.example/x.png",
      "https://evil.example/cdn-thumbnails.huggingface.co/x.png",
      "https://huggingface.co/papers/x.png",
    ]) {
      expect(huggingFaceImageUrl(bad), bad).toBeUndefined();
    }
  });

  it("reads the thumbnail from today's `thumbnail` and from 2024's `mediaUrl`", () => {
    const [today] = recorded("hf-daily-papers-2026-06-12.json");
    const fresh = huggingFaceItemToPaper(today, { fetchedAt: "2026-06-12T08:00:00Z" });
    expect(fresh.ok && fresh.paper.thumbnail).toBe(
      "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2606.00467.png",
    );
    const old = {
      paper: { id: "2405.20000", title: "Old" },
      mediaUrl: "https://cdn-thumbnails.huggingface.co/x/2405.20000.png",
    };
    const stored = huggingFaceItemToPaper(old, { fetchedAt: "2024-05-31T08:00:00Z" });
    expect(stored.ok && stored.paper.thumbnail).toBe(old.mediaUrl);
    const foreign = huggingFaceItemToPaper(
      { ...old, thumbnail: "https://evil.example/x.png", mediaUrl: undefined },
      { fetchedAt: "2024-05-31T08:00:00Z" },
    );
    expect(foreign.ok && foreign.paper.thumbnail).toBeUndefined();
  });
});
