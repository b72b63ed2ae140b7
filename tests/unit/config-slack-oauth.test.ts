import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../src/adapters/slack/slack-oauth.js';
import { loadConfig } from '../../src/config.js';

/** Slack distribution mode's settings: what it needs, what it cannot be combined with. */

const KEY = Buffer.alloc(32, 3).toString('base64');
const FULL = {
  SLACK_CLIENT_ID: '123.456',
  SLACK_CLIENT_SECRET: 'client-secret',
  SLACK_STATE_SECRET: 'state-secret',
  SLACK_SIGNING_SECRET: 'signing-secret',
  SA_QUIZ_ENCRYPTION_KEY: KEY,
};

describe('distribution mode configuration', () => {
  it('turns on with the client id, its secrets and an encryption key; no bot token', () => {
    const config = loadConfig(FULL);
    expect(config.slack?.botToken).toBeUndefined();
    expect(config.slack?.oauth).toMatchObject({ clientId: '123.456', encryptionKey: KEY });
  });

  it('names every missing variable at once', () => {
    expect(() => loadConfig({ SLACK_CLIENT_ID: '123.456' })).toThrow(
      'SLACK_CLIENT_ID (distribution mode) also needs SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, SLACK_SIGNING_SECRET, SA_QUIZ_ENCRYPTION_KEY',
    );
  });

  it('refuses a bot token or Socket Mode beside it, and a key that is not 32 bytes', () => {
    expect(() => loadConfig({ ...FULL, SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/not both/);
    expect(() => loadConfig({ ...FULL, SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/unset SLACK_APP_TOKEN/);
    expect(() => loadConfig({ ...FULL, SA_QUIZ_ENCRYPTION_KEY: 'short' })).toThrow(
      /SA_QUIZ_ENCRYPTION_KEY must be 32/,
    );
    expect(() => loadConfig({ ...FULL, SA_QUIZ_ENCRYPTION_OLD_KEYS: 'short' })).toThrow(
      /SA_QUIZ_ENCRYPTION_OLD_KEYS/,
    );
  });

  it('leaves single-workspace mode as it was', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(config.slack).toMatchObject({ botToken: 'xoxb-1', appToken: 'xapp-1', oauth: undefined });
  });

  it('asks at install for exactly the bot scopes of the manifest', () => {
    const manifest = readFileSync('slack/manifest.yaml', 'utf8');
    const bot = manifest.slice(manifest.indexOf('    bot:'), manifest.indexOf('\nsettings:'));
    const scopes = [...bot.matchAll(/^\s+- ([a-z.:_]+)/gm)].map((m) => m[1]);
    expect(scopes.length).toBeGreaterThan(10);
    expect([...BOT_SCOPES].sort()).toEqual(scopes.sort());
  });
});
