import { and, eq, isNull } from 'drizzle-orm';
import type { Incident, NewIncident, NoticeDelivery } from '../core/incidents.js';
import type { IncidentStore } from '../core/ports.js';
import { toIncident } from './mapping.js';
import type { Db } from './open-database.js';
import { channelIncidents } from './schema.js';

export function incidentStore(db: Db): IncidentStore {
  const open = (channelId: number) =>
    and(eq(channelIncidents.channelId, channelId), isNull(channelIncidents.closedAt));

  return {
    async openIncident(channelId: number, incident: NewIncident, at: Date): Promise<Incident | null> {
      if (incident.pauses) {
        // A channel that is now broken outranks an open "it keeps failing" incident.
        await db
          .update(channelIncidents)
          .set({ closedAt: at })
          .where(and(open(channelId), eq(channelIncidents.pauses, false)));
      }
      // The partial unique index admits one open incident per channel: the first process wins.
      const [row] = await db
        .insert(channelIncidents)
        .values({ channelId, ...incident, openedAt: at })
        .onConflictDoNothing()
        .returning();
      return row ? toIncident(row) : null;
    },

    async openIncidentOf(channelId: number): Promise<Incident | null> {
      const [row] = await db.select().from(channelIncidents).where(open(channelId));
      return row ? toIncident(row) : null;
    },

    async recordNotice(incidentId: number, notice: NoticeDelivery, at: Date): Promise<void> {
      await db
        .update(channelIncidents)
        .set({ notice, noticeAt: at })
        .where(eq(channelIncidents.id, incidentId));
    },

    async closeIncidents(channelId: number, at: Date, which: 'all' | 'non_pausing'): Promise<void> {
      await db
        .update(channelIncidents)
        .set({ closedAt: at })
        .where(which === 'all' ? open(channelId) : and(open(channelId), eq(channelIncidents.pauses, false)));
    },
  };
}
