import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/adapters/slack/slack-commands.js';

/** The manifest an admin pastes declares what the adapter listens to and calls. */
describe('slack/manifest.yaml', () => {
  it('declares the commands, scopes, events, interactivity and Socket Mode the adapter needs', async () => {
    const manifest = await readFile('slack/manifest.yaml', 'utf8');
    for (const command of Object.values(COMMANDS)) expect(manifest).toContain(`- command: ${command}\n`);
    const scopes = [...manifest.matchAll(/^ {6}- ([a-z.:]+)/gm)].map((m) => m[1]);
    expect(scopes.sort()).toEqual(
      [
        'channels:history',
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
      ].sort(),
    );
    expect(manifest).toMatch(/interactivity:\n {4}is_enabled: true/);
    expect(manifest).toMatch(/socket_mode_enabled: true/);
    expect(manifest).toMatch(/messages_tab_enabled: true\n {4}messages_tab_read_only_enabled: false/);
  });
});
