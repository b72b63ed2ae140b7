import type { ManagersCatalog } from './managers.js';

const WHO = {
  slack:
    "On Slack that is the channel's creator, whom Slack makes its first Channel Manager (even if later removed as one); managers assigned later are not visible to a bot, so they ask an admin.",
  discord:
    'On Discord that is anyone with Manage Channels in the channel. Discord shows /sa-admin to Manage Server by default: let them see it under Server Settings → Integrations → sa-quiz.',
  console: 'The console has no channel managers.',
} as const;

export const managersEn: ManagersCatalog = {
  status: (allowed, platform) =>
    allowed
      ? `Channel managers may administer their own channel (settings, schedule, post and reveal now; not the question bank, data exports, the role to notify or this setting). ${WHO[platform]}`
      : 'Only workspace admins may administer sa-quiz. `/sa-admin channel-managers on` lets channel managers run it in their own channel.',
  set: (allowed, platform) =>
    allowed
      ? `Channel managers may now administer sa-quiz in their own channel. ${WHO[platform]} The question bank, data exports, the role to notify and this setting stay with workspace admins.`
      : 'Only workspace admins may administer sa-quiz now.',
  helpLine:
    'channel-managers on|off — let channel managers administer their own channel (workspace admins only; default: off)',
};
