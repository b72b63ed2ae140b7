import { eq, sql } from 'drizzle-orm';
import type { InstallationRows } from '../adapters/slack/slack-installations.js';
import type { Db } from './open-database.js';
import { slackInstallations } from './schema.js';

/**
 * The `slack_installations` table behind the Slack adapter's InstallationStore: rows only, the
 * sealing and Bolt's shape are the adapter's (src/adapters/slack/slack-installations.ts).
 */
export function slackInstallationRows(db: Db): InstallationRows {
  return {
    async get(installKey) {
      const [row] = await db
        .select({
          installKey: slackInstallations.installKey,
          teamId: slackInstallations.teamId,
          enterpriseId: slackInstallations.enterpriseId,
          isEnterpriseInstall: slackInstallations.isEnterpriseInstall,
          sealed: slackInstallations.sealed,
        })
        .from(slackInstallations)
        .where(eq(slackInstallations.installKey, installKey));
      return row ?? null;
    },
    async put(row) {
      await db
        .insert(slackInstallations)
        .values(row)
        .onConflictDoUpdate({
          target: slackInstallations.installKey,
          set: {
            teamId: row.teamId,
            enterpriseId: row.enterpriseId,
            isEnterpriseInstall: row.isEnterpriseInstall,
            sealed: row.sealed,
            updatedAt: sql`now()`,
          },
        });
    },
    async remove(installKey) {
      const gone = await db
        .delete(slackInstallations)
        .where(eq(slackInstallations.installKey, installKey))
        .returning({ installKey: slackInstallations.installKey });
      return gone.length > 0;
    },
  };
}
