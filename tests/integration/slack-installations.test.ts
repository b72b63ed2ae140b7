import type { Installation } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { installKeyOf, SealedInstallationStore } from '../../src/adapters/slack/slack-installations.js';
import { silentLogger } from '../../src/core/logger.js';
import { slackInstallationRows } from '../../src/db/slack-installation-store.js';
import { TokenCipher } from '../../src/secrets/token-cipher.js';
import { useTestDatabase } from '../helpers/database.js';

/**
 * Slack installations at rest, on a real database: what Bolt's installer stores comes back
 * whole, the table holds no token in the clear, a row copied under another team does not open,
 * an org-wide install serves its workspaces, and a key rotation re-seals on read.
 */

const db = useTestDatabase();
const KEY = Buffer.alloc(32, 7);
const NEW_KEY = Buffer.alloc(32, 9);

function installation(teamId: string, token: string, enterpriseId?: string): Installation<'v2', false> {
  return {
    team: { id: teamId, name: `team ${teamId}` },
    enterprise: enterpriseId ? { id: enterpriseId, name: 'grid' } : undefined,
    isEnterpriseInstall: false,
    bot: {
      token,
      refreshToken: `xoxe-1-refresh-${teamId}`,
      expiresAt: 1_900_000_000,
      scopes: ['chat:write'],
      id: 'B1',
      userId: 'UBOT',
    },
    user: { token: undefined, scopes: undefined, id: 'UADMIN' },
    tokenType: 'bot',
    appId: 'A1',
    authVersion: 'v2',
  };
}

async function allRows(): Promise<Record<string, unknown>[]> {
  const result = await db.current.database.db.execute('select * from slack_installations');
  return (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<
    string,
    unknown
  >[];
}

describe('the Slack installation store', () => {
  it('stores what the installer hands it, sealed, and gives it back whole', async () => {
    const store = new SealedInstallationStore(
      slackInstallationRows(db.current.database.db),
      new TokenCipher(KEY),
      silentLogger,
    );
    await store.storeInstallation(installation('T0AAA', 'xoxe.xoxb-1-secret-aaa'));
    await store.storeInstallation(installation('T0BBB', 'xoxe.xoxb-1-secret-bbb'));
    const a = await store.fetchInstallation({
      teamId: 'T0AAA',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(a.bot?.token).toBe('xoxe.xoxb-1-secret-aaa');
    expect(a.bot?.refreshToken).toBe('xoxe-1-refresh-T0AAA');
    const rows = await allRows();
    expect(rows.map((r) => r.install_key).sort()).toEqual(['team:T0AAA', 'team:T0BBB']);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain('secret');
    expect(dump).not.toContain('refresh');
    // A reinstall replaces the row.
    await store.storeInstallation(installation('T0AAA', 'xoxe.xoxb-2-secret-new'));
    expect(
      (
        await store.fetchInstallation({
          teamId: 'T0AAA',
          enterpriseId: undefined,
          isEnterpriseInstall: false,
        })
      ).bot?.token,
    ).toBe('xoxe.xoxb-2-secret-new');
    expect(await allRows()).toHaveLength(2);
  });

  it('refuses a row copied under another team, and answers an unknown or deleted team with an error', async () => {
    const rows = slackInstallationRows(db.current.database.db);
    const store = new SealedInstallationStore(rows, new TokenCipher(KEY), silentLogger);
    await store.storeInstallation(installation('T0AAA', 'xoxb-secret-aaa'));
    const stolen = await rows.get('team:T0AAA');
    await rows.put({
      ...(stolen ?? { sealed: '' }),
      installKey: 'team:T0EVE',
      teamId: 'T0EVE',
      enterpriseId: null,
      isEnterpriseInstall: false,
    });
    await expect(
      store.fetchInstallation({ teamId: 'T0EVE', enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow(/does not open/);
    await expect(
      store.fetchInstallation({ teamId: 'T0NONE', enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow(/no Slack installation for team:T0NONE/);
    await store.deleteInstallation({ teamId: 'T0AAA', enterpriseId: undefined, isEnterpriseInstall: false });
    await expect(
      store.fetchInstallation({ teamId: 'T0AAA', enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow(/no Slack installation/);
  });

  it('serves a workspace of an Enterprise Grid org from its org-wide install', async () => {
    const store = new SealedInstallationStore(
      slackInstallationRows(db.current.database.db),
      new TokenCipher(KEY),
      silentLogger,
    );
    await store.storeInstallation({
      ...installation('', 'xoxb-org-token'),
      team: undefined,
      enterprise: { id: 'E0GRID', name: 'grid' },
      isEnterpriseInstall: true,
    } as unknown as Installation<'v2', true>);
    expect(installKeyOf({ teamId: undefined, enterpriseId: 'E0GRID', isEnterpriseInstall: true })).toBe(
      'enterprise:E0GRID',
    );
    const found = await store.fetchInstallation({
      teamId: 'T0INGRID',
      enterpriseId: 'E0GRID',
      isEnterpriseInstall: false,
    });
    expect(found.bot?.token).toBe('xoxb-org-token');
  });

  it('after a key rotation, opens with the old key and seals again with the new one', async () => {
    const rows = slackInstallationRows(db.current.database.db);
    await new SealedInstallationStore(rows, new TokenCipher(KEY), silentLogger).storeInstallation(
      installation('T0AAA', 'xoxb-secret-aaa'),
    );
    const before = (await rows.get('team:T0AAA'))?.sealed ?? '';
    const rotated = new SealedInstallationStore(rows, new TokenCipher(NEW_KEY, [KEY]), silentLogger);
    expect(
      (
        await rotated.fetchInstallation({
          teamId: 'T0AAA',
          enterpriseId: undefined,
          isEnterpriseInstall: false,
        })
      ).bot?.token,
    ).toBe('xoxb-secret-aaa');
    const after = (await rows.get('team:T0AAA'))?.sealed ?? '';
    expect(after).not.toBe(before);
    // Now only the new key is needed.
    const newOnly = new SealedInstallationStore(rows, new TokenCipher(NEW_KEY), silentLogger);
    expect(
      (
        await newOnly.fetchInstallation({
          teamId: 'T0AAA',
          enterpriseId: undefined,
          isEnterpriseInstall: false,
        })
      ).bot?.token,
    ).toBe('xoxb-secret-aaa');
  });
});
