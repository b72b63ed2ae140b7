import { type AdminDeps, type AdminReply, adminReply } from './admin-gate.js';
import { parseDigestSetting } from './digest.js';
import type { Catalog } from './i18n/catalog.js';
import { messageView } from './render.js';
import type { Channel } from './types.js';

/** `/sa-admin digest fri|금|off`, and what the status says of the channel's weekly digest. */

/** `digest fri` sets the day, `digest off` clears it, alone it shows it; anything else is explained. */
export async function runDigest(
  deps: AdminDeps,
  m: Catalog,
  channel: Channel,
  value: string | null,
): Promise<AdminReply> {
  const setting = parseDigestSetting(value ?? undefined);
  if (!setting.ok) return adminReply(messageView('error', m.digest.invalidDay(value ?? '')));
  if (setting.value === null)
    return adminReply(messageView('info', digestStatusLines(m, channel).join('\n')));
  if (setting.value === 'off') {
    await deps.store.updateChannel(channel.id, { digestDay: null });
    return adminReply(messageView('success', m.digest.digestOff));
  }
  await deps.store.updateChannel(channel.id, { digestDay: setting.value });
  return adminReply(
    messageView('success', m.digest.digestSet(dayName(m, setting.value), channel.schedule.revealTime)),
  );
}

function dayName(m: Catalog, day: number): string {
  return m.digest.dayNames[day - 1] ?? String(day);
}

/** The status line: the digest's day, or off. */
export function digestStatusLines(m: Catalog, channel: Channel): string[] {
  return [m.digest.statusDigest(channel.digestDay === null ? null : dayName(m, channel.digestDay))];
}
