import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { KvBackend } from "../../src/store/backend.ts";
import { escapeSegment } from "../../src/store/refs.ts";

/** Key of one workspace's (or one Enterprise Grid org's) installation in paperboy's store. */
export function installationKey(query: {
  isEnterpriseInstall?: boolean;
  enterpriseId?: string;
  teamId?: string;
}) {
  const id = query.isEnterpriseInstall
    ? `enterprise-${query.enterpriseId ?? ""}`
    : `team-${query.teamId ?? ""}`;
  return `slack:installation:${escapeSegment(id)}`;
}

/**
 * Slack OAuth installations (bot token, scopes, ids) kept in paperboy's own store, so every replica
 * that shares the store can answer every installed workspace.
 */
export function createInstallationStore(kv: KvBackend): InstallationStore {
  return {
    storeInstallation: async (installation) => {
      await kv.set(
        installationKey({
          isEnterpriseInstall: installation.isEnterpriseInstall,
          enterpriseId: installation.enterprise?.id,
          teamId: installation.team?.id,
        }),
        installation,
      );
    },
    fetchInstallation: async (query: InstallationQuery<boolean>) => {
      const installation = await kv.get<Installation>(installationKey(query));
      if (!installation) {
        throw new Error(`[paperboy] [slack] no installation for ${installationKey(query)}`);
      }
      return installation;
    },
    deleteInstallation: async (query: InstallationQuery<boolean>) => {
      await kv.delete(installationKey(query));
    },
  };
}
