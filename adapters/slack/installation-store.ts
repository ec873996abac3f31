import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { createSealedBox, isSealed } from "../../src/sealed-box.ts";
import type { InstallationRepository } from "../../src/store/installation-repository.ts";
import { slackInstallationKey } from "../../src/store/keys.ts";

interface InstallationIds {
  isEnterpriseInstall?: boolean;
  enterpriseId?: string;
  teamId?: string;
}

/** Id of one workspace's (or one Enterprise Grid org's) installation. */
const installationId = (query: InstallationIds): string =>
  query.isEnterpriseInstall ? `enterprise-${query.enterpriseId ?? ""}` : `team-${query.teamId ?? ""}`;

/** Key of one workspace's (or one Enterprise Grid org's) installation in paperboy's store. */
export function installationKey(query: InstallationIds): string {
  return slackInstallationKey(installationId(query));
}

/** Options for {@link createInstallationStore}. */
export interface InstallationStoreOptions {
  /** The 32-byte `PAPERBOY_ENCRYPTION_KEY`: installations are stored encrypted when set. */
  encryptionKey?: Uint8Array;
}

/**
 * Slack OAuth installations (bot token and its refresh token, scopes, ids) kept in paperboy's own
 * store, so every replica that shares the store can answer every installed workspace. With an
 * encryption key each record is sealed whole (AES-256-GCM, see `src/sealed-box.ts`); records stored
 * before the key was set are still read, and sealed on first use. The installing user's token is never
 * kept: no feature acts as the installer.
 */
export function createInstallationStore(
  installations: InstallationRepository,
  options: InstallationStoreOptions = {},
): InstallationStore {
  const box = options.encryptionKey ? createSealedBox(options.encryptionKey) : undefined;
  const save = async (query: InstallationIds, installation: Installation) => {
    const kept = withoutUserToken(installation);
    const id = installationId(query);
    await installations.put(id, box ? box.seal(kept, installations.keyOf(id)) : kept);
  };
  return {
    storeInstallation: async (installation) => {
      const query = {
        isEnterpriseInstall: installation.isEnterpriseInstall,
        enterpriseId: installation.enterprise?.id,
        teamId: installation.team?.id,
      };
      await save(query, installation);
    },
    fetchInstallation: async (query: InstallationQuery<boolean>) => {
      const key = installationKey(query);
      const stored = await installations.get(installationId(query));
      if (!stored) throw new Error(`[paperboy] [slack] no installation for ${key}`);
      if (isSealed(stored)) {
        if (!box) {
          throw new Error(
            `[paperboy] [slack] ${key} is stored encrypted: set PAPERBOY_ENCRYPTION_KEY to its key`,
          );
        }
        return box.open(stored, key) as Installation;
      }
      const installation = stored as Installation;
      // A record from before the key (or before user tokens were dropped) is rewritten as it is now kept.
      if (box || installation.user?.token) await save(query, installation);
      return withoutUserToken(installation);
    },
    deleteInstallation: async (query: InstallationQuery<boolean>) => {
      await installations.delete(installationId(query));
    },
  };
}

/** The installation without the installing user's token, refresh token and expiry. */
function withoutUserToken(installation: Installation): Installation {
  if (!installation.user) return installation;
  return {
    ...installation,
    user: { id: installation.user.id, scopes: installation.user.scopes, token: undefined },
  };
}
