import { TEAM_ID } from './slack-conversations.js';

/**
 * A conversation as the fake Slack's bot sees it, and what Slack answers about it: the error a
 * call naming it gets (`accessErrorOf`) and `conversations.info` (`conversationInfo`). Used by
 * the Web API answers (slack-web-api.ts).
 */

/** How a conversation looks to the bot; channels the fake was not told about are public and joined. */
export interface ChannelState {
  readonly kind?: 'public' | 'private' | 'im' | 'mpim';
  readonly name?: string;
  /** The bot is a member (default true). */
  readonly member?: boolean;
  readonly archived?: boolean;
  /** Deleted: every call naming it answers `channel_not_found`. */
  readonly deleted?: boolean;
  /**
   * The workspace it is in (default: the default team, TEAM_ID): another team's token naming it
   * gets `channel_not_found`.
   */
  readonly team?: string;
  /** Who created it (`creator` in conversations.info; Slack makes them its first Channel Manager). */
  readonly creator?: string;
}

/**
 * The error Slack answers when the bot acts on `channel`, or null: a deleted channel, or a
 * private one the bot is not in, is not found; an archived one is archived; a public one the bot
 * left (`gone`, or `member: false`) is `not_in_channel` for posting and reading.
 */
export function accessErrorOf(
  channel: string,
  state: ChannelState,
  gone: boolean,
  teamId: string,
): string | null {
  if (channel === '') return 'channel_not_found';
  if ((state.team ?? TEAM_ID) !== teamId) return 'channel_not_found';
  const member = state.member !== false && !gone;
  if (state.deleted) return 'channel_not_found';
  if (!member && state.kind === 'private') return 'channel_not_found';
  if (state.archived) return 'is_archived';
  if (!member) return 'not_in_channel';
  return null;
}

/** `conversations.info`: the channel as the bot sees it. */
export function conversationInfo(
  channel: string,
  state: ChannelState,
  gone: boolean,
  teamId: string,
): Record<string, unknown> {
  const member = state.member !== false && !gone;
  if (
    channel === '' ||
    (state.team ?? TEAM_ID) !== teamId ||
    state.deleted ||
    (!member && state.kind === 'private')
  )
    return { ok: false, error: 'channel_not_found' };
  const kind = state.kind ?? 'public';
  return {
    ok: true,
    channel: {
      id: channel,
      name: state.name ?? channel.toLowerCase(),
      is_channel: kind === 'public',
      is_group: kind === 'private',
      is_im: kind === 'im',
      is_mpim: kind === 'mpim',
      is_private: kind !== 'public',
      is_archived: state.archived === true,
      is_member: member,
      creator: state.creator ?? 'U0FOUNDER',
    },
  };
}
