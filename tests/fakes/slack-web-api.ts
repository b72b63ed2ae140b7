import type { GeneratedBody } from './generated-body.js';
import {
  asSlackMessage,
  type BotIdentity,
  historyOf,
  isMetadata,
  isTrue,
  type Mutable,
  type PostedMessage,
  repliesOf,
  TEAM_ID,
} from './slack-conversations.js';
import type { FakeTeam, SlackTeams, TokenRecord } from './slack-teams.js';

export type { ChannelState } from './slack-channel-state.js';

import { accessErrorOf, type ChannelState, conversationInfo } from './slack-channel-state.js';

/**
 * The fake Slack's workspace and its Web API answers: the users, conversations (and how each
 * looks to the bot: archived, left, deleted, private, a DM; who is not a member), files,
 * reactions, posted messages and ephemeral ones it keeps, and what each method sa-quiz calls answers from them (`auth.test`, `chat.postMessage`,
 * `conversations.history`, `files.getUploadURLExternal`...), with the errors Slack gives. The
 * HTTP side (auth, recording, injected failures) is slack-http.ts.
 *
 * Many workspaces: users and conversations belong to a team (default TEAM_ID), and a call answers
 * as its token's team sees things. A conversation of another team is `channel_not_found` and a
 * user of another team `user_not_found`, as Slack answers a workspace's token about things outside
 * it (Slack Connect shared channels are not modelled). Teams and tokens are slack-teams.ts.
 */

export interface FakeUser {
  readonly id: string;
  readonly name: string;
  readonly isAdmin?: boolean;
  readonly isOwner?: boolean;
  readonly isBot?: boolean;
  /** The workspace the user is in (default: the default team, TEAM_ID). */
  readonly team?: string;
}

export interface StoredFile {
  readonly id: string;
  readonly name: string;
  readonly content: Buffer;
  /** Served instead of `content`: a body made up as it is sent, never held (see generated-body.ts). */
  readonly generated?: GeneratedBody;
  /** The `size` payloads and files.info give, when it is not the real one (a lie). */
  readonly declaredSize?: number;
}

/** A file object as Slack puts it in events, view state and files.info. */
export type SlackFileObject = {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly url_private_download: string;
};

/** An ephemeral message the fake accepted with `chat.postEphemeral`: only `user` sees it. */
export interface EphemeralMessage {
  readonly channel: string;
  readonly user: string;
  /** The thread it shows in, if any. */
  readonly threadTs: string | undefined;
  readonly text: string;
  readonly blocks: unknown;
  readonly messageTs: string;
}

/** Block Kit's per-message limits the fake enforces on ephemerals: 50 blocks, 3000 characters a section. */
const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3000;

/** `invalid_blocks` when `blocks` is not a list of at most 50 typed blocks within their text limits. */
function blocksProblem(blocks: unknown): string | null {
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks) || blocks.length > MAX_BLOCKS) return 'invalid_blocks';
  for (const block of blocks as unknown[]) {
    const b = block as { type?: unknown; text?: { text?: unknown } } | null;
    if (typeof b !== 'object' || b === null || typeof b.type !== 'string') return 'invalid_blocks';
    const text = b.text?.text;
    if (b.type === 'section' && typeof text === 'string' && [...text].length > MAX_SECTION_TEXT)
      return 'invalid_blocks';
  }
  return null;
}

export class SlackWebApi {
  /** Channels the bot was removed from: posting there answers `not_in_channel`. */
  readonly goneChannels = new Set<string>();
  /**
   * The most `conversations.replies` returns per page: 15 for apps outside the Marketplace since
   * 2025 (Tier 1, 15 objects per call), whatever `limit` asks.
   */
  repliesPageCap = 1000;
  /** Messages posted so far (channel messages and thread replies), in posting order. */
  readonly posted: Mutable<PostedMessage>[] = [];
  /** Ephemeral messages shown so far, in order (refused ones are only in the call log). */
  readonly ephemerals: EphemeralMessage[] = [];
  /** `channel/user` of people who are not members of a channel: ephemerals to them are refused. */
  private readonly outsiders = new Set<string>();
  private readonly channelStates = new Map<string, ChannelState>();
  private readonly users = new Map<string, FakeUser>();
  private readonly files = new Map<string, StoredFile>();
  private readonly messages = new Map<string, Set<string>>();
  private readonly reactions = new Set<string>();
  /** The home tab each user was last shown (`views.publish`), by user id. */
  readonly homeViews = new Map<string, { readonly type: string; readonly blocks: unknown[] }>();
  /** Off: the app's Home tab is not enabled, and `views.publish` of a home view answers `not_enabled`. */
  homeTabEnabled = true;
  /** File ids handed out by files.getUploadURLExternal → their file names. */
  private readonly pendingUploads = new Map<string, string>();
  private seq = 0;
  private tsCounter = 0;

  /**
   * `url` is the fake's origin (for the URLs answers hand out); `now` the time message timestamps
   * are made from (default a fixed instant).
   */
  constructor(
    private readonly url: () => string,
    private readonly now: (() => Date) | undefined,
    private readonly teams: SlackTeams,
  ) {}

  /** The team a call's token acts in (the default team when none is given). */
  private teamOf(caller: TokenRecord | undefined): FakeTeam {
    return this.teams.team(caller?.teamId ?? TEAM_ID) as FakeTeam;
  }

  private botOf(team: FakeTeam): BotIdentity {
    return { teamId: team.id, botUserId: team.botUserId, botId: team.botId };
  }

  /** The user `id`, when it is in `teamId`. */
  private userIn(id: string, teamId: string): FakeUser | undefined {
    const user = this.users.get(id);
    return user && (user.team ?? TEAM_ID) === teamId ? user : undefined;
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  /** Makes a file downloadable; returns the file object Slack would put in a payload. */
  addFile(name: string, content: string | Buffer): SlackFileObject {
    const id = `F${String(++this.seq).padStart(6, '0')}`;
    const file = { id, name, content: Buffer.isBuffer(content) ? content : Buffer.from(content) };
    this.files.set(id, file);
    return this.fileObject(file);
  }

  /**
   * Makes a file of any size downloadable without holding it: its bytes are generated as they are
   * sent. `declaredSize` is the `size` Slack claims for it (default the real one).
   */
  addGeneratedFile(name: string, body: GeneratedBody, declaredSize = body.bytes): SlackFileObject {
    const id = `F${String(++this.seq).padStart(6, '0')}`;
    const file = { id, name, content: Buffer.alloc(0), generated: body, declaredSize };
    this.files.set(id, file);
    return this.fileObject(file);
  }

  private fileObject(file: StoredFile): SlackFileObject {
    return {
      id: file.id,
      name: file.name,
      size: file.declaredSize ?? file.content.length,
      url_private_download: `${this.url()}/files/${file.id}/${encodeURIComponent(file.name)}`,
    };
  }

  /** A file added with `addFile`, for its download. */
  file(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  /** The file name `files.getUploadURLExternal` was given for `fileId`, if any. */
  uploadName(fileId: string): string | undefined {
    return this.pendingUploads.get(fileId);
  }

  /** Someone replies in a thread, as Slack stores it: it shows in `conversations.replies`. */
  userReply(channel: string, threadTs: string, user: string, text: string): string {
    const ts = this.nextTs();
    this.posted.push({
      channel,
      ts,
      threadTs,
      replyBroadcast: false,
      text,
      blocks: undefined,
      metadata: undefined,
      edits: 0,
      at: Date.now(),
      author: user,
    });
    return ts;
  }

  /** `user` is not (or no longer) a member of `channel`: `chat.postEphemeral` to them answers `user_not_in_channel`. */
  userLeft(channel: string, user: string): void {
    this.outsiders.add(`${channel}/${user}`);
  }

  /** Sets how a conversation looks to the bot (archived, left, deleted, private, a DM...). */
  setChannel(id: string, state: ChannelState): void {
    this.channelStates.set(id, state);
  }

  private accessError(channel: string, teamId: string): string | null {
    return accessErrorOf(
      channel,
      this.channelStates.get(channel) ?? {},
      this.goneChannels.has(channel),
      teamId,
    );
  }

  private nextTs(): string {
    this.tsCounter += 1;
    const seconds = this.now ? Math.floor(this.now().getTime() / 1000) : 1741564800;
    return `${seconds}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  /**
   * What `method` answers to a caller with a working token, doing its work, as the token's team
   * sees things (`caller` undefined: the default team's bot).
   */
  answer(
    method: string,
    body: Readonly<Record<string, unknown>>,
    caller?: TokenRecord,
  ): Record<string, unknown> {
    const str = (key: string): string => (typeof body[key] === 'string' ? (body[key] as string) : '');
    const team = this.teamOf(caller);
    const bot = this.botOf(team);
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: `https://${team.domain}.slack.com/`,
          team: team.name,
          user: caller?.kind === 'user' ? (this.users.get(caller.userId)?.name ?? caller.userId) : 'sa-quiz',
          team_id: team.id,
          user_id: caller?.kind === 'user' ? caller.userId : team.botUserId,
          ...(caller?.kind === 'user' ? {} : { bot_id: team.botId }),
          ...(team.enterpriseId ? { enterprise_id: team.enterpriseId } : {}),
          is_enterprise_install: false,
          ...(caller?.rotating ? { expires_in: 43_200 } : {}),
        };
      case 'apps.connections.open':
        return { ok: true, url: `${this.url().replace('http', 'ws')}/socket?ticket=${++this.seq}` };
      case 'chat.postMessage': {
        const channel = str('channel');
        const refused = this.accessError(channel, team.id);
        if (refused) return { ok: false, error: refused };
        if (body.metadata !== undefined && !isMetadata(body.metadata))
          return { ok: false, error: 'invalid_metadata_format' };
        const ts = this.nextTs();
        const known = this.messages.get(channel) ?? new Set<string>();
        known.add(ts);
        this.messages.set(channel, known);
        const message: Mutable<PostedMessage> = {
          channel,
          ts,
          threadTs: str('thread_ts') || undefined,
          replyBroadcast: isTrue(body.reply_broadcast),
          text: str('text'),
          blocks: body.blocks,
          metadata: isMetadata(body.metadata) ? body.metadata : undefined,
          edits: 0,
          at: Date.now(),
          ...(team.id === TEAM_ID ? {} : { team: team.id }),
        };
        this.posted.push(message);
        return { ok: true, channel, ts, message: asSlackMessage(message, true, bot) };
      }
      case 'chat.update': {
        const channel = str('channel');
        const refused = this.accessError(channel, team.id);
        if (refused) return { ok: false, error: refused };
        if (!this.messages.get(channel)?.has(str('ts'))) return { ok: false, error: 'message_not_found' };
        const stored = this.posted.find((m) => m.channel === channel && m.ts === str('ts'));
        if (stored) {
          stored.text = str('text');
          if (body.blocks !== undefined) stored.blocks = body.blocks;
          stored.edits += 1;
        }
        return { ok: true, channel, ts: str('ts'), text: str('text') };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const refused = this.accessError(str('channel'), team.id);
        if (refused && refused !== 'is_archived') return { ok: false, error: refused };
        return method === 'conversations.history'
          ? historyOf(this.posted, body, bot)
          : repliesOf(this.posted, body, this.repliesPageCap, bot);
      }
      case 'conversations.info':
        return conversationInfo(
          str('channel'),
          this.channelStates.get(str('channel')) ?? {},
          this.goneChannels.has(str('channel')),
          team.id,
        );
      case 'chat.postEphemeral': {
        const channel = str('channel');
        const refused = this.accessError(channel, team.id);
        if (refused) return { ok: false, error: refused };
        if (this.outsiders.has(`${channel}/${str('user')}`))
          return { ok: false, error: 'user_not_in_channel' };
        const invalid = blocksProblem(body.blocks);
        if (invalid) return { ok: false, error: invalid };
        if (str('text') === '' && body.blocks === undefined) return { ok: false, error: 'no_text' };
        const messageTs = this.nextTs();
        this.ephemerals.push({
          channel,
          user: str('user'),
          threadTs: str('thread_ts') || undefined,
          text: str('text'),
          blocks: body.blocks,
          messageTs,
        });
        return { ok: true, message_ts: messageTs };
      }
      case 'reactions.add': {
        const state = this.channelStates.get(str('channel')) ?? {};
        if ((state.team ?? TEAM_ID) !== team.id) return { ok: false, error: 'channel_not_found' };
        const key = `${str('channel')}/${str('timestamp')}/${str('name')}`;
        if (this.reactions.has(key)) return { ok: false, error: 'already_reacted' };
        this.reactions.add(key);
        return { ok: true };
      }
      case 'users.info': {
        const user = this.userIn(str('user'), team.id);
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: team.id,
            name: user.name.toLowerCase(),
            real_name: user.name,
            is_admin: user.isAdmin === true,
            is_owner: user.isOwner === true,
            is_primary_owner: false,
            is_bot: user.isBot === true,
            profile: { display_name: user.name, real_name: user.name },
          },
        };
      }
      case 'conversations.open': {
        const id = `D${str('users')}`;
        // Another team's DM with its bot is that team's conversation.
        if (team.id !== TEAM_ID && !this.channelStates.has(id))
          this.channelStates.set(id, { kind: 'im', team: team.id });
        return { ok: true, channel: { id } };
      }
      case 'views.publish': {
        // A home view: at most 100 blocks and 250 kB (docs.slack.dev, views.publish and Block Kit).
        const view = (typeof body.view === 'string' ? JSON.parse(body.view) : body.view) as {
          type?: unknown;
          blocks?: unknown;
        } | null;
        if (!this.userIn(str('user_id'), team.id)) return { ok: false, error: 'user_not_found' };
        if (view?.type !== 'home' || !Array.isArray(view.blocks))
          return { ok: false, error: 'invalid_arguments' };
        if (!this.homeTabEnabled) return { ok: false, error: 'not_enabled' };
        if (JSON.stringify(view).length > 250_000) return { ok: false, error: 'view_too_large' };
        if (
          view.blocks.length > 100 ||
          blocksProblem(view.blocks.slice(0, 50)) ||
          blocksProblem(view.blocks.slice(50))
        )
          return { ok: false, error: 'invalid_blocks' };
        this.homeViews.set(str('user_id'), { type: 'home', blocks: view.blocks });
        return { ok: true, view: { id: `V${++this.seq}`, type: 'home', blocks: view.blocks } };
      }
      case 'views.open':
      case 'views.update':
        return { ok: true, view: { id: `V${++this.seq}`, ...(body.view as object) } };
      case 'files.info': {
        const file = this.files.get(str('file'));
        if (!file) return { ok: false, error: 'file_not_found' };
        return { ok: true, file: this.fileObject(file) };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++this.seq).padStart(6, '0')}`;
        this.pendingUploads.set(fileId, str('filename'));
        return { ok: true, upload_url: `${this.url()}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(body.files) ? (body.files as { id: string; title?: string }[]) : [];
        return {
          ok: true,
          files: files.map((f) => ({
            id: f.id,
            title: f.title ?? '',
            name: this.pendingUploads.get(f.id) ?? f.id,
          })),
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
