import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/adapters/slack/slack-commands.js';
import { LOSS_EVENTS } from '../../../src/adapters/slack/slack-lifecycle.js';

/** The manifest an admin pastes declares what the adapter listens to and calls. */

/**
 * The bot scopes each Web API method the adapter calls needs (any one of a list is enough for
 * the conversations a method is used on: public and private channels, DMs, group DMs).
 * A method missing here fails the test: decide its scope, then add it.
 */
const METHOD_SCOPES: Readonly<Record<string, readonly (readonly string[])[]>> = {
  'auth.test': [],
  'chat.postMessage': [['chat:write']],
  'chat.postEphemeral': [['chat:write']],
  'chat.update': [['chat:write']],
  'conversations.history': [['channels:history'], ['groups:history']],
  'conversations.replies': [['channels:history'], ['groups:history']],
  'conversations.info': [['channels:read'], ['groups:read'], ['im:read'], ['mpim:read']],
  'conversations.open': [['im:write']],
  'reactions.add': [['reactions:write']],
  'users.info': [['users:read']],
  'files.info': [['files:read']],
  'files.uploadV2': [['files:write']],
  'views.open': [],
  'views.update': [],
  'views.publish': [],
};

async function manifestScopes(): Promise<string[]> {
  const manifest = await readFile('slack/manifest.yaml', 'utf8');
  const bot = /\n {4}bot:\n((?: {6}.*\n)+)/.exec(manifest)?.[1] ?? '';
  return [...bot.matchAll(/^ {6}- ([a-z.:]+)/gm)].map((m) => m[1] ?? '');
}

/** `client.<family>.<method>(` anywhere in the Slack adapter's source (line breaks allowed). */
async function methodsCalled(): Promise<Set<string>> {
  const dir = 'src/adapters/slack';
  const found = new Set<string>();
  for (const file of await readdir(dir)) {
    const source = await readFile(`${dir}/${file}`, 'utf8');
    for (const m of source.matchAll(
      /[cC]lient\s*\.\s*(auth|chat|conversations|files|reactions|users|views)\s*\.\s*([a-zA-Z0-9]+)\(/g,
    ))
      found.add(`${m[1]}.${m[2]}`);
  }
  return found;
}

describe('slack/manifest.yaml', () => {
  it('declares the commands, scopes, events, interactivity and Socket Mode the adapter needs', async () => {
    const manifest = await readFile('slack/manifest.yaml', 'utf8');
    for (const command of Object.values(COMMANDS)) expect(manifest).toContain(`- command: ${command}\n`);
    const scopes = [...manifest.matchAll(/^ {6}- ([a-z_.:]+)/gm)].map((m) => m[1]);
    expect(scopes.sort()).toEqual(
      [
        'channels:history',
        'channels:read',
        'groups:read',
        'im:read',
        'mpim:read',
        'chat:write',
        'commands',
        'files:read',
        'files:write',
        'groups:history',
        'im:history',
        'im:write',
        'reactions:write',
        'users:read',
        'message.channels',
        'message.groups',
        'message.im',
        'member_joined_channel',
        'member_left_channel',
        'channel_archive',
        'channel_deleted',
        'channel_left',
        'group_archive',
        'group_deleted',
        'group_left',
        'app_uninstalled',
        'tokens_revoked',
        'app_home_opened',
        'reaction_added',
        'reaction_removed',
        'reactions:read',
      ].sort(),
    );
    expect(manifest).toMatch(/interactivity:\n {4}is_enabled: true/);
    expect(manifest).toMatch(/socket_mode_enabled: true/);
    expect(manifest).toMatch(/messages_tab_enabled: true\n {4}messages_tab_read_only_enabled: false/);
    expect(manifest).toMatch(/home_tab_enabled: true/);
  });

  it('subscribes to every event the adapter listens to', async () => {
    const manifest = await readFile('slack/manifest.yaml', 'utf8');
    const events = /\n {4}bot_events:\n((?: {6}.*\n)+)/.exec(manifest)?.[1] ?? '';
    const subscribed = new Set([...events.matchAll(/^ {6}- ([a-z_.]+)/gm)].map((m) => m[1]));
    const dir = 'src/adapters/slack';
    const listened = new Set<string>();
    for (const file of await readdir(dir)) {
      const source = await readFile(`${dir}/${file}`, 'utf8');
      for (const m of source.matchAll(/app\.event\('([a-z_]+)'/g)) listened.add(m[1] ?? '');
    }
    for (const event of Object.keys(LOSS_EVENTS)) listened.add(event); // registered from a table
    expect(listened.size).toBeGreaterThan(5);
    for (const event of listened)
      if (event === 'message')
        for (const kind of ['channels', 'groups', 'im']) expect(subscribed).toContain(`message.${kind}`);
      else expect(subscribed, event).toContain(event);
  });

  it('grants a scope for every Web API method the adapter calls, for every kind of conversation', async () => {
    const granted = new Set(await manifestScopes());
    const called = await methodsCalled();
    expect(called.size).toBeGreaterThan(10);
    for (const method of called) {
      const needs = METHOD_SCOPES[method];
      expect(needs, `${method}: add it to METHOD_SCOPES`).toBeDefined();
      for (const scopes of needs ?? [])
        expect(
          scopes.some((s) => granted.has(s)),
          `${method} needs ${scopes.join(' or ')}`,
        ).toBe(true);
    }
    // Every scope the manifest asks for is used by something (nothing more than needed).
    const used = new Set([...called].flatMap((m) => (METHOD_SCOPES[m] ?? []).flat()));
    // Slash commands; message.im; reaction_added/removed (votes).
    for (const extra of ['commands', 'im:history', 'reactions:read']) used.add(extra);
    expect([...granted].filter((s) => !used.has(s))).toEqual([]);
  });
});
