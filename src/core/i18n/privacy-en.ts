import type { PrivacyCatalog } from './privacy.js';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export const privacyEn: PrivacyCatalog = {
  deletedUser: '(deleted user)',
  confirmTitle: 'Delete my data?',
  confirmIntro: (workspace) =>
    `This deletes what sa-quiz stores about you in ${workspace}, here and in every other channel of it. It cannot be undone.`,
  willDelete: 'Will be deleted',
  answers: (n) => `${plural(n, 'answer')}: their text, grades and private feedback notes`,
  votes: (cast, received) => `Best-answer votes: ${cast} you gave, ${received} you received`,
  practice: (cards, reviews) => `Practice: ${plural(cards, 'card')} and ${plural(reviews, 'review')}`,
  streaks: (channels, best, freezes) =>
    `Streaks in ${plural(channels, 'channel')} (best ${best}) and ${plural(freezes, 'streak freeze')}`,
  reminders: (optedOut, nudges) =>
    `Reminders: ${plural(nudges, 'private nudge')} sent${optedOut ? ' and your “remind off” setting' : ''}`,
  uploads: (n) => `${plural(n, 'question file')} waiting for your confirmation`,
  adminRecords: (n) =>
    `Your name on ${plural(n, 'admin record')} (channels you subscribed, admin actions): shown as “(deleted user)” instead`,
  keptHeading: 'Kept',
  kept: [
    'Past questions keep how many answered: your answers there show as “(deleted user)”, with no text and no grade.',
    'A record that you deleted your data (when, and how much), without any answer text.',
    'Messages you posted in the channel are on the platform: delete them there.',
  ],
  confirmButton: 'Delete my data',
  cancelButton: 'Cancel',
  nothingStored: 'sa-quiz stores nothing about you in this workspace.',
  cancelled: 'Cancelled. Nothing was deleted.',
  doneTitle: 'Your data was deleted',
  done: (answers, cards) =>
    `Deleted ${plural(answers, 'answer')}, ${plural(cards, 'practice card')}, your streaks, votes and reminder settings in this workspace. If you answer again, you start from zero.`,
  alreadyDone: 'Your data in this workspace is already deleted. Nothing else to do.',
  notYours: 'This button belongs to someone else’s request. Run `/sa-quiz forget-me` yourself.',
  userHelpLine:
    '/sa-quiz forget-me — delete your own answers, streaks and practice in this workspace (asks first)',
};
