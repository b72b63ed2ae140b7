import type { Platform } from '../types.js';
import type { FailureCatalog } from './failures.js';

const PERMISSIONS: Readonly<Record<string, string>> = {
  ViewChannel: 'View Channel',
  SendMessages: 'Send Messages',
  EmbedLinks: 'Embed Links',
  CreatePublicThreads: 'Create Public Threads',
  SendMessagesInThreads: 'Send Messages in Threads',
  ReadMessageHistory: 'Read Message History',
  AddReactions: 'Add Reactions',
  ManageThreads: 'Manage Threads',
  AttachFiles: 'Attach Files',
};

const CHANNEL_KINDS: Readonly<Record<string, string>> = {
  forum: 'a forum channel',
  media: 'a media channel',
  voice: "a voice channel's chat",
  stage: "a stage channel's chat",
  dm: 'a direct message',
  group_dm: 'a group DM',
  thread: 'a thread',
  category: 'a category',
};

const PLATFORMS: Readonly<Record<Platform, string>> = {
  slack: 'Slack',
  discord: 'Discord',
  console: 'sa-quiz',
};

export const failuresEn: FailureCatalog = {
  problem: (problem, detail, platform) => {
    switch (problem) {
      case 'not_in_channel':
        return platform === 'slack'
          ? 'The bot is not a member of this channel. Invite it there with `/invite @sa-quiz`.'
          : 'The bot cannot see this channel. In the channel settings → Permissions, allow "View Channel" for sa-quiz.';
      case 'channel_archived':
        return 'The channel is archived. Unarchive it, or subscribe another channel.';
      case 'channel_not_found':
        return 'The channel was deleted or the bot cannot see it. Subscribe another channel.';
      case 'app_removed':
        return 'The app was removed or its token revoked. Reinstall it and restart sa-quiz with the new token.';
      case 'missing_permission':
        if (platform === 'slack')
          return `The app lacks a scope${detail ? `: ${detail}` : ''}. Add it under OAuth & Permissions in the app settings, then reinstall the app.`;
        return `The bot lacks a permission in this channel${detail ? `: ${detail}` : ''}. Allow it for the sa-quiz role in the channel settings → Permissions.`;
      case 'posting_restricted':
        return "The workspace's settings keep apps from posting in this channel (read-only or restricted posting). Ask a workspace admin to allow it.";
      case 'unsupported_channel': {
        const kind = CHANNEL_KINDS[detail] ?? detail;
        if (detail === 'forum' || detail === 'media')
          return `The daily question cannot be posted in ${kind}. Subscribe a regular text channel.`;
        return `A question with an answer thread cannot run in ${kind || 'this channel'}. Subscribe a regular text channel.`;
      }
      case 'invalid_payload':
        return `The platform rejected a message from sa-quiz${detail ? ` (${detail})` : ''}. This is a bug in sa-quiz, not a setting: please report it with the log.`;
      case 'rate_limited':
        return "The platform's rate limit kept refusing the message.";
      case 'platform_error':
        return `The platform kept answering with errors${detail ? ` (${detail})` : ''}.`;
      case 'recipient_unavailable':
        return `The person could not be reached (they left the channel or were deactivated)${detail ? ` (${detail})` : ''}.`;
    }
  },
  permission: (key) => PERMISSIONS[key] ?? key,
  noticeTitle: 'sa-quiz needs your attention',
  noticeWhere: (workspace, channel, platform) => [
    `In the ${workspace} ${platform === 'discord' ? 'server' : 'workspace'}, channel `,
    channel,
  ],
  noticeWhat: (what, paused, platform) =>
    `${what === 'event' ? `${PLATFORMS[platform]} says questions can no longer be sent to this channel.` : `${what === 'post' ? "Today's question" : 'The reference answer'} could not be sent.`}${paused ? ' The channel is paused until it is fixed (streaks are not broken meanwhile).' : ''}`,
  noticeResume:
    'Once it is fixed, run `/sa-admin resume` in that channel. `/sa-admin status` shows where things stand.',
  noticeResubscribe:
    'Run `/sa-admin unsubscribe` there, then `/sa-admin subscribe` in a regular text channel.',
  noticeNothingToDo: (what) =>
    what === 'post'
      ? 'Nothing to do on your side: it will be tried again at the next scheduled time. If it keeps happening, see `/sa-admin status`.'
      : "Nothing to do on your side: this round's reference answer will not be sent; the next question goes out as scheduled. If it keeps happening, see `/sa-admin status`.",
  noticeDelivery: (notice, when) => {
    switch (notice) {
      case 'dm':
        return ['Notice: sent to the admin who subscribed, by DM (', when, ').'];
      case 'channel':
        return ['Notice: the admin could not be sent a DM, so it was posted in the channel (', when, ').'];
      case 'unreachable':
        return 'Notice: the admin could not be reached (DMs closed, channel not postable); it is only here and in the server log.';
      case 'pending':
        return 'Notice: being sent.';
    }
  },
  statusProblem: (text) => `Problem: ${text}`,
  statusChecksOk: 'Posting here: checked, all set.',
  statusChecksFailed: 'Posting here: not possible.',
  statusChecksUnknown: (reason) => `Posting here: could not be checked (${reason}).`,
  refused: 'Not done in this channel:',
  warning: 'Heads-up:',
  replyInThread: "Answers go in the question's thread: messages in the channel itself do not count.",
};
