import type { HomeCatalog } from './home.js';

export const homeEn: HomeCatalog = {
  title: 'sa-quiz: your progress',
  noChannels:
    'No channel of this workspace is subscribed yet. An admin starts one with `/sa-admin subscribe` in a channel.',
  myChannels: 'My standing per channel (all time)',
  standing: (rank, current, best, answers, score) =>
    `#${rank} · streak ${current} · best ${best} · ${answers} answers · score ${score}`,
  notPlayedYet: 'No answer yet. Reply in the thread of today’s question.',
  nextQuestion: 'Next question',
  noNextQuestion: 'No question scheduled.',
  practice: 'Practice',
  recentAnswers: 'My recent answers (key points made)',
  answerLine: (title, covered, total) => `${title} · ${covered}/${total}`,
  practiceCards: (due, unseen) => `${due} cards due today · ${unseen} questions not tried yet`,
  practiceHow: 'Type `/sa-quiz` (or `/sa-quiz keyword`) in any channel for a private practice question.',
  practiceButton: 'Practice now',
  practiceFailed: {
    title: 'Practice',
    close: 'Close',
    messagesOff:
      'sa-quiz cannot send you a direct message: its Messages tab is turned off (an admin turns it on in the app’s App Home settings). Meanwhile type `/sa-quiz` in any channel.',
    notAllowed:
      'This workspace does not let sa-quiz send you a direct message. Type `/sa-quiz` in any channel for a private practice question.',
    tryLater:
      'The practice card could not be sent just now. Try again in a moment, or type `/sa-quiz` in any channel.',
  },
  adminChannels: 'Admin: subscribed channels',
  stateRunning: 'running',
  statePausedByAdmin: 'paused (by an admin) · `/sa-admin resume` there',
  stateBroken: (problem) => `stopped: ${problem}`,
  adminHow:
    'Change a channel’s settings with its button below or `/sa-admin` there; `/sa-admin status` shows its state.',
  settingsButton: (channel) => `⚙️ #${channel} settings`,
};
