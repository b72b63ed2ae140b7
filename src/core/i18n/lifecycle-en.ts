import type { LifecycleCatalog } from './lifecycle.js';

export const lifecycleEn: LifecycleCatalog = {
  welcomeTitle: '👋 Hi, this is sa-quiz',
  welcomeWhat:
    'On the days you choose it posts one AWS Solutions Architect interview question. Answer in its thread: at the deadline the reference answer (definition, benefits, risks) is revealed with who answered and everyone’s streak, and each answer gets feedback.',
  welcomeSubscribe:
    'An admin starts it with `/sa-admin subscribe` in this channel (default: weekdays, question at 09:00, reveal at 18:00, Asia/Seoul), or with a schedule such as `/sa-admin subscribe 10:00 mon-fri Asia/Seoul reveal 17:00`.',
  welcomePaused:
    'This channel is subscribed but paused. An admin runs `/sa-admin resume` to go on (`/sa-admin status` shows where things stand).',
  welcomeRunning: 'This channel is already subscribed; the next question goes out as scheduled.',
  welcomeEveryone:
    'Everyone: `/sa-quiz` for a private practice question, `/sa-leaderboard` for this channel’s standings.',
};
