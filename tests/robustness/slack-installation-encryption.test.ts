import { randomBytes } from "node:crypto";
import type { Installation } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInstallationStore, installationKey } from "../../adapters/slack/installation-store.ts";
import { loadConfig } from "../../src/config.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { InstallationRepository } from "../../src/store/installation-repository.ts";
import { installTokens } from "../helpers/fake-slack.ts";
import {
  beginOAuthInstall,
  completeOAuthInstall,
  SLACK_OAUTH_ENV,
  type SlackHarness,
  startSlackHarness,
} from "../helpers/slack-harness.ts";

const KEY = randomBytes(32);
const keyOf = (team: string) => installationKey({ isEnterpriseInstall: false, teamId: team });

/** Runs Slack's OAuth flow against the harness: install page, then the redirect with `code`. */
async function install(harness: SlackHarness, code: string): Promise<void> {
  const status = await completeOAuthInstall(harness.baseUrl, code, await beginOAuthInstall(harness.baseUrl));
  expect(status).toBe(200);
}

/** Posts in the installed workspace and returns the token the post was sent with. */
async function postWith(harness: SlackHarness, team: string): Promise<string | undefined> {
  await harness.adapter.post(
    { platform: "slack", workspaceId: team, channelId: "C1" },
    { kind: "message", tone: "info", text: "hello" },
  );
  return String(harness.fake.callsTo("chat.postMessage").at(-1)?.headers.authorization);
}

describe("OAuth installations at rest", () => {
  describe("with PAPERBOY_ENCRYPTION_KEY", () => {
    let harness: SlackHarness;
    beforeAll(async () => {
      harness = await startSlackHarness({
        env: { ...SLACK_OAUTH_ENV, PAPERBOY_ENCRYPTION_KEY: KEY.toString("base64") },
      });
    });
    afterAll(async () => {
      await harness?.close();
    });

    it("stores no token readable, and the bot still answers and posts in that workspace", async () => {
      await install(harness, "ENC");
      const raw = JSON.stringify(await harness.app.store.backend.get(keyOf("T-ENC")));
      const tokens = Object.values(installTokens("ENC"));
      expect(tokens.filter((token) => raw.includes(token))).toEqual([]);
      expect(raw).not.toContain("xox");
      const help = await harness.command("help", { team: "T-ENC" });
      expect(help.status).toBe(200);
      expect(JSON.stringify(help.responses)).toContain("/papers");
      expect(await postWith(harness, "T-ENC")).toBe(`Bearer ${installTokens("ENC").bot}`);
    });

    it("reads a record stored in plaintext before the key was set, and seals it", async () => {
      const old = {
        team: { id: "T-OLD" },
        enterprise: undefined,
        isEnterpriseInstall: false,
        authVersion: "v2",
        bot: { token: "xoxb-old-plain", scopes: ["commands"], id: "BBOT", userId: "UBOT" },
        user: { id: "U_INSTALLER", token: "xoxp-old-installer", scopes: ["search:read"] },
      };
      await harness.app.store.backend.set(keyOf("T-OLD"), old);
      expect(await postWith(harness, "T-OLD")).toBe("Bearer xoxb-old-plain");
      const raw = JSON.stringify(await harness.app.store.backend.get(keyOf("T-OLD")));
      expect(raw).not.toContain("xoxb-old-plain");
      expect(raw).not.toContain("xoxp-old-installer");
    });

    it("refuses a sealed record with a wrong key or no key, saying which variable to set", async () => {
      const backend = new InstallationRepository(createMemoryBackend());
      await createInstallationStore(backend, { encryptionKey: KEY }).storeInstallation({
        team: { id: "T-X" },
        enterprise: undefined,
        isEnterpriseInstall: false,
        bot: { token: "xoxb-x", scopes: [], id: "B", userId: "U" },
        user: { id: "U", token: undefined, scopes: undefined },
      } as Installation);
      const query = { teamId: "T-X", enterpriseId: undefined, isEnterpriseInstall: false };
      const wrong = createInstallationStore(backend, { encryptionKey: randomBytes(32) });
      await expect(wrong.fetchInstallation(query)).rejects.toThrow(
        /encrypted with key \w+, but PAPERBOY_ENCRYPTION_KEY is key \w+: set the key it was stored with/,
      );
      await expect(createInstallationStore(backend).fetchInstallation(query)).rejects.toThrow(
        /stored encrypted: set PAPERBOY_ENCRYPTION_KEY/,
      );
    });

    it("stops start-up on a key that is not 32 bytes, without printing it", () => {
      for (const bad of ["short", randomBytes(16).toString("base64"), "z".repeat(64)]) {
        expect(() => loadConfig({ PAPERBOY_ENCRYPTION_KEY: bad })).toThrow(
          /PAPERBOY_ENCRYPTION_KEY: expected 32 bytes as 64 hex characters or base64/,
        );
        expect(() => loadConfig({ PAPERBOY_ENCRYPTION_KEY: bad })).not.toThrow(bad);
      }
      expect(loadConfig({ PAPERBOY_ENCRYPTION_KEY: KEY.toString("hex") }).encryptionKey).toEqual(KEY);
    });
  });

  describe("without a key", () => {
    let harness: SlackHarness;
    beforeAll(async () => {
      harness = await startSlackHarness({ env: SLACK_OAUTH_ENV });
    });
    afterAll(async () => {
      await harness?.close();
    });

    it("stores the bot token as before, and never the installer's token", async () => {
      await install(harness, "PLAIN");
      const tokens = installTokens("PLAIN");
      const stored = await harness.app.store.backend.get<Installation>(keyOf("T-PLAIN"));
      expect(stored?.bot?.token).toBe(tokens.bot);
      expect(stored?.bot?.refreshToken).toBe(tokens.botRefresh);
      expect(stored?.user).toEqual({ id: "U_INSTALLER", scopes: ["search:read"] });
      const raw = JSON.stringify(stored);
      expect(raw).not.toContain(tokens.user);
      expect(raw).not.toContain(tokens.userRefresh);
      expect(await postWith(harness, "T-PLAIN")).toBe(`Bearer ${tokens.bot}`);
    });
  });
});
