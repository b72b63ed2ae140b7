import type { webApi } from '@slack/bolt';
import type { AccessProblem, ChannelAccess } from '../../core/notices.js';
import { toChatError } from './slack-errors.js';

/**
 * Whether the bot can run rounds in a Slack conversation, from `conversations.info` (scopes
 * channels:read and groups:read): not a DM or group DM, not archived, and the bot a member.
 * `chat:write` itself cannot be checked ahead; a refusal at the first post pauses the channel.
 */
export async function slackAccess(client: webApi.WebClient, channelId: string): Promise<ChannelAccess> {
  const refuse = (p: AccessProblem): ChannelAccess => ({ problems: [p], warnings: [] });
  if (channelId.startsWith('D')) return refuse({ problem: 'unsupported_channel', detail: 'dm' });
  let channel: NonNullable<webApi.ConversationsInfoResponse['channel']> | undefined;
  try {
    channel = (await client.conversations.info({ channel: channelId })).channel;
  } catch (error) {
    const failure = toChatError(error);
    // A private channel the bot is not in does not exist as far as the bot can tell.
    if (failure.problem === 'channel_not_found') return refuse({ problem: 'not_in_channel', detail: '' });
    if (failure.problem === 'missing_permission')
      return { problems: [], warnings: [], unknown: `Slack: missing_scope ${failure.detail}`.trim() };
    return { problems: [], warnings: [], unknown: `Slack: ${failure.message}` };
  }
  if (!channel)
    return { problems: [], warnings: [], unknown: 'Slack: conversations.info returned no channel' };
  if (channel.is_im) return refuse({ problem: 'unsupported_channel', detail: 'dm' });
  if (channel.is_mpim) return refuse({ problem: 'unsupported_channel', detail: 'group_dm' });
  if (channel.is_archived) return refuse({ problem: 'channel_archived', detail: '' });
  if (channel.is_member === false) return refuse({ problem: 'not_in_channel', detail: '' });
  return { problems: [], warnings: [] };
}
