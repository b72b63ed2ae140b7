import { eq, lt, sql } from 'drizzle-orm';
import type { OpsStore, PendingUpload } from '../core/ports.js';
import type { Platform } from '../core/types.js';
import type { Db } from './open-database.js';
import { auditLog, bankUploads, processedEvents } from './schema.js';

export function opsStore(db: Db): OpsStore {
  return {
    async saveUpload(upload: Omit<PendingUpload, 'id'>): Promise<PendingUpload> {
      const [row] = await db.insert(bankUploads).values(upload).returning();
      if (!row) throw new Error('upload was not stored');
      return row;
    },

    async getUpload(id: number): Promise<PendingUpload | null> {
      const [row] = await db.select().from(bankUploads).where(eq(bankUploads.id, id));
      return row ?? null;
    },

    async deleteUpload(id: number): Promise<void> {
      await db.delete(bankUploads).where(eq(bankUploads.id, id));
    },

    async markEventProcessed(platform: Platform, eventId: string, at: Date): Promise<boolean> {
      const inserted = await db
        .insert(processedEvents)
        .values({ platform, eventId, processedAt: at })
        .onConflictDoNothing()
        .returning({ eventId: processedEvents.eventId });
      return inserted.length > 0;
    },

    async pruneProcessedEvents(before: Date): Promise<void> {
      await db.delete(processedEvents).where(lt(processedEvents.processedAt, before));
    },

    async audit(
      workspaceId: number | null,
      actorId: string,
      action: string,
      detail: Readonly<Record<string, unknown>>,
      at: Date,
    ): Promise<void> {
      await db.insert(auditLog).values({ workspaceId, actorId, action, detail: { ...detail }, at });
    },

    async ping(): Promise<void> {
      await db.execute(sql`select 1`);
    },
  };
}
