import type { Catalog } from './i18n/catalog.js';
import { type Inline, userRef } from './views.js';

/**
 * The ids that stand in for people who deleted their data (`/sa-quiz forget-me`,
 * src/core/forget-me.ts). No platform has ids of this shape: Slack's are `U…`/`W…`, Discord's
 * digits, the console's typed names have no colon. Each kept answer gets its own
 * (`deleted:a<answer id>`), so the answers someone left behind cannot be linked to one another.
 */
export const FORGOTTEN_PREFIX = 'deleted:';

export function isForgotten(userId: string): boolean {
  return userId.startsWith(FORGOTTEN_PREFIX);
}

/** A person in a view: a ref, or plain "(deleted user)" for someone who deleted their data. */
export function personRef(m: Catalog, id: string, name: string, quiet = false): Inline {
  return isForgotten(id) ? m.privacy.deletedUser : userRef(id, name, quiet);
}
