import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { NoInstallationError } from '../../src/adapters/slack/slack-installations.js';
import { SlackTeams } from '../../src/adapters/slack/slack-teams.js';
import { silentLogger } from '../../src/core/logger.js';

/**
 * What a failed token lookup means for the scheduler's posts: only a missing installation is the
 * app gone (the channels pause); anything else is passing (retried, nothing paused).
 */

const build = (token: string) => ({
  client: new webApi.WebClient(token),
  postClient: new webApi.WebClient(token),
});

function teams(tokenOf: (teamId: string) => Promise<string>, now = () => 0): SlackTeams {
  return new SlackTeams(build, tokenOf, silentLogger, now);
}

describe('SlackTeams', () => {
  it('is app_removed only when there is no installation, bare or wrapped by Bolt', async () => {
    const missing = teams(async () => {
      throw new NoInstallationError('team:T0GONE');
    });
    await expect(missing.ofTeam('T0GONE')).rejects.toMatchObject({ kind: 'gone', problem: 'app_removed' });
    const wrapped = teams(async () => {
      // @slack/oauth's AuthorizationError keeps the store's error as `original`.
      throw Object.assign(new Error('authorization failed'), {
        original: new NoInstallationError('team:T0GONE'),
      });
    });
    await expect(wrapped.ofTeam('T0GONE')).rejects.toMatchObject({ kind: 'gone', problem: 'app_removed' });
  });

  it('is transient when the store or the seal fails, so nothing is paused for it', async () => {
    const down = teams(async () => {
      throw Object.assign(new Error('authorization failed'), { original: new Error('statement timeout') });
    });
    await expect(down.ofTeam('T0A')).rejects.toMatchObject({ kind: 'transient' });
  });

  it('reuses a looked-up token for a minute, then asks again; forget drops it at once', async () => {
    let lookups = 0;
    let at = 0;
    const t = teams(
      async () => {
        lookups += 1;
        return `xoxb-${lookups}`;
      },
      () => at,
    );
    expect((await t.ofTeam('T0A')).botToken).toBe('xoxb-1');
    at = 59_000;
    expect((await t.ofTeam('T0A')).botToken).toBe('xoxb-1');
    at = 61_000;
    expect((await t.ofTeam('T0A')).botToken).toBe('xoxb-2');
    t.forget('T0A');
    expect((await t.ofTeam('T0A')).botToken).toBe('xoxb-3');
    expect(t.clients('xoxb-3')).toBe(await t.ofTeam('T0A'));
  });
});
