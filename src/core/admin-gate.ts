import type { Catalog } from './i18n/catalog.js';
import { messages } from './i18n/catalog.js';
import type { Store } from './ports.js';
import type { Quiz } from './quiz.js';
import { messageView } from './render.js';
import type { Failure } from './result.js';
import type { Clock } from './time.js';
import { type Actor, type Channel, type ChannelAddress, DEFAULT_LOCALE, replyLocale } from './types.js';
import type { View } from './views.js';

export interface ExportFile {
  readonly name: string;
  readonly content: string;
}

export interface AdminReply {
  readonly view: View;
  readonly file: ExportFile | null;
}

export interface AdminDeps {
  readonly quiz: Quiz;
  readonly store: Store;
  readonly clock: Clock;
  /** User ids allowed to administer besides the platform's own admins (`SA_QUIZ_ADMINS`). */
  readonly configuredAdmins: readonly string[];
}

export function adminReply(v: View, file: ExportFile | null = null): AdminReply {
  return { view: v, file };
}

export function errorReply(m: Catalog, error: Failure): AdminReply {
  return adminReply(messageView('error', m.error(error.code, error.params ?? {})));
}

/** Platform admins and configured admins only; the rule lives here, the platform only reports roles. */
export function isAdmin(deps: AdminDeps, actor: Actor): boolean {
  return actor.isPlatformAdmin || deps.configuredAdmins.includes(actor.userId);
}

export type Entry =
  | { readonly ok: true; readonly channel: Channel; readonly m: Catalog }
  | { readonly ok: false; readonly refused: AdminReply };

/**
 * What an action touches: `channel` actions (settings, schedule, post and reveal now) are open to
 * the channel's own managers when the workspace allows it; `workspace` actions (the question
 * bank's uploads and exports, the data export, the role to notify, the channel-managers setting
 * itself: src/core/channel-managers.ts `scopeOf`) stay with workspace admins.
 */
export type AdminScope = 'channel' | 'workspace';

/**
 * The door to every admin action. An admin gets the channel (created on first sight); so does a
 * channel manager for a `channel` action when the workspace lets them (the platform is asked
 * only then). Anyone else is refused in their language and nothing is written: no workspace or
 * channel row appears because a member typed `/sa-admin`.
 */
export async function enter(
  deps: AdminDeps,
  address: ChannelAddress,
  actor: Actor,
  scope: AdminScope = 'channel',
): Promise<Entry> {
  if (!isAdmin(deps, actor)) {
    const workspace = await deps.store.findWorkspace(address.platform, address.workspaceId);
    const managersAllowed = workspace?.channelManagers === true;
    if (!(managersAllowed && scope === 'channel' && (await managesChannel(actor)))) {
      const known = await deps.store.findChannel(address.platform, address.workspaceId, address.channelId);
      const locale = known
        ? replyLocale(known, address)
        : (address.viewerLocale ?? address.locale ?? DEFAULT_LOCALE);
      const code = !managersAllowed
        ? 'not_admin'
        : scope === 'channel'
          ? 'not_admin_or_manager'
          : 'workspace_admin_only';
      return { ok: false, refused: errorReply(messages(locale), { code }) };
    }
  }
  const channel = await deps.quiz.channelAt(address);
  return { ok: true, channel, m: messages(replyLocale(channel, address)) };
}

/** The platform's word; a platform that cannot tell says no. */
async function managesChannel(actor: Actor): Promise<boolean> {
  if (!actor.managesChannel) return false;
  try {
    return await actor.managesChannel();
  } catch {
    return false;
  }
}
