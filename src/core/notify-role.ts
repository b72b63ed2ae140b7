import type { AdminDeps, AdminReply } from './admin-gate.js';
import { adminReply } from './admin-gate.js';
import type { Catalog } from './i18n/catalog.js';
import { messageView } from './render.js';
import { fail, ok, type Result } from './result.js';
import type { Channel } from './types.js';

/**
 * Discord's opt-in role to notify (`/sa-admin notify-role @role`): mentioned when the question is
 * posted, the only ping the bot ever sends, and only when an admin set it. `off` removes it.
 * Slack has no such role: the command says so there.
 */

/** `<@&123…>` or the bare id (Discord snowflakes are 17–20 digits), `off`; null without one (show it). */
export function parseNotifyRole(arg: string | undefined): Result<string | 'off' | null> {
  if (arg === undefined || arg.trim() === '') return ok(null);
  const text = arg.trim().toLowerCase();
  if (text === 'off' || text === 'none' || text === '끄기' || text === '없음') return ok('off');
  const id = /^(?:<@&)?(\d{17,20})>?$/.exec(text)?.[1];
  return id ? ok(id) : fail('unknown_argument', { value: arg });
}

export function notifyRoleLine(m: Catalog, channel: Channel): string[] {
  return channel.platform === 'discord' ? [m.notify.status(channel.notifyRole)] : [];
}

export async function runNotifyRole(
  deps: AdminDeps,
  m: Catalog,
  channel: Channel,
  role: string | 'off' | null,
): Promise<AdminReply> {
  if (channel.platform !== 'discord') return adminReply(messageView('error', m.notify.discordOnly));
  if (role === null) return adminReply(messageView('info', m.notify.status(channel.notifyRole)));
  await deps.store.updateChannel(channel.id, { notifyRole: role === 'off' ? null : role });
  return adminReply(messageView('success', role === 'off' ? m.notify.off : m.notify.set(role)));
}
