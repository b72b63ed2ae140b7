import { MAX_QUESTIONS_PER_UPLOAD } from '../bank/limits.js';
import { allowedValues } from '../taxonomy.js';
import { breaksEn } from './breaks-en.js';
import type { Catalog } from './catalog.js';
import { digestEn } from './digest-en.js';
import { failuresEn } from './failures-en.js';
import { formatScore } from './feedback.js';
import { feedbackEn } from './feedback-en.js';
import { historyEn } from './history-en.js';
import { homeEn } from './home-en.js';
import { lifecycleEn } from './lifecycle-en.js';
import { managersEn } from './managers-en.js';
import { notifyEn } from './notify-en.js';
import { privacyEn } from './privacy-en.js';
import { remindersEn } from './reminders-en.js';
import { settingsEn } from './settings-en.js';
import { votesEn } from './votes-en.js';

export const en: Catalog = {
  locale: 'en',
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  dailyQuestionTitle: (date) => `Today's AWS question · ${date}`,
  extraQuestionTitle: 'AWS question',
  categories: 'Categories',
  pillar: 'Well-Architected pillar',
  domain: 'SAA-C03 domain',
  level: 'Level',
  brief: 'In 30 seconds',
  whenNotToUse: 'When not to use it',
  lastVerified: (date) => `Checked against AWS documentation on ${date}`,
  deadline: 'Deadline',
  howToAnswer: 'Reply in this thread. The reference answer is revealed at the deadline.',
  howToAnswerPrivately: 'To answer without others seeing it until the reveal, press "Answer privately".',
  answerPrivatelyButton: 'Answer privately',
  closedFooter: 'Closed. The reference answer is in the thread.',
  revealTitle: (title) => `Reference answer · ${title}`,
  definition: 'Definition',
  benefits: 'Benefits',
  risks: 'Risks and trade-offs',
  docs: 'AWS docs',
  followUp: 'Follow-up question',
  answeredOnTime: (count) => `Answered on time (${count})`,
  nobodyAnswered: 'Nobody answered this one on time.',
  streakChanges: 'Streaks',
  streakUp: (who, from, to) => [who, `: ${from} → ${to} in a row`],
  streakReset: (who, from) => [who, `: a streak of ${from} ended`],
  revealAnnouncement: (title) => `The answer to "${title}" is out. See the thread.`,
  answerRecorded: 'Your answer is in.',
  answerUpdated: 'Your answer was updated.',
  answerWithdrawn: 'Your answer was withdrawn.',
  answerLate: 'The deadline has passed: your reply is kept but does not count.',
  answerExtra: 'You already answered; only your first answer counts (you can edit it).',
  leaderboardTitle: (period) =>
    `Leaderboard · ${period === 'week' ? 'this week' : period === 'month' ? 'this month' : 'all time'}`,
  leaderboardRow: (rank, who, current, best, answers, score) => [
    `${rank}. `,
    who,
    ` · streak ${current} · best ${best} · answers ${answers} · score ${formatScore(score)}`,
  ],
  leaderboardEmpty: 'No round has been revealed yet.',
  yourRank: (rank, current, best, answers, score) =>
    `Your rank: #${rank} · streak ${current} · best ${best} · answers ${answers} · score ${formatScore(score)}`,
  youAreUnranked: "You have no record yet. Answer today's question in its thread.",
  practiceTitle: 'Practice',
  practiceHint: (category) => `Category: ${category} · Answer it yourself first, then press "Show answer".`,
  showAnswer: 'Show answer',
  nextCard: 'Next question',
  grades: { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' },
  practiceScheduled: (grade) => `Recorded "${grade}".`,
  nextReview: 'Next review',
  practiceDue: (count) => `${count} card(s) due`,
  subscribed: (schedule) => `This channel is subscribed: ${schedule}`,
  unsubscribed: 'This channel is unsubscribed. Its history is kept.',
  paused: 'Paused. Paused days never break a streak.',
  resumed: 'Resumed.',
  languageSet: "This channel's language is now English.",
  privateAnswersOn:
    'Questions now carry an "Answer privately" button; private answers stay hidden until the reveal.',
  privateAnswersOff: 'Questions no longer carry an "Answer privately" button.',
  failures: failuresEn,
  feedback: feedbackEn,
  breaks: breaksEn,
  lifecycle: lifecycleEn,
  home: homeEn,
  reminders: remindersEn,
  votes: votesEn,
  history: historyEn,
  settings: settingsEn,
  notify: notifyEn,
  managers: managersEn,
  digest: digestEn,
  privacy: privacyEn,
  internalError: 'Something went wrong. Please try again in a moment.',
  ui: {
    uploadTitle: 'Upload a question bank',
    uploadFileLabel: 'Bank file (Markdown, notes, JSON or CSV)',
    preview: 'Preview',
    cancel: 'Cancel',
    submit: 'Submit',
    uploadNoFile: 'Attach one file.',
    downloadFailed: 'Could not download the file. Please upload it again.',
    exportSentToDm: 'The exported file is in your DM with the app.',
    exportFailed: 'Could not upload the file. Please try again in a moment.',
    privateAnswerTitle: 'Private answer',
    privateAnswerLabel: 'Your answer (hidden from others until the reveal)',
  },
  statusTitle: 'sa-quiz status',
  statusLines: (s) => [
    `Subscribed: ${s.subscribed ? 'yes' : 'no'}${s.paused ? ' (paused)' : ''}`,
    `Schedule: ${s.schedule}`,
    `Language: ${s.locale}`,
    `Questions available: ${s.questions}`,
    `Category filter: ${s.filter === '' ? 'none' : s.filter}`,
  ],
  nextPost: (when) => ['Next question: ', when],
  postedNow: 'Posted a question now.',
  revealedNow: 'Revealed the answer now.',
  scheduleText: (post, days, timezone, reveal) => `${days} at ${post}, revealed at ${reveal} (${timezone})`,
  uploadPreviewTitle: (file) => `Upload preview · ${file}`,
  uploadCounts: (c) =>
    `${c.read} questions read: ${c.fresh} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.merged} duplicates merged, ${c.incomplete} incomplete, ${c.errors} errors`,
  uploadNew: 'New questions',
  uploadUpdated: 'Questions to update',
  uploadIncomplete: 'Incomplete (missing a definition, benefits or risks; not posted as daily questions)',
  uploadErrors: 'Errors (nothing is saved until they are fixed)',
  uploadConfirm: 'Import',
  uploadCancel: 'Cancel',
  uploadDone: (count) => `Imported ${count} question(s).`,
  uploadCancelled: 'Upload cancelled. Nothing changed.',
  uploadHowTo:
    'Attach a question file (markdown, notes, JSON or CSV). You will see a preview before anything is saved.',
  exportReady: (count) => `Exported ${count} question(s).`,
  exportDataReady: (rounds, answers) =>
    `Exported this workspace's data: ${rounds} round(s), ${answers} answer(s), with channels, streaks, practice and the audit log (JSON).`,
  helpTitle: 'sa-quiz admin commands',
  helpLines: [
    'subscribe [HH:MM] [days] [timezone] [reveal HH:MM] — e.g. subscribe 09:00 mon-fri Asia/Seoul reveal 18:00',
    'unsubscribe · pause · resume · status',
    'post-now — post a question now · reveal-now — reveal the answer now',
    'lang ko|en — channel language · private on|off — the "Answer privately" button',
    'category Security,professional,Generative AI — filter by pillar (Security), SAA-C03 domain (Design Secure Architectures), level (associate, professional) or topic (category all: clear)',
    "upload — upload a question file · export [md|json|csv] — export the question bank · export data — all of this workspace's data (JSON)",
  ],
  userHelpLines: [
    '/sa-quiz [pillar, domain, level, topic or keyword] — a private practice question',
    '/sa-leaderboard [week|month|all] — channel standings',
  ],
  error: (code, p) => {
    switch (code) {
      case 'not_admin':
        return 'Only admins can use this command. Ask a workspace or server admin.';
      case 'not_admin_or_manager':
        return "Only workspace admins and this channel's managers can use this command. Ask one of them.";
      case 'workspace_admin_only':
        return 'Only workspace admins can do this (channel managers can change their own channel only). Ask a workspace or server admin.';
      case 'not_subscribed':
        return 'This channel is not subscribed. Run `/sa-admin subscribe` first.';
      case 'channel_paused':
        return 'This channel is paused. Run `/sa-admin resume` to continue.';
      case 'round_already_open':
        return 'A question is already open here. Reveal it first with `reveal-now`.';
      case 'no_open_round':
        return 'No question is open right now.';
      case 'no_questions':
        return 'There is no complete question to post. Upload a bank or check the category filter.';
      case 'invalid_time':
        return `Not a valid time: "${p.value ?? ''}" (e.g. 09:00)`;
      case 'invalid_days':
        return `Not a valid list of days: "${p.value ?? ''}" (e.g. mon-fri, mon,wed,fri)`;
      case 'unknown_timezone':
        return `Unknown time zone: "${p.value ?? ''}" (e.g. Asia/Seoul, America/New_York)`;
      case 'reveal_before_post':
        return `The reveal time (${p.reveal ?? ''}) must be later than the post time (${p.post ?? ''}).`;
      case 'unknown_command':
        return `Unknown command: "${p.value ?? ''}". Try \`help\`.`;
      case 'unknown_argument':
        return `Unknown argument: "${p.value ?? ''}"`;
      case 'invalid_period':
        return `The period is one of week, month, all: "${p.value ?? ''}"`;
      case 'invalid_locale':
        return `The language is ko or en: "${p.value ?? ''}"`;
      case 'unknown_round':
        return 'That round does not exist.';
      case 'unknown_question':
        return 'That question does not exist.';
      case 'upload_not_found':
        return 'This upload preview expired or was already handled. Upload the file again.';
      case 'bank_has_errors':
        return `The file has ${p.count ?? ''} error(s); nothing was saved.`;
      case 'workspace_bank_full':
        return `A workspace holds at most ${p.max ?? ''} questions of its own; this import would make ${p.count ?? ''}, so nothing was saved. Split the file or remove questions you no longer use.`;
      case 'bank_empty':
        return 'No questions were found in the file.';
      case 'file_too_large':
        return `The file is too large (at most ${p.max ?? ''}).`;
      case 'not_utf8':
        return 'The file is not UTF-8 text.';
      case 'post_refused':
        return 'The platform refused the post. `/sa-admin status` says why.';
      case 'post_retrying':
        return 'The platform answered with an error, so nothing is posted yet. It is retried automatically a few minutes apart (at most 5 times, never posted twice).';
      case 'reveal_retrying':
        return 'The round is revealed but not every message got out. It is retried automatically; parts already sent are not sent again.';
      case 'unknown_country':
      case 'invalid_date':
      case 'off_day_past':
      case 'too_many_off_days':
      case 'invalid_off_day':
        return breaksEn.error(code, p);
      case 'platform_unavailable':
        return "The bot is not connected to this channel's platform.";
    }
  },
  bankError: (code, detail) => {
    switch (code) {
      case 'not_utf8':
        return 'not UTF-8 text';
      case 'unknown_format':
        return 'unknown format (expected <details> markdown, numbered notes, JSON or CSV)';
      case 'no_questions':
        return 'no questions found';
      case 'missing_summary':
        return 'a <details> block has no <summary> title';
      case 'empty_title':
        return 'empty title';
      case 'unclosed_details':
        return `a <details> block is not closed (${detail})`;
      case 'invalid_json':
        return `invalid JSON: ${detail}`;
      case 'invalid_field': {
        const allowed = allowedValues(detail, 'en');
        return `invalid field: ${detail}${allowed ? ` (allowed: ${allowed})` : ''}`;
      }
      case 'missing_title':
        return `missing title ${detail}`.trim();
      case 'invalid_csv':
        return `malformed CSV row (${detail})`;
      case 'unknown_column':
        return `unknown column: ${detail}`;
      case 'invalid_id':
        return `an id may hold only lowercase letters (any script), digits and hyphens: ${detail}`;
      case 'conflicting_id':
        return `the same id names two questions: ${detail}`;
      case 'too_long':
        return `too long: ${detail}`;
      case 'too_many_questions':
        return `too many questions: ${detail} (at most ${MAX_QUESTIONS_PER_UPLOAD.toLocaleString('en-US')} per upload)`;
    }
  },
  andMore: (count) => `and ${count} more`,
  uploadMerged: 'Merged (read as the same question and folded into one)',
  uploadMergeLine: (g) =>
    `${g.from} "${g.fromTitle}" → "${g.intoTitle}" (${g.reason === 'same_id' ? 'same id' : g.reason === 'same_title' ? 'same title' : 'same alias'}${g.existing ? ', already in the bank' : ''})`,
};
