import type { BankError } from './bank/types.js';
import { answererLine, tallyBlock } from './feedback-views.js';
import { personRef } from './forgotten.js';
import type { Catalog, Grade, Period } from './i18n/catalog.js';
import type { RankedEntry } from './leaderboard.js';
import type { ReplyOutcome } from './quiz.js';
import { formatDays } from './schedule.js';
import type { StreakChange } from './streaks.js';
import { domainName, levelName, pillarName } from './taxonomy.js';
import { localDateOf, localTimeOf } from './time.js';
import type { Answer, Channel, KeyPoint, QuestionText, Round, Schedule } from './types.js';
import {
  emojiRef,
  joinLines,
  type RichText,
  userRef,
  type View,
  type ViewAction,
  type ViewBlock,
  view,
} from './views.js';
import { type BestAnswer, quoteOf } from './votes.js';

/** Turns domain data into platform-neutral views, in the channel's language. */

/** The most people a list in a message names; the rest are counted ("and 12 more"). */
export const MAX_LISTED = 25;

export function formatInstant(at: Date, timeZone: string): string {
  return `${localDateOf(at, timeZone)} ${localTimeOf(at, timeZone)} (${timeZone})`;
}

export function scheduleSummary(m: Catalog, schedule: Schedule): string {
  return m.scheduleText(
    schedule.postTime,
    formatDays(schedule.days, m.weekdays),
    schedule.timezone,
    schedule.revealTime,
  );
}

function capped(m: Catalog, items: readonly RichText[], unlisted = 0): RichText[] {
  const more = Math.max(0, items.length - MAX_LISTED) + unlisted;
  const listed = items.slice(0, MAX_LISTED);
  return more > 0 ? [...listed, m.andMore(more)] : listed;
}

export function questionView(
  m: Catalog,
  channel: Channel,
  round: Round,
  text: QuestionText,
  allowPrivate: boolean,
): View {
  const title = round.kind === 'daily' ? m.dailyQuestionTitle(round.localDate) : m.extraQuestionTitle;
  const blocks: ViewBlock[] = [{ kind: 'section', heading: 'Q.', text: text.title }];
  const fields = profileFields(m, text);
  if (fields.length > 0) blocks.push({ kind: 'fields', fields });
  blocks.push({
    kind: 'time',
    label: m.deadline,
    at: round.revealAt,
    fallback: formatInstant(round.revealAt, channel.schedule.timezone),
  });
  const howTo = [
    m.howToAnswer,
    ...(allowPrivate ? [m.howToAnswerPrivately] : []),
    m.votes.howToVote(emojiRef(channel.voteEmoji)),
  ];
  blocks.push({ kind: 'text', text: joinLines(howTo) });
  const actions: ViewAction[] = allowPrivate
    ? [{ id: 'answer.private', label: m.answerPrivatelyButton, value: String(round.id), style: 'default' }]
    : [];
  return view('question', title, blocks, { actions, footer: `#${round.id}` });
}

/** The question's title in a closed question view (its `Q.` section), for announcements. */
export function questionTitleOf(closed: View): string | undefined {
  for (const block of closed.blocks)
    if (block.kind === 'section' && block.heading === 'Q.') return block.text;
  return undefined;
}

export function closedQuestionView(m: Catalog, round: Round, text: QuestionText): View {
  const title = round.kind === 'daily' ? m.dailyQuestionTitle(round.localDate) : m.extraQuestionTitle;
  return view('info', title, [{ kind: 'section', heading: 'Q.', text: text.title }], {
    footer: m.closedFooter,
  });
}

/** What a question is filed under, in the reader's language: topics, pillars, exam domains, level. */
export function profileFields(m: Catalog, text: QuestionText): { label: string; value: string }[] {
  const fields: { label: string; value: string }[] = [];
  if (text.categories.length > 0) fields.push({ label: m.categories, value: text.categories.join(', ') });
  if (text.pillars?.length)
    fields.push({ label: m.pillar, value: text.pillars.map((p) => pillarName(p, m.locale)).join(', ') });
  if (text.domains?.length)
    fields.push({ label: m.domain, value: text.domains.map((d) => domainName(d, m.locale)).join(', ') });
  if (text.level) fields.push({ label: m.level, value: levelName(text.level, m.locale) });
  return fields;
}

/**
 * The reference answer itself: the 30-second answer, definition, benefits, risks, when not to
 * use it, notes, docs, follow-up, and the day it was checked against AWS documentation.
 */
export function answerBlocks(m: Catalog, text: QuestionText): ViewBlock[] {
  const blocks: ViewBlock[] = [];
  if (text.brief) blocks.push({ kind: 'section', heading: m.brief, text: text.brief });
  if (text.definition !== '') blocks.push({ kind: 'section', heading: m.definition, text: text.definition });
  if (text.benefits.length > 0) blocks.push({ kind: 'list', heading: m.benefits, items: text.benefits });
  if (text.risks.length > 0) blocks.push({ kind: 'list', heading: m.risks, items: text.risks });
  if (text.whenNotToUse?.length)
    blocks.push({ kind: 'list', heading: m.whenNotToUse, items: text.whenNotToUse });
  for (const note of text.notes)
    if (note.items.length > 0) blocks.push({ kind: 'list', heading: note.title, items: note.items });
  if (text.docs) blocks.push({ kind: 'link', label: m.docs, url: text.docs });
  if (text.followUp) blocks.push({ kind: 'section', heading: m.followUp, text: text.followUp });
  if (text.lastVerified) blocks.push({ kind: 'text', text: m.lastVerified(text.lastVerified) });
  return blocks;
}

/**
 * The reveal: the reference answer, who answered on time with their coverage (`alice 4/5`), how
 * many made each key point, and streak changes. Nobody's missed points: those are in each
 * answerer's private note, which the button also shows.
 */
export function revealView(
  m: Catalog,
  round: Round,
  text: QuestionText,
  answers: readonly Answer[],
  changes: readonly StreakChange[],
  keyPoints: readonly KeyPoint[] = [],
  best: readonly BestAnswer[] = [],
): View {
  const counted = answers.filter((a) => a.status === 'counted');
  const blocks: ViewBlock[] = [...answerBlocks(m, text), { kind: 'divider' }];
  if (counted.length > 0) {
    blocks.push({
      kind: 'list',
      heading: m.answeredOnTime(counted.length),
      items: capped(
        m,
        counted.map((a) => answererLine(m, a)),
      ),
    });
    const tally = tallyBlock(m, keyPoints, counted);
    if (tally) blocks.push(tally);
    if (best.length > 0)
      blocks.push({
        kind: 'list',
        heading: m.votes.bestAnswer(best[0]?.votes ?? 0, best.length > 1),
        // The author is in the thread already: named without a ping; the quote is plain text.
        items: best.map((b) => [
          personRef(m, b.answer.userId, b.answer.userName, true),
          ` — “${quoteOf(b.answer.text)}”`,
        ]),
      });
  } else {
    blocks.push({ kind: 'text', text: m.nobodyAnswered });
  }
  if (changes.length > 0) {
    // Those who answered are in the thread already; someone whose streak ended is not: no ping.
    const lines = changes.map((c) => streakLine(m, c));
    blocks.push({
      kind: 'list',
      heading: m.streakChanges,
      items: capped(m, lines, round.unlistedStreakChanges),
    });
  }
  const actions: ViewAction[] =
    counted.length > 0
      ? [{ id: 'feedback.show', label: m.feedback.button, value: String(round.id), style: 'primary' }]
      : [];
  return view('reveal', m.revealTitle(text.title), blocks, { actions, footer: `#${round.id}` });
}

/**
 * One streak change in the reveal: grown (and a freeze earned), kept by a freeze, or reset. Those
 * who answered are in the thread already; someone who missed the round is not: no ping.
 */
export function streakLine(m: Catalog, c: StreakChange): RichText {
  if (c.frozen)
    return m.breaks.streakFrozen(personRef(m, c.userId, c.userName, true), c.to, c.freezesLeft ?? 0);
  if (c.to <= c.from) return m.streakReset(personRef(m, c.userId, c.userName, true), c.from);
  const up = m.streakUp(personRef(m, c.userId, c.userName), c.from, c.to);
  if (!c.freezeEarned) return up;
  return [...(typeof up === 'string' ? [up] : up), m.breaks.freezeEarned];
}

export function leaderboardView(
  m: Catalog,
  period: Period,
  top: readonly RankedEntry[],
  caller: RankedEntry | null,
): View {
  const blocks: ViewBlock[] =
    top.length === 0
      ? [{ kind: 'text', text: m.leaderboardEmpty }]
      : [
          {
            kind: 'list',
            heading: '',
            items: top.map((e) =>
              m.leaderboardRow(e.rank, userRef(e.userId, e.userName), e.current, e.best, e.answers, e.score),
            ),
          },
        ];
  blocks.push({ kind: 'divider' });
  blocks.push({
    kind: 'text',
    text: caller
      ? m.yourRank(caller.rank, caller.current, caller.best, caller.answers, caller.score)
      : m.youAreUnranked,
  });
  return view('info', m.leaderboardTitle(period), blocks);
}

/** A practice card: the question, "show answer", and "write an answer" when it can be graded. */
export function practiceQuestionView(
  m: Catalog,
  key: string,
  text: QuestionText,
  dueCount: number,
  gradable = false,
): View {
  const blocks: ViewBlock[] = [
    { kind: 'section', heading: 'Q.', text: text.title },
    {
      kind: 'text',
      text: m.practiceHint(
        profileFields(m, text)
          .filter((f) => f.label !== m.domain)
          .map((f) => f.value)
          .join(' · '),
      ),
    },
  ];
  const actions: ViewAction[] = [{ id: 'practice.show', label: m.showAnswer, value: key, style: 'primary' }];
  if (gradable)
    actions.push({ id: 'practice.write', label: m.feedback.practiceWrite, value: key, style: 'default' });
  return view('practice', m.practiceTitle, blocks, {
    actions,
    footer: dueCount > 0 ? m.practiceDue(dueCount) : null,
  });
}

const GRADES: readonly Grade[] = ['again', 'hard', 'good', 'easy'];

export function practiceAnswerView(m: Catalog, key: string, text: QuestionText): View {
  return view('practice', `${m.practiceTitle} · ${text.title}`, answerBlocks(m, text), {
    actions: GRADES.map((g) => ({
      id: `practice.${g}` as const,
      label: m.grades[g],
      value: key,
      style: g === 'good' ? ('primary' as const) : g === 'again' ? ('danger' as const) : ('default' as const),
    })),
  });
}

export function practiceGradedView(m: Catalog, grade: Grade, due: Date, timeZone: string): View {
  return view(
    'success',
    m.practiceTitle,
    [
      { kind: 'text', text: m.practiceScheduled(m.grades[grade]) },
      // Each reader's own zone where the platform can (Discord `<t:…:R>` too: "in 3 days").
      { kind: 'time', label: m.nextReview, at: due, fallback: formatInstant(due, timeZone) },
    ],
    {
      actions: [{ id: 'practice.next', label: m.nextCard, value: '', style: 'primary' }],
    },
  );
}

export function messageView(tone: View['tone'], text: RichText, title = ''): View {
  return view(tone, title, [{ kind: 'text', text }]);
}

export function bankErrorLines(m: Catalog, errors: readonly BankError[]): string[] {
  return errors.map((e) => `${e.file}:${e.line} ${m.bankError(e.code, e.detail)}`);
}

/** What a reply did, for the person who wrote it (a console line, an ephemeral note, a modal reply). */
export function replyOutcomeView(m: Catalog, outcome: ReplyOutcome): View {
  switch (outcome.kind) {
    case 'recorded':
      if (outcome.status === 'counted') return messageView('success', m.answerRecorded);
      return messageView('info', outcome.status === 'late' ? m.answerLate : m.answerExtra);
    case 'edited':
      return messageView('success', m.answerUpdated);
    case 'withdrawn':
      return messageView('success', m.answerWithdrawn);
    case 'ignored':
      return outcome.reason === 'closed'
        ? messageView('info', m.answerLate)
        : messageView('error', m.error('unknown_round', {}));
  }
}
