import type { KvBackend } from "./backend.ts";
import { slackInstallationKey } from "./keys.ts";

/**
 * Platform OAuth installations (for now Slack's), stored as the adapter hands them over (sealed or
 * not: the adapter decides), by the id the adapter derives (`team-<id>`, `enterprise-<id>`).
 */
export class InstallationRepository {
  constructor(private readonly kv: KvBackend) {}

  /** The key an installation is stored under, for messages that name it. */
  keyOf(id: string): string {
    return slackInstallationKey(id);
  }

  async get(id: string): Promise<unknown> {
    return this.kv.get<unknown>(slackInstallationKey(id));
  }

  async put(id: string, record: unknown): Promise<void> {
    await this.kv.set(slackInstallationKey(id), record);
  }

  async delete(id: string): Promise<boolean> {
    return this.kv.delete(slackInstallationKey(id));
  }
}
