import { describe, expect, it } from "vitest";
import { ClaimRepository } from "../../src/store/claim-repository.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";

describe("ClaimRepository", () => {
  it("gives a key to exactly one of many concurrent claimants", async () => {
    const claims = new ClaimRepository(createMemoryBackend());
    const won = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        claims.claim("digest:slack:T1:C1:2026-06-12", `p${index}`, 60_000),
      ),
    );
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it("lets another process take over a claim whose holder died and let it expire", async () => {
    const claims = new ClaimRepository(createMemoryBackend());
    expect(await claims.claim("k", "dead", 30)).toBe(true);
    expect(await claims.claim("k", "alive", 60_000)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await claims.claim("k", "alive", 60_000)).toBe(true);
  });
});
