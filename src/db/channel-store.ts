import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { ChannelPatch, ChannelStore } from '../core/ports.js';
import type { Channel, Locale, Platform, Workspace } from '../core/types.js';
import { toChannel, toWorkspace } from './mapping.js';
import type { Db } from './open-database.js';
import { channels, workspaces } from './schema.js';

export function channelStore(db: Db): ChannelStore {
  /** Subscribed channels that also meet `where`, by id. */
  const subscribedWhere = async (where: SQL): Promise<Channel[]> => {
    const rows = await db
      .select()
      .from(channels)
      .innerJoin(workspaces, eq(channels.workspaceId, workspaces.id))
      .where(and(eq(channels.subscribed, true), where))
      .orderBy(channels.id);
    return rows.map((r) => toChannel(r.channels, r.workspaces));
  };
  const byId = async (id: number): Promise<Channel | null> => {
    const [row] = await db
      .select()
      .from(channels)
      .innerJoin(workspaces, eq(channels.workspaceId, workspaces.id))
      .where(eq(channels.id, id));
    return row ? toChannel(row.channels, row.workspaces) : null;
  };

  const findWorkspace = async (platform: Platform, externalId: string): Promise<Workspace | null> => {
    const [row] = await db
      .select()
      .from(workspaces)
      .where(and(eq(workspaces.platform, platform), eq(workspaces.externalId, externalId)));
    return row ? toWorkspace(row) : null;
  };

  return {
    findWorkspace,

    async setChannelManagers(workspaceId: number, allowed: boolean): Promise<void> {
      await db.update(workspaces).set({ channelManagers: allowed }).where(eq(workspaces.id, workspaceId));
    },

    async ensureWorkspace(platform: Platform, externalId: string, name: string): Promise<Workspace> {
      await db.insert(workspaces).values({ platform, externalId, name }).onConflictDoNothing();
      const found = await findWorkspace(platform, externalId);
      if (!found) throw new Error(`workspace ${platform}:${externalId} vanished`);
      return found;
    },

    async ensureChannel(
      workspace: Workspace,
      externalId: string,
      name: string,
      locale?: Locale,
    ): Promise<Channel> {
      await db
        .insert(channels)
        .values({ workspaceId: workspace.id, externalId, name, ...(locale ? { locale } : {}) })
        .onConflictDoNothing();
      const [row] = await db
        .select({ id: channels.id })
        .from(channels)
        .where(and(eq(channels.workspaceId, workspace.id), eq(channels.externalId, externalId)));
      const channel = row ? await byId(row.id) : null;
      if (!channel) throw new Error(`channel ${externalId} vanished`);
      return channel;
    },

    async findChannel(
      platform: Platform,
      workspaceExternalId: string,
      channelExternalId: string,
    ): Promise<Channel | null> {
      const [row] = await db
        .select()
        .from(channels)
        .innerJoin(workspaces, eq(channels.workspaceId, workspaces.id))
        .where(
          and(
            eq(workspaces.platform, platform),
            eq(workspaces.externalId, workspaceExternalId),
            eq(channels.externalId, channelExternalId),
          ),
        );
      return row ? toChannel(row.channels, row.workspaces) : null;
    },

    getChannel: byId,

    async updateChannel(id: number, patch: ChannelPatch): Promise<Channel> {
      const { schedule, categoryFilter, offDays, pausedReason, ...rest } = patch;
      // A pause always has a reason (an admin's unless told otherwise); resuming clears it.
      const reason =
        patch.paused === false
          ? { pausedReason: null }
          : patch.paused === true
            ? { pausedReason: pausedReason ?? 'admin' }
            : {};
      await db
        .update(channels)
        .set({
          ...rest,
          ...reason,
          ...(schedule
            ? {
                postTime: schedule.postTime,
                revealTime: schedule.revealTime,
                days: [...schedule.days],
                timezone: schedule.timezone,
              }
            : {}),
          ...(categoryFilter ? { categoryFilter: [...categoryFilter] } : {}),
          ...(offDays ? { offDays: [...offDays] } : {}),
          updatedAt: sql`now()`,
        })
        .where(eq(channels.id, id));
      const channel = await byId(id);
      if (!channel) throw new Error(`channel ${id} not found`);
      return channel;
    },

    listActiveChannels: () => subscribedWhere(eq(channels.paused, false)),

    listWorkspaceChannels: (workspaceId: number) => subscribedWhere(eq(channels.workspaceId, workspaceId)),
  };
}
