import type { NotifyCatalog } from './notify.js';

export const notifyEn: NotifyCatalog = {
  set: (roleId) =>
    `This role (ID ${roleId}) is mentioned when the question is posted: the only ping the bot sends. \`/sa-admin notify-role off\` stops it.`,
  off: 'Nobody is mentioned when the question is posted.',
  status: (roleId) => `Role to notify: ${roleId ? `ID ${roleId} (mentioned with the question)` : 'none'}`,
  discordOnly: 'A role to notify exists on Discord only.',
  helpLine: 'notify-role @role|off — the role mentioned when the question is posted (Discord; default: none)',
};
