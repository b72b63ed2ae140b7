import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import { errorText } from './slack-context.js';

/**
 * Slack distribution mode: Bolt's InstallationStore over the `slack_installations` table, each
 * installation (bot token, refresh token, scopes) sealed with AES-256-GCM before it is stored
 * and bound to its key, so a copied row does not open under another team. Bolt's installer calls
 * it after the OAuth flow (`storeInstallation`), on every request and scheduled post
 * (`fetchInstallation`, through `authorize`, which also stores a refreshed rotating token), and
 * sa-quiz deletes one on `app_uninstalled` / `tokens_revoked`.
 *
 * Interface checked 2026-12-03 in node_modules/@slack/oauth 4.0.0 (installation-stores/interface
 * and install-provider: `authorize` refreshes a bot token expiring within 2 hours and stores the
 * installation again).
 */

/** What the table holds per installation (src/db/slack-installation-store.ts). */
export interface InstallationRow {
  readonly installKey: string;
  readonly teamId: string | null;
  readonly enterpriseId: string | null;
  readonly isEnterpriseInstall: boolean;
  readonly sealed: string;
}

export interface InstallationRows {
  get(installKey: string): Promise<InstallationRow | null>;
  put(row: InstallationRow): Promise<void>;
  remove(installKey: string): Promise<boolean>;
}

/** Seals and opens text bound to a context (src/secrets/token-cipher.ts). */
export interface Sealer {
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
  needsResealing(sealed: string): boolean;
}

/** Who an installation is for, as Bolt asks. */
type Who = Pick<InstallationQuery<boolean>, 'teamId' | 'enterpriseId' | 'isEnterpriseInstall'>;

/** `enterprise:<id>` for an org-wide install, else `team:<id>`. */
export function installKeyOf(who: Who): string {
  if (who.isEnterpriseInstall && who.enterpriseId) return `enterprise:${who.enterpriseId}`;
  if (who.teamId) return `team:${who.teamId}`;
  throw new Error('an installation needs a team id (or an enterprise id for an org-wide install)');
}

/** Thrown when there is no installation for a request's or a channel's workspace. */
export class NoInstallationError extends Error {
  constructor(key: string) {
    super(`no Slack installation for ${key}: the app was uninstalled or never installed there`);
    this.name = 'NoInstallationError';
  }
}

export class SealedInstallationStore implements InstallationStore {
  constructor(
    private readonly rows: InstallationRows,
    private readonly sealer: Sealer,
    private readonly log: Logger,
  ) {}

  async storeInstallation<AuthVersion extends 'v1' | 'v2'>(
    installation: Installation<AuthVersion, boolean>,
  ): Promise<void> {
    const key = installKeyOf({
      teamId: installation.team?.id,
      enterpriseId: installation.enterprise?.id,
      isEnterpriseInstall: installation.isEnterpriseInstall === true,
    });
    await this.rows.put({
      installKey: key,
      teamId: installation.team?.id ?? null,
      enterpriseId: installation.enterprise?.id ?? null,
      isEnterpriseInstall: installation.isEnterpriseInstall === true,
      sealed: this.sealer.seal(JSON.stringify(installation), key),
    });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const key = installKeyOf(query);
    let row = await this.rows.get(key);
    // A workspace of an Enterprise Grid org where the app was installed org-wide.
    if (!row && !query.isEnterpriseInstall && query.enterpriseId)
      row = await this.rows.get(installKeyOf({ ...query, isEnterpriseInstall: true }));
    if (!row) throw new NoInstallationError(key);
    const installation = JSON.parse(this.sealer.open(row.sealed, row.installKey)) as Installation<
      'v1' | 'v2',
      boolean
    >;
    if (this.sealer.needsResealing(row.sealed)) await this.reseal(row, installation);
    return installation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.rows.remove(installKeyOf(query));
  }

  /** Sealed with a key from before a rotation: sealed again with the current one, best effort. */
  private async reseal(
    row: InstallationRow,
    installation: Installation<'v1' | 'v2', boolean>,
  ): Promise<void> {
    try {
      await this.rows.put({ ...row, sealed: this.sealer.seal(JSON.stringify(installation), row.installKey) });
      this.log.info(
        { installKey: row.installKey },
        'a Slack installation was sealed again with the current key',
      );
    } catch (error) {
      this.log.warn(
        { installKey: row.installKey, err: errorText(error) },
        'could not seal an installation again',
      );
    }
  }
}
