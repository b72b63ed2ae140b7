/**
 * Renders the screens of the failure paths, of feedback on answers (a reveal with coverage, a
 * private note, a graded practice answer) and of a bank v2 question (its post and reveal) as each platform receives them and writes them to
 * docs/examples/ (Slack Block Kit, Discord embeds, console text): `npx tsx scripts/render-examples.ts`.
 * Paste a Slack file's `blocks` into Block Kit Builder to see it as Slack shows it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderText } from '../src/adapters/console/render-text.js';
import { renderView } from '../src/adapters/discord/discord-embeds.js';
import { renderMessages } from '../src/adapters/slack/slack-blocks.js';
import { settingsModal } from '../src/adapters/slack/slack-settings.js';
import { readBundledBank } from '../src/bundled-bank.js';
import { feedbackNoteView, practiceFeedbackView } from '../src/core/feedback-views.js';
import { keyPointsFor } from '../src/core/grading/key-points.js';
import { gradeByKeywords } from '../src/core/grading/keyword-grader.js';
import { homeView } from '../src/core/home.js';
import { messages } from '../src/core/i18n/catalog.js';
import type { Incident } from '../src/core/incidents.js';
import { welcomeView } from '../src/core/lifecycle.js';
import { accessBlocks, incidentNoticeView, incidentStatusLines } from '../src/core/notices.js';
import { answerBlocks, questionView, revealView } from '../src/core/render.js';
import { textFor } from '../src/core/selection.js';
import { settingsFormOf } from '../src/core/settings.js';
import { type Answer, type Channel, DEFAULT_SCHEDULE, type Question, type Round } from '../src/core/types.js';
import { joinLines, type View, view } from '../src/core/views.js';
import { gradedQuestion, STRONG_ANSWER, WEAK_ANSWER } from '../tests/fakes/graded-question.js';
import { renderDigestExamples } from './digest-examples.js';
import { renderPrivacyExamples } from './privacy-examples.js';

const out = join(import.meta.dirname, '..', 'docs', 'examples');

function channel(platform: 'slack' | 'discord', locale: 'ko' | 'en'): Channel {
  return {
    id: 1,
    workspaceId: 1,
    platform,
    workspaceExternalId: platform === 'slack' ? 'T0SAQUIZ' : '860000000000000001',
    workspaceName: platform === 'slack' ? 'aws-study' : 'SA 스터디',
    externalId: platform === 'slack' ? 'C0DAILYAWS' : '860000000000000010',
    name: 'daily-aws',
    subscribed: true,
    paused: true,
    pausedReason: 'broken',
    schedule: DEFAULT_SCHEDULE,
    locale,
    localeSet: true,
    categoryFilter: [],
    subscribedBy: platform === 'slack' ? 'U0ADMIN' : '700000000000000001',
    privateAnswers: false,
    holidays: 'auto',
    offDays: [],
    reminderHours: null,
    digestDay: null,
    voteEmoji: 'star',
    notifyRole: null,
  };
}

const at = new Date('2026-11-23T00:00:05Z');
const incidents: Record<string, Incident> = {
  'not-in-channel': {
    id: 1,
    channelId: 1,
    kind: 'gone',
    problem: 'not_in_channel',
    detail: '',
    pauses: true,
    openedAt: at,
    notice: 'dm',
    noticeAt: at,
  },
  'missing-thread-permission': {
    id: 2,
    channelId: 1,
    kind: 'forbidden',
    problem: 'missing_permission',
    detail: 'SendMessagesInThreads',
    pauses: true,
    openedAt: at,
    notice: 'channel',
    noticeAt: at,
  },
};

function write(name: string, v: View, c: Channel): void {
  const data =
    c.platform === 'slack'
      ? renderMessages(v).map((m) => ({ text: m.text, blocks: m.blocks }))
      : renderView(v).map((m) => ({
          embeds: m.embeds,
          components: m.components,
          allowed_mentions: { parse: [] },
        }));
  writeFileSync(join(out, `${name}.${c.platform}.${c.locale}.json`), `${JSON.stringify(data, null, 2)}\n`);
  writeFileSync(join(out, `${name}.console.${c.locale}.txt`), `${renderText(v)}\n`);
}

/** A revealed round of the security-group question, answered by two people, strong and weak. */
const question: Question = { id: 7, workspaceId: null, source: 'example', ...gradedQuestion };
const round: Round = {
  id: 42,
  channelId: 1,
  kind: 'daily',
  localDate: '2026-11-23',
  questionId: question.id,
  status: 'revealed',
  postAt: new Date('2026-11-23T00:00:00Z'),
  revealAt: new Date('2026-11-23T09:00:00Z'),
  claimedAt: new Date('2026-11-23T00:00:00Z'),
  postedAt: new Date('2026-11-23T00:00:01Z'),
  revealedAt: new Date('2026-11-23T09:00:00Z'),
  messageRef: '1763856001.000100',
  revealPostedAt: null,
  streakChanges: [],
  postAttempts: 0,
  revealAttempts: 0,
  revealPartsSent: 0,
  revealGaveUpAt: null,
};

function answers(platform: 'slack' | 'discord', locale: 'ko' | 'en'): Answer[] {
  const keyPoints = keyPointsFor(question, locale);
  const people = [
    platform === 'slack' ? ['U0ALICE', 'Alice'] : ['700000000000000002', 'alice'],
    platform === 'slack' ? ['U0BOB', 'Bob'] : ['700000000000000003', 'bob'],
  ] as const;
  return [STRONG_ANSWER, WEAK_ANSWER].map((text, i) => ({
    id: i + 1,
    roundId: round.id,
    userId: people[i]?.[0] ?? '',
    userName: people[i]?.[1] ?? '',
    messageRef: `m${i + 1}`,
    text,
    status: 'counted',
    grade: gradeByKeywords(keyPoints, text),
    createdAt: round.postAt,
    updatedAt: round.postAt,
  }));
}

const streakChanges = (list: readonly Answer[]) =>
  list.map((a) => ({ userId: a.userId, userName: a.userName, from: 2, to: 3 }));

for (const locale of ['ko', 'en'] as const) {
  const m = messages(locale);
  const text = textFor(question, locale);
  const keyPoints = keyPointsFor(question, locale);
  for (const c of [channel('slack', locale), channel('discord', locale)]) {
    const list = answers(c.platform === 'slack' ? 'slack' : 'discord', locale);
    write('reveal-with-coverage', revealView(m, round, text, list, streakChanges(list), keyPoints), c);
    write('feedback-note', feedbackNoteView(m, round, text, keyPoints, list[1]!, true), c);
    const grade = gradeByKeywords(keyPoints, STRONG_ANSWER);
    write(
      'practice-feedback',
      practiceFeedbackView(m, question.key, text, keyPoints, grade, answerBlocks(m, text)),
      c,
    );
  }
}

for (const locale of ['ko', 'en'] as const) {
  const m = messages(locale);
  const slack = channel('slack', locale);
  const discord = channel('discord', locale);
  write('notice-not-in-channel', incidentNoticeView(m, slack, incidents['not-in-channel']!, 'post'), slack);
  // The settings modal (`/sa-admin` alone): paste it into Block Kit Builder's modal preview. Its
  // channel filters by a pillar, a level and a topic word, to show the lists with choices made.
  const filtered = { ...slack, categoryFilter: ['보안', 'professional', 'Lambda'] };
  writeFileSync(
    join(out, `settings-modal.slack.${locale}.json`),
    `${JSON.stringify(settingsModal(m, settingsFormOf(filtered), { channelId: slack.externalId }), null, 2)}\n`,
  );
  // An admin's App Home: two channels, one of them stopped (archived).
  const running = { ...slack, paused: false, pausedReason: null };
  const archived = { ...slack, id: 2, externalId: 'C0OLDSTUDY', name: 'old-study' };
  write(
    'app-home-admin',
    homeView(m, {
      channels: [
        {
          channel: running,
          standing: {
            userId: 'U0ADMIN',
            userName: 'Admin Kim',
            rank: 2,
            current: 4,
            best: 9,
            answers: 31,
            score: 22.75,
          },
          nextAt: new Date('2026-11-24T00:00:00Z'),
          incident: null,
        },
        {
          channel: archived,
          standing: null,
          nextAt: null,
          incident: { ...incidents['not-in-channel']!, problem: 'channel_archived' },
        },
      ],
      answers: [
        {
          localDate: '2026-11-23',
          title: '보안 그룹이란?',
          channel: { externalId: running.externalId, name: running.name },
          covered: 4,
          total: 5,
        },
        {
          localDate: '2026-11-20',
          title: 'AMI란?',
          channel: { externalId: running.externalId, name: running.name },
          covered: 2,
          total: 5,
        },
      ],
      more: 0,
      practice: { due: 3, unseen: 41 },
      isAdmin: true,
    }),
    slack,
  );
  // The bot invited to a channel nobody has subscribed yet; a channel archived (Slack's event).
  write('welcome', welcomeView(m, { ...slack, subscribed: false, paused: false, pausedReason: null }), slack);
  write(
    'notice-channel-archived',
    incidentNoticeView(m, slack, { ...incidents['not-in-channel']!, problem: 'channel_archived' }, 'event'),
    slack,
  );
  write(
    'notice-missing-thread-permission',
    incidentNoticeView(m, discord, incidents['missing-thread-permission']!, 'reveal'),
    discord,
  );
  write(
    'subscribe-refused-forum',
    view(
      'error',
      '',
      accessBlocks(m, discord, {
        problems: [{ problem: 'unsupported_channel', detail: 'forum' }],
        warnings: [],
      }),
    ),
    discord,
  );
  write(
    'status-with-incident',
    view('info', m.statusTitle, [
      {
        kind: 'text',
        text: joinLines(
          incidentStatusLines(m, slack, { ...incidents['not-in-channel']!, notice: 'unreachable' }),
        ),
      },
    ]),
    slack,
  );
}
/** Bank v2: a bundled question's post (pillar, domain, level, topics) and its reveal (30-second answer first). */
const bundled = (await readBundledBank()).find((q) => q.key === 'bedrock-knowledge-bases-rag');
if (!bundled) throw new Error('the bundled bank has no bedrock-knowledge-bases-rag');
const v2: Question = { id: 9, workspaceId: null, key: bundled.key, texts: bundled.texts, source: 'bundled' };
for (const locale of ['ko', 'en'] as const) {
  const m = messages(locale);
  const text = textFor(v2, locale);
  const keyPoints = keyPointsFor(v2, locale);
  for (const c of [channel('slack', locale), channel('discord', locale)]) {
    const open = { ...c, paused: false, pausedReason: null };
    const v2Round = { ...round, questionId: v2.id, status: 'open' as const };
    write('question-profile', questionView(m, open, v2Round, text, false), open);
    write('reveal-profile', revealView(m, { ...v2Round, status: 'revealed' }, text, [], [], keyPoints), open);
  }
}
await renderDigestExamples(out);
renderPrivacyExamples(out);
console.log(`wrote the examples to ${out}`);
