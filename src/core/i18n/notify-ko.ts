import type { NotifyCatalog } from './notify.js';

export const notifyKo: NotifyCatalog = {
  set: (roleId) =>
    `질문을 올릴 때 이 역할(ID ${roleId})을 멘션합니다. 봇이 보내는 유일한 알림이며, \`/sa-admin notify-role off\`로 끕니다.`,
  off: '질문을 올릴 때 아무도 멘션하지 않습니다.',
  status: (roleId) => `알림 역할: ${roleId ? `ID ${roleId} (질문을 올릴 때 멘션)` : '없음'}`,
  discordOnly: '알림 역할은 Discord에만 있습니다.',
  helpLine: 'notify-role @역할|off — 질문을 올릴 때 멘션할 역할 (Discord, 기본: 없음)',
};
