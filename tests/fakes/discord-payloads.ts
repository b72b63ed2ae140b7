import { type DiscordStore, type FakeUser, type Json, PERMISSIONS } from './discord-store.js';

/**
 * The payloads the fake Discord sends, shaped like Discord's documented ones: users and members,
 * a person's message and the bot's own as Discord returns it, a guild channel with its overwrites,
 * and the INTERACTION_CREATE payloads of someone running a slash command, pressing a button or
 * submitting a modal (with the attachment objects a command carries). FakeDiscord
 * (discord-server.ts) dispatches them.
 */

/** An interaction payload, with the id and token the bot answers it with. */
export type Interaction = Json & { id: string; token: string };

export interface SlashCommandArgs {
  user: FakeUser;
  channelId: string;
  name: string;
  options?: readonly Json[];
  permissions?: string;
  attachments?: readonly Json[];
}

export interface ButtonPressArgs {
  user: FakeUser;
  channelId: string;
  customId: string;
  message: Json;
  permissions?: string;
}

export interface ModalSubmitArgs {
  user: FakeUser;
  channelId: string;
  customId: string;
  fields: Readonly<Record<string, string>>;
  /** The message whose button opened the modal (Discord sends it along; the submit may update it). */
  message?: Json;
}

export function userPayload(user: FakeUser): Json {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName ?? null,
    discriminator: '0',
    avatar: null,
    bot: user.bot ?? false,
    public_flags: 0,
  };
}

export function memberPayload(user: FakeUser, permissions?: string): Json {
  return {
    user: userPayload(user),
    nick: null,
    avatar: null,
    roles: [],
    joined_at: '2024-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    ...(permissions ? { permissions } : {}),
  };
}

/**
 * The ephemeral message an interaction reply shows (type 20, flags 64) as Discord sends it back
 * with a later interaction on it (a button on it pressed, a modal opened from it submitted).
 */
export function ephemeralReplyMessage(
  id: string,
  channelId: string,
  author: Json,
  data: { readonly embeds?: unknown; readonly components?: unknown },
): Json {
  return {
    id,
    channel_id: channelId,
    author,
    content: '',
    embeds: data.embeds ?? [],
    components: data.components ?? [],
    attachments: [],
    ...messageDefaults(),
    type: 20,
    flags: 64,
  };
}

/** The fields every default message has, as Discord sends them: nobody mentioned, just written. */
function messageDefaults(): Json {
  return {
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    type: 0,
  };
}

/** A message someone wrote in a guild channel or thread, as MESSAGE_CREATE carries it. */
export function messagePayload(
  store: DiscordStore,
  id: string,
  channelId: string,
  author: FakeUser,
  content: string,
): Json {
  const channel = store.channels.get(channelId);
  return {
    id,
    channel_id: channelId,
    guild_id: store.guildOf(channelId),
    author: userPayload(author),
    member: { ...memberPayload(author), user: undefined },
    content,
    embeds: [],
    attachments: [],
    components: [],
    ...messageDefaults(),
    flags: 0,
    channel_type: channel?.type ?? 0,
  };
}

/** The message the bot sent with `body` (a channel message or a webhook's), as Discord returns it. */
export function botMessagePayload(
  store: DiscordStore,
  id: string,
  channelId: string,
  body: Json | null,
): Json {
  const message = {
    id,
    channel_id: channelId,
    author: userPayload(store.botUser),
    content: body?.content ?? '',
    embeds: body?.embeds ?? [],
    components: body?.components ?? [],
    attachments: [],
    ...messageDefaults(),
    flags: body?.flags ?? 0,
    ...(body?.nonce !== undefined ? { nonce: body.nonce } : {}),
    ...(store.channels.get(channelId)?.guild_id ? { guild_id: store.channels.get(channelId)?.guild_id } : {}),
  };
  return message;
}

/** A guild channel as GUILD_CREATE and CHANNEL_UPDATE carry it, with the bot's overwrite if any. */
export function guildChannelPayload(store: DiscordStore, channelId: string): Json {
  const channel = store.channels.get(channelId);
  const guild = store.guilds.find((g) => g.channels.some((c) => c.id === channelId));
  return {
    id: channelId,
    type: channel?.type ?? 0,
    name: channel?.name ?? '',
    guild_id: guild?.id,
    position: guild?.channels.findIndex((c) => c.id === channelId) ?? 0,
    permission_overwrites: channel?.permission_overwrites ?? [],
    parent_id: null,
    nsfw: false,
  };
}

/** What every interaction carries; remembers the token's channel for the webhook routes. */
function interactionBase(
  store: DiscordStore,
  type: number,
  user: FakeUser,
  channelId: string,
  permissions: string,
): Interaction {
  const channel = store.channels.get(channelId);
  const guildId = store.guildOf(channelId);
  const guild = store.guilds.find((g) => g.id === guildId);
  const id = store.id();
  store.interactionChannels.set(`token-${id}`, channelId);
  return {
    id,
    token: `token-${id}`,
    application_id: store.applicationId,
    type,
    version: 1,
    guild_id: guildId,
    guild: { id: guildId, locale: guild?.locale ?? 'ko', features: guild?.features ?? [] },
    channel_id: channelId,
    channel: { ...channel, permissions },
    member: memberPayload(user, permissions),
    locale: user.locale ?? 'ko',
    guild_locale: guild?.locale ?? 'ko',
    app_permissions: store.botPermissions.get(channelId) ?? PERMISSIONS.bot,
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

/**
 * A slash command (INTERACTION_CREATE type 2). `options` are Discord's option objects (e.g. a
 * subcommand with its options); attachments go into `resolved`.
 */
export function slashCommandPayload(store: DiscordStore, args: SlashCommandArgs): Interaction {
  const base = interactionBase(store, 2, args.user, args.channelId, args.permissions ?? PERMISSIONS.member);
  const resolved =
    args.attachments && args.attachments.length > 0
      ? { attachments: Object.fromEntries(args.attachments.map((a) => [a.id as string, a])) }
      : undefined;
  return {
    ...base,
    data: {
      id: `cmd-${args.name}`,
      name: args.name,
      type: 1,
      guild_id: base.guild_id,
      options: args.options ?? [],
      ...(resolved ? { resolved } : {}),
    },
  };
}

/**
 * Someone typing in an option that has `autocomplete`: INTERACTION_CREATE type 4, with the same
 * data as the command would have and `focused: true` on the option being typed (its value is the
 * partial text). Discord wants a type 8 answer within 3 s.
 */
export function autocompletePayload(store: DiscordStore, args: SlashCommandArgs): Interaction {
  const command = slashCommandPayload(store, args);
  return { ...command, type: 4 };
}

/** A button pressed on `message` (a message object as the bot sent it): INTERACTION_CREATE type 3. */
export function buttonPressPayload(store: DiscordStore, args: ButtonPressArgs): Interaction {
  const base = interactionBase(store, 3, args.user, args.channelId, args.permissions ?? PERMISSIONS.member);
  return {
    ...base,
    message: args.message,
    data: { custom_id: args.customId, component_type: 2 },
  };
}

/**
 * A modal submitted: INTERACTION_CREATE type 5 with one text input per field, and the message
 * whose button opened it, if any.
 */
export function modalSubmitPayload(store: DiscordStore, args: ModalSubmitArgs): Interaction {
  const base = interactionBase(store, 5, args.user, args.channelId, PERMISSIONS.member);
  return {
    ...base,
    ...(args.message ? { message: args.message } : {}),
    data: {
      custom_id: args.customId,
      components: Object.entries(args.fields).map(([customId, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: customId, value }],
      })),
    },
  };
}

/** An attachment object (for a slash command's `resolved`) of a file served at `url`. */
export function attachmentPayload(id: string, name: string, url: string, size: number): Json {
  return {
    id,
    filename: name,
    size,
    url,
    proxy_url: url,
    content_type: 'text/plain; charset=utf-8',
  };
}
