import {
  ChannelType,
  type ChatInputCommandInteraction,
  PermissionFlagsBits,
  type PermissionsString,
} from 'discord.js';
import type { AccessProblem, ChannelAccess } from '../../core/notices.js';

/** Without these a round cannot run: the question, its thread, the reveal in it, the look-up after a failure. */
const REQUIRED: readonly PermissionsString[] = [
  'ViewChannel',
  'SendMessages',
  'EmbedLinks',
  'CreatePublicThreads',
  'SendMessagesInThreads',
  'ReadMessageHistory',
];
/** Without these a round runs, less well: no ✅/⏰ on answers, threads left open after the reveal. */
const WANTED: readonly PermissionsString[] = ['AddReactions', 'ManageThreads'];

/** Channel types a round cannot run in, by the name the message catalog knows them by. */
const UNSUPPORTED: Readonly<Partial<Record<ChannelType, string>>> = {
  [ChannelType.GuildForum]: 'forum',
  [ChannelType.GuildMedia]: 'media',
  [ChannelType.GuildVoice]: 'voice',
  [ChannelType.GuildStageVoice]: 'stage',
  [ChannelType.GuildCategory]: 'category',
  [ChannelType.DM]: 'dm',
  [ChannelType.GroupDM]: 'group_dm',
};

/**
 * The kind of channel (`forum`, `voice`...) when rounds cannot run in one of type `type`, else
 * null: forum and media channels take no plain message, a voice or stage channel's text chat
 * takes messages but no thread can start from them.
 */
export function unsupportedKind(type: ChannelType | null | undefined): string | null {
  return type === null || type === undefined ? null : (UNSUPPORTED[type] ?? null);
}

/**
 * Whether the bot can run rounds where a command was used, from what Discord sends with every
 * interaction: the channel's type and `app_permissions` (the bot's own permissions there, with
 * every role and overwrite applied). A command used in a round's thread speaks for its parent.
 */
export function discordAccess(interaction: ChatInputCommandInteraction): ChannelAccess {
  const channel = interaction.channel;
  const type = channel?.isThread() ? (channel.parent?.type ?? ChannelType.GuildText) : channel?.type;
  if (type === undefined) return { problems: [], warnings: [], unknown: 'Discord sent no channel' };
  const kind = unsupportedKind(type);
  if (kind) return { problems: [{ problem: 'unsupported_channel', detail: kind }], warnings: [] };
  const granted = interaction.appPermissions;
  const missing = (names: readonly PermissionsString[]): string[] =>
    names.filter((name) => !granted.has(PermissionFlagsBits[name]));
  const problems: AccessProblem[] = [];
  const warnings: AccessProblem[] = [];
  const required = missing(REQUIRED);
  if (required.includes('ViewChannel')) problems.push({ problem: 'not_in_channel', detail: '' });
  else if (required.length > 0) problems.push({ problem: 'missing_permission', detail: required.join(',') });
  const wanted = missing(WANTED);
  if (wanted.length > 0) warnings.push({ problem: 'missing_permission', detail: wanted.join(',') });
  return { problems, warnings };
}
