/**
 * How the fake Discord refuses things, the way Discord documents it: channel types that cannot take
 * a message or a thread, the bot's permissions in a channel (the same ones `app_permissions`
 * reports), users who closed their DMs, a token it does not know, the Message Content intent not
 * enabled in the developer portal, and failures a test injects on one route of one channel
 * (including a 5xx answered after the message was stored). Every refusal is Discord's JSON
 * `{message, code}` with its HTTP status.
 */

export interface DiscordError {
  readonly status: number;
  readonly code: number;
  readonly message: string;
}

/** Discord's answers, as documented (codes from discord-api-types' RESTJSONErrorCodes). */
export const DISCORD_ERRORS = {
  unauthorized: { status: 401, code: 0, message: '401: Unauthorized' },
  missingAccess: { status: 403, code: 50001, message: 'Missing Access' },
  missingPermissions: { status: 403, code: 50013, message: 'Missing Permissions' },
  cannotDmUser: { status: 403, code: 50007, message: 'Cannot send messages to this user' },
  nonTextChannel: { status: 400, code: 50008, message: 'Cannot send messages in a non-text channel' },
  wrongChannelType: { status: 400, code: 50024, message: 'Cannot execute action on this channel type' },
  forumMessage: { status: 400, code: 40058, message: 'Cannot send a message in a forum channel' },
  serverError: { status: 500, code: 0, message: '500: Internal Server Error' },
} as const satisfies Record<string, DiscordError>;

/** Discord's channel types the fake knows. */
export const CHANNEL_TYPES = {
  text: 0,
  dm: 1,
  voice: 2,
  category: 4,
  announcement: 5,
  announcementThread: 10,
  thread: 11,
  stage: 13,
  forum: 15,
  media: 16,
} as const;

/** Permission bits (Discord's PermissionFlagsBits) the bot's routes need. */
export const PERMISSION_BITS = {
  AddReactions: 6,
  ViewChannel: 10,
  SendMessages: 11,
  EmbedLinks: 14,
  AttachFiles: 15,
  ReadMessageHistory: 16,
  ManageThreads: 34,
  CreatePublicThreads: 35,
  SendMessagesInThreads: 38,
} as const;

/** Gateway intent bit of Message Content (privileged). */
export const MESSAGE_CONTENT_INTENT = 1 << 15;

/** Gateway close codes the fake sends. */
export const CLOSE_CODES = { authenticationFailed: 4004, disallowedIntents: 4014 } as const;

/** What the bot does on a channel's REST routes; a fault is injected on one of them. */
export type ChannelRoute =
  /** POST /channels/{id}/messages where {id} is not a thread. */
  | 'post'
  /** POST /channels/{id}/messages/{m}/threads. */
  | 'thread'
  /** POST /channels/{thread}/messages. */
  | 'thread_post'
  | 'react'
  | 'history'
  /** PATCH or DELETE of a message, PATCH of a thread. */
  | 'edit';

const THREAD_TYPES = new Set<number>([CHANNEL_TYPES.thread, CHANNEL_TYPES.announcementThread, 12]);

export function isThreadType(type: number): boolean {
  return THREAD_TYPES.has(type);
}

function has(permissions: bigint, bit: number): boolean {
  return (permissions & (1n << BigInt(bit))) !== 0n;
}

/**
 * Discord's own refusal of `route` in a channel of type `type` (for a thread: its parent's type)
 * when the bot holds `permissions` there, or null when Discord lets it through. `ReadMessageHistory`
 * is not a refusal: without it history comes back empty (the caller handles that).
 */
export function discordRefusal(route: ChannelRoute, type: number, permissions: bigint): DiscordError | null {
  const P = PERMISSION_BITS;
  if (!has(permissions, P.ViewChannel)) return DISCORD_ERRORS.missingAccess;
  switch (route) {
    case 'post':
      if (type === CHANNEL_TYPES.forum || type === CHANNEL_TYPES.media) return DISCORD_ERRORS.forumMessage;
      if (type === CHANNEL_TYPES.category) return DISCORD_ERRORS.nonTextChannel;
      return has(permissions, P.SendMessages) ? null : DISCORD_ERRORS.missingPermissions;
    case 'thread':
      // A voice or stage channel's text chat takes messages, but no thread can start from one.
      if (type === CHANNEL_TYPES.voice || type === CHANNEL_TYPES.stage)
        return DISCORD_ERRORS.wrongChannelType;
      return has(permissions, P.CreatePublicThreads) ? null : DISCORD_ERRORS.missingPermissions;
    case 'thread_post':
      return has(permissions, P.SendMessagesInThreads) ? null : DISCORD_ERRORS.missingPermissions;
    case 'react':
      return has(permissions, P.AddReactions) ? null : DISCORD_ERRORS.missingPermissions;
    case 'history':
    case 'edit':
      return null;
  }
}

/** Which of the bot's routes a request on a channel (`rest`: the path after `/channels/{id}`) is. */
export function channelRouteOf(inThread: boolean, method: string, rest: string): ChannelRoute | null {
  if (rest === '/messages' && method === 'POST') return inThread ? 'thread_post' : 'post';
  if (rest === '/messages' && method === 'GET') return 'history';
  if (/^\/messages\/\d+\/threads$/.test(rest) && method === 'POST') return 'thread';
  if (/^\/messages\/\d+\/reactions\//.test(rest) && method === 'PUT') return 'react';
  if (method === 'PATCH' || method === 'DELETE') return 'edit';
  return null;
}

/**
 * A channel override for one member (type 1) that turns the permissions `granted` server-wide
 * into exactly `wanted` in that channel.
 */
export function memberOverwrite(userId: string, granted: bigint, wanted: bigint): Record<string, unknown> {
  return { id: userId, type: 1, allow: String(wanted & ~granted), deny: String(granted & ~wanted) };
}

/**
 * A message event as a session without the Message Content intent gets it: other people's guild
 * messages without content, embeds, attachments or components (the bot's own and DMs keep theirs).
 */
export function withoutMessageContent(event: string, data: unknown, botUserId: string): unknown {
  if (event !== 'MESSAGE_CREATE' && event !== 'MESSAGE_UPDATE') return data;
  const message = data as Record<string, unknown>;
  const author = message.author as { id?: string } | undefined;
  if (author?.id === botUserId || message.guild_id === undefined) return data;
  return { ...message, content: '', embeds: [], attachments: [], components: [] };
}

interface Injected {
  readonly error: DiscordError;
  remaining: number;
}

/** Test controls over how the fake Discord misbehaves; every control is off until a test sets it. */
export class DiscordFaults {
  /** When set, REST calls with another `Authorization: Bot …` answer 401 and IDENTIFY is closed with 4004. */
  expectedToken: string | null = null;
  /** When false, an IDENTIFY asking for Message Content is closed with 4014 (the portal's switch is off). */
  messageContentAllowed = true;

  private readonly routes = new Map<string, Injected>();
  private readonly afterStore = new Map<string, { skip: number; times: number }>();
  private readonly closedDms = new Set<string>();

  /** `route` in `channelId` answers `error`, `times` times (for ever by default). */
  failRoute(
    channelId: string,
    route: ChannelRoute,
    error: DiscordError,
    times = Number.POSITIVE_INFINITY,
  ): void {
    this.routes.set(`${channelId}:${route}`, { error, remaining: times });
  }

  /** The injected failure of `route` in `channelId`, if any is left; uses one up. */
  takeRouteFailure(channelId: string, route: ChannelRoute): DiscordError | null {
    const key = `${channelId}:${route}`;
    const injected = this.routes.get(key);
    if (!injected) return null;
    injected.remaining -= 1;
    if (injected.remaining <= 0) this.routes.delete(key);
    return injected.error;
  }

  /**
   * After `after` message POSTs to `channelId` that go well, the next `times` are handled as
   * usual (the message is stored, or an earlier one found by its nonce) and then answered 500:
   * Discord stored it, the bot cannot tell. discord.js retries a 5xx 3 times by itself, so
   * `times` 1 is absorbed by its retry and 4 reach the caller.
   */
  failAfterStore(channelId: string, times = 1, after = 0): void {
    this.afterStore.set(channelId, { skip: after, times });
  }

  /** True when this POST to `channelId` must be answered 500 after storing; uses one up. */
  takeAfterStore(channelId: string): boolean {
    const plan = this.afterStore.get(channelId);
    if (!plan) return false;
    if (plan.skip > 0) {
      plan.skip -= 1;
      return false;
    }
    plan.times -= 1;
    if (plan.times <= 0) this.afterStore.delete(channelId);
    return true;
  }

  /** The user turned off DMs from server members: messages to them answer 50007. */
  closeDms(userId: string): void {
    this.closedDms.add(userId);
  }

  dmsClosed(userId: string): boolean {
    return this.closedDms.has(userId);
  }

  /** Whether `authorization` (the request's header) is the token the fake expects. */
  tokenAccepted(authorization: string | undefined): boolean {
    return this.expectedToken === null || authorization === `Bot ${this.expectedToken}`;
  }

  clear(): void {
    this.routes.clear();
    this.afterStore.clear();
    this.closedDms.clear();
  }
}
