import { isThreadType } from './discord-faults.js';
import type { GeneratedBody } from './generated-body.js';

/**
 * What the fake Discord knows and keeps: the guilds and people tests describe it with, the
 * permissions members and the bot hold, and what Discord stores as it goes (channels, threads and
 * DMs, messages, CDN files, the bot's permissions per channel, interaction tokens, snowflake ids).
 * Shared by FakeDiscord (discord-server.ts), its gateway, REST routes and payload builders.
 */

export type Json = Record<string, unknown>;

export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly globalName?: string;
  readonly bot?: boolean;
  /** The language of the user's Discord client, sent as an interaction's `locale` (default `ko`). */
  readonly locale?: string;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  /**
   * Channels of the guild; `type` is Discord's channel type (0 text by default, 2 voice, 5
   * announcement, 13 stage, 15 forum, 16 media: see CHANNEL_TYPES in discord-faults.ts).
   */
  readonly channels: readonly { readonly id: string; readonly name: string; readonly type?: number }[];
  /** `preferred_locale` (and an interaction's `guild_locale`); default `ko`. */
  readonly locale?: string;
  /** Guild features, e.g. `COMMUNITY` (only Community servers choose their preferred locale). */
  readonly features?: readonly string[];
}

/** Discord's permission bits the tests need (as the decimal strings Discord sends). */
export const PERMISSIONS = {
  member: String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 38n)), // view, send, history, threads
  manageGuild: String((1n << 5n) | (1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 38n)),
  /** A member with Manage Channels (bit 4) where the interaction happens: that channel's manager. */
  manageChannels: String((1n << 4n) | (1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 38n)),
  /** What the invite URL in docs/discord.md grants the bot (326417632320). */
  bot: '326417632320',
} as const;

/** Bits of the permissions the bot needs, to take one away: `withoutPermission(PERMISSIONS.bot, 38)`. */
export function withoutPermission(permissions: string, bit: number): string {
  return String(BigInt(permissions) & ~(1n << BigInt(bit)));
}

/** The application the fake's bot belongs to. */
export const APPLICATION_ID = '900000000000000001';

/** The bot user sa-quiz logs in as. */
export const BOT_USER: FakeUser = { id: '900000000000000002', username: 'sa-quiz', bot: true };

/** A channel as the fake keeps it (and GET /channels/{id} returns it): guild channel, thread or DM. */
export interface ChannelRecord {
  id: string;
  type: number;
  name: string;
  guild_id?: string;
  parent_id?: string | null;
  thread_metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

export class DiscordStore {
  readonly applicationId = APPLICATION_ID;
  readonly botUser = BOT_USER;
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, Json>();
  /** CDN files by path; a `generated` one is made up as it is sent (see generated-body.ts). */
  readonly files = new Map<
    string,
    { bytes: Uint8Array; contentType: string; generated?: GeneratedBody | undefined }
  >();
  /** CDN path → bytes of a generated file's body handed to the socket so far. */
  readonly bytesServed = new Map<string, number>();
  /** The bot's own permissions Discord reports with interactions (`app_permissions`), per channel. */
  readonly botPermissions = new Map<string, string>();
  /** Interaction token → the channel it happened in (webhook messages belong there). */
  readonly interactionChannels = new Map<string, string>();
  /** The nonces Discord no longer remembers (it keeps them a few minutes), by message id. */
  readonly expiredNonces = new Set<string>();
  private nextId = 1_350_000_000_000_000_000n;

  constructor(readonly guilds: readonly FakeGuild[]) {
    for (const guild of guilds)
      for (const channel of guild.channels)
        this.channels.set(channel.id, {
          id: channel.id,
          type: channel.type ?? 0,
          name: channel.name,
          guild_id: guild.id,
        });
  }

  /** A new snowflake, increasing. */
  id(): string {
    this.nextId += 1n;
    return this.nextId.toString();
  }

  /** The guild a channel belongs to; throws for a channel the fake does not know in a guild. */
  guildOf(channelId: string): string {
    const channel = this.channels.get(channelId);
    if (!channel?.guild_id) throw new Error(`the fake knows no guild channel ${channelId}`);
    return channel.guild_id;
  }

  /** The bot's permissions in a channel; a thread has its parent's. */
  botPermissionsIn(channel: ChannelRecord): bigint {
    const home = isThreadType(channel.type) ? (channel.parent_id ?? channel.id) : channel.id;
    return BigInt(this.botPermissions.get(home) ?? PERMISSIONS.bot);
  }
}
