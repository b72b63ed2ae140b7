import type { AdminDeps, AdminReply, AdminScope } from './admin-gate.js';
import { adminReply } from './admin-gate.js';
import type { AdminCommand } from './commands.js';
import type { Catalog } from './i18n/catalog.js';
import { messageView } from './render.js';
import { fail, ok, type Result } from './result.js';
import type { Channel } from './types.js';

/**
 * `/sa-admin channel-managers on|off`: whether a channel's own managers may administer sa-quiz in
 * that channel (Slack Channel Managers, Discord members with Manage Channels there). A workspace
 * setting, off by default, that only workspace admins change; who counts as a manager is the
 * platform's answer (`Actor.managesChannel`), asked by the admin gate (src/core/admin-gate.ts).
 */

/** `on`/`off` (and 켜기/끄기); null without an argument (show it). */
export function parseManagersSetting(arg: string | undefined): Result<boolean | null> {
  if (arg === undefined || arg.trim() === '') return ok(null);
  const text = arg.trim().toLowerCase();
  if (text === 'on' || text === '켜기') return ok(true);
  if (text === 'off' || text === '끄기') return ok(false);
  return fail('unknown_argument', { value: arg });
}

/**
 * Actions beyond one channel stay with workspace admins, whatever the setting: the workspace's
 * bank (uploads, exports of every question), its data, this setting, and the role the bot pings
 * (a channel manager could otherwise have the bot mention a role they may not mention).
 */
const WORKSPACE_ACTIONS: ReadonlySet<AdminCommand['name']> = new Set([
  'upload',
  'export',
  'channel-managers',
  'notify-role',
]);

export function scopeOf(command: AdminCommand): AdminScope {
  return WORKSPACE_ACTIONS.has(command.name) ? 'workspace' : 'channel';
}

export async function runChannelManagers(
  deps: AdminDeps,
  m: Catalog,
  channel: Channel,
  allowed: boolean | null,
): Promise<AdminReply> {
  if (allowed === null) {
    const workspace = await deps.store.findWorkspace(channel.platform, channel.workspaceExternalId);
    return adminReply(
      messageView('info', m.managers.status(workspace?.channelManagers === true, channel.platform)),
    );
  }
  await deps.store.setChannelManagers(channel.workspaceId, allowed);
  return adminReply(messageView('success', m.managers.set(allowed, channel.platform)));
}
