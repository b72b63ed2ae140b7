import type { Runtime } from './runtime.js';
import type { Platform } from './types.js';

/**
 * A workspace that uninstalls the app keeps its data for a grace period, then loses all of it.
 *
 * - Slack `app_uninstalled` / `tokens_revoked` mark the workspace uninstalled (the first time
 *   only: a repeated event does not restart the grace period); only installing the app again
 *   (the OAuth install path) clears it. An ordinary event from the workspace never does.
 * - Each scheduler tick purges every workspace uninstalled at least `graceDays` whole days
 *   (24 h each, whatever the time zone) before `now`: every row of it, in one transaction per
 *   workspace (src/db/retention-store.ts), logged with counts only.
 * - Until then an operator can export it all (`sa-quiz export-workspace`).
 */

export const DEFAULT_UNINSTALL_GRACE_DAYS = 30;

const DAY_MS = 24 * 60 * 60_000;

/** How many rows a purge deleted, per table. */
export interface PurgeCounts {
  readonly channels: number;
  readonly rounds: number;
  readonly answers: number;
  readonly votes: number;
  readonly streaks: number;
  readonly questions: number;
  readonly practiceCards: number;
  readonly practiceReviews: number;
  readonly uploads: number;
  readonly nudges: number;
  readonly reminderOptOuts: number;
  readonly roundReminders: number;
  readonly digests: number;
  readonly incidents: number;
  readonly auditLog: number;
  readonly slackInstallations: number;
}

/** A workspace whose grace period is over. */
export interface ExpiredWorkspace {
  readonly id: number;
  readonly platform: Platform;
}

/**
 * Everything sa-quiz holds about one workspace, as one JSON document (`sa-quiz
 * export-workspace`). Tokens are never part of it. Rows keep the database's own field names.
 */
export interface WorkspaceExport {
  readonly format: 'sa-quiz.workspace-export';
  readonly version: 1;
  readonly exportedAt: string;
  readonly workspace: Readonly<Record<string, unknown>>;
  /** Each channel with its settings, streaks, incidents and digests. */
  readonly channels: readonly Readonly<Record<string, unknown>>[];
  /** The workspace's own bank (the global library is not its data). */
  readonly questions: readonly Readonly<Record<string, unknown>>[];
  /** Each round with its channel's external id, its question's key, answers (with votes) and reminder. */
  readonly rounds: readonly Readonly<Record<string, unknown>>[];
  /** Each practice card with its reviews. */
  readonly practiceCards: readonly Readonly<Record<string, unknown>>[];
  readonly uploads: readonly Readonly<Record<string, unknown>>[];
  readonly nudges: readonly Readonly<Record<string, unknown>>[];
  readonly reminderOptOuts: readonly Readonly<Record<string, unknown>>[];
  readonly auditLog: readonly Readonly<Record<string, unknown>>[];
}

/** The store's side (src/db/retention-store.ts). */
export interface RetentionStore {
  /** Sets the workspace's uninstalled time to `at` unless it is already set; false when nothing changed. */
  markWorkspaceUninstalled(platform: Platform, externalId: string, at: Date): Promise<boolean>;
  /** Clears the workspace's uninstalled time; false when it was not set (or the workspace is unknown). */
  markWorkspaceInstalled(platform: Platform, externalId: string): Promise<boolean>;
  /** Workspaces uninstalled at or before `cutoff`. */
  listExpiredWorkspaces(cutoff: Date): Promise<ExpiredWorkspace[]>;
  /**
   * Deletes the workspace and every row of it in one transaction, if it is still uninstalled at
   * or before `cutoff` and no other process is purging it (its row locked, skipped if locked);
   * null when it did nothing.
   */
  purgeWorkspace(workspaceId: number, cutoff: Date): Promise<PurgeCounts | null>;
  /** The whole export document, or null for a workspace never seen. */
  exportWorkspace(platform: Platform, externalId: string, exportedAt: Date): Promise<WorkspaceExport | null>;
}

/** The instant before which (inclusive) an uninstalled workspace is purged at `now`. */
export function purgeCutoff(now: Date, graceDays: number): Date {
  return new Date(now.getTime() - graceDays * DAY_MS);
}

/** Marks, clears and purges uninstalled workspaces (the rules above). */
export class Uninstalls {
  constructor(
    private readonly rt: Runtime,
    private readonly graceDays: number,
  ) {
    if (!Number.isInteger(graceDays) || graceDays < 0)
      throw new RangeError('the uninstall grace period is a whole number of days >= 0');
  }

  /** The app was uninstalled (or its token revoked): the grace period starts, once. */
  uninstalled(platform: Platform, externalId: string): Promise<boolean> {
    return this.rt.store.markWorkspaceUninstalled(platform, externalId, this.rt.clock.now());
  }

  /** The app was installed (again): nothing is deleted. */
  installed(platform: Platform, externalId: string): Promise<boolean> {
    return this.rt.store.markWorkspaceInstalled(platform, externalId);
  }

  /** Purges every workspace whose grace period is over at `now`; how many this process purged. */
  async purgeDue(now: Date): Promise<number> {
    const cutoff = purgeCutoff(now, this.graceDays);
    let purged = 0;
    for (const workspace of await this.rt.store.listExpiredWorkspaces(cutoff)) {
      let counts: PurgeCounts | null;
      try {
        counts = await this.rt.store.purgeWorkspace(workspace.id, cutoff);
      } catch (error) {
        // Rolled back whole; the next tick tries again. The others are not held up.
        this.rt.log.error(
          { workspaceId: workspace.id, err: error instanceof Error ? error.message : String(error) },
          'uninstalled workspace purge failed',
        );
        continue;
      }
      if (!counts) continue;
      purged++;
      this.rt.log.info(
        { workspaceId: workspace.id, platform: workspace.platform, graceDays: this.graceDays, ...counts },
        'uninstalled workspace purged',
      );
    }
    return purged;
  }
}
