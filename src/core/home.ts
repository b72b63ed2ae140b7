import { nextPostAt } from './admin-breaks.js';
import type { AdminDeps } from './admin-gate.js';
import { isAdmin } from './admin-gate.js';
import { type Catalog, messages } from './i18n/catalog.js';
import { formatScore } from './i18n/feedback.js';
import type { Incident } from './incidents.js';
import type { RankedEntry } from './leaderboard.js';
import { problemText } from './notices.js';
import { formatInstant, scheduleSummary } from './render.js';
import { textFor } from './selection.js';
import { type Actor, type Channel, DEFAULT_LOCALE, type Locale, type Platform } from './types.js';
import { channelRef, type RichText, type View, type ViewAction, type ViewBlock, view } from './views.js';

/** Channels listed at most (Slack's home tab holds 100 blocks; each channel takes two). */
export const HOME_CHANNELS = 20;
/** Recent answers listed. */
export const HOME_ANSWERS = 5;

export interface HomeChannel {
  readonly channel: Channel;
  /** The person's all-time standing there; null before their first answer or streak. */
  readonly standing: RankedEntry | null;
  /** When its next question is posted; null when paused or nothing is scheduled. */
  readonly nextAt: Date | null;
  /** Why it is stopped, when the platform refused it. */
  readonly incident: Incident | null;
}

/** A recent answer as the home lists it: when, which question, its coverage. */
export interface HomeAnswer {
  readonly localDate: string;
  readonly title: string;
  readonly channel: { readonly externalId: string; readonly name: string };
  readonly covered: number;
  readonly total: number;
}

export interface HomeData {
  readonly channels: readonly HomeChannel[];
  /** The person's latest graded answers (the private note on each is the reveal's button). */
  readonly answers?: readonly HomeAnswer[];
  /** Subscribed channels beyond those listed. */
  readonly more: number;
  readonly practice: { readonly due: number; readonly unseen: number };
  readonly isAdmin: boolean;
}

/**
 * A person's home in a workspace (Slack's App Home tab): their standing in each subscribed
 * channel, when the next question comes, their practice queue, and for admins every subscribed
 * channel with its schedule and state (running, paused, stopped and why).
 */
export function homeView(m: Catalog, data: HomeData): View {
  if (data.channels.length === 0)
    return view('info', m.home.title, [{ kind: 'text', text: m.home.noChannels }]);
  const blocks: ViewBlock[] = [{ kind: 'text', text: m.home.myChannels }];
  for (const item of data.channels) blocks.push(...standingBlocks(m, item));
  if (data.more > 0) blocks.push({ kind: 'text', text: m.andMore(data.more) });
  if (data.answers && data.answers.length > 0)
    blocks.push(
      { kind: 'divider' },
      {
        kind: 'list',
        heading: m.home.recentAnswers,
        items: data.answers.map((a) => [
          `${a.localDate} · `,
          channelRef(a.channel.externalId, a.channel.name),
          ` · ${m.home.answerLine(a.title, a.covered, a.total)}`,
        ]),
      },
    );
  blocks.push(
    { kind: 'divider' },
    {
      kind: 'section',
      heading: m.home.practice,
      text: `${m.home.practiceCards(data.practice.due, data.practice.unseen)}\n${m.home.practiceHow}`,
    },
  );
  // Cards due or never tried: one press sends the next card (as `/sa-quiz` would); the value is
  // the home's language, for a conversation the card is the first message of.
  const practice: ViewAction[] =
    data.practice.due + data.practice.unseen > 0
      ? [{ id: 'home.practice', label: m.home.practiceButton, value: m.locale, style: 'primary' }]
      : [];
  if (!data.isAdmin) return view('info', m.home.title, blocks, { actions: practice });
  const items: RichText[] = data.channels.map((item) => adminLine(m, item));
  if (data.more > 0) items.push(m.andMore(data.more));
  blocks.push(
    { kind: 'divider' },
    { kind: 'list', heading: m.home.adminChannels, items },
    { kind: 'text', text: m.home.adminHow },
  );
  const settings: ViewAction[] = data.channels.map(({ channel }) => ({
    id: 'settings.open',
    label: m.home.settingsButton(channel.name),
    value: channel.externalId,
    style: 'default',
  }));
  return view('info', m.home.title, blocks, { actions: [...practice, ...settings] });
}

/** My line in a channel (all-time rank, streak, score) and when its next question comes. */
function standingBlocks(m: Catalog, { channel, standing, nextAt }: HomeChannel): ViewBlock[] {
  const line = standing
    ? m.home.standing(
        standing.rank,
        standing.current,
        standing.best,
        standing.answers,
        formatScore(standing.score),
      )
    : m.home.notPlayedYet;
  return [
    { kind: 'text', text: [channelRef(channel.externalId, channel.name), ` — ${line}`] },
    nextAt
      ? {
          kind: 'time',
          label: m.home.nextQuestion,
          at: nextAt,
          fallback: formatInstant(nextAt, channel.schedule.timezone),
        }
      : { kind: 'text', text: `${m.home.nextQuestion}: ${m.home.noNextQuestion}` },
  ];
}

function adminLine(m: Catalog, { channel, incident }: HomeChannel): RichText {
  const state =
    channel.pausedReason === 'broken'
      ? m.home.stateBroken(incident ? problemText(m, channel, incident) : m.failures.noticeResume)
      : channel.paused
        ? m.home.statePausedByAdmin
        : m.home.stateRunning;
  return [
    channelRef(channel.externalId, channel.name),
    ` — ${scheduleSummary(m, channel.schedule)} · ${state}`,
  ];
}

/** Gathers a person's home from the store (one leaderboard statement per listed channel). */
export class Home {
  constructor(private readonly deps: AdminDeps) {}

  async view(platform: Platform, workspaceId: string, actor: Actor, locale?: Locale): Promise<View> {
    const { store, clock } = this.deps;
    const workspace = await store.findWorkspace(platform, workspaceId);
    const subscribed = workspace ? await store.listWorkspaceChannels(workspace.id) : [];
    const m = messages(locale ?? subscribed[0]?.locale ?? DEFAULT_LOCALE);
    if (!workspace || subscribed.length === 0)
      return homeView(m, { channels: [], more: 0, practice: { due: 0, unseen: 0 }, isAdmin: false });
    const channels: HomeChannel[] = [];
    for (const channel of subscribed.slice(0, HOME_CHANNELS))
      channels.push({
        channel,
        standing: (await store.leaderboard(channel.id, null, actor.userId, 0)).caller,
        nextAt: channel.paused ? null : await nextPostAt(this.deps, channel),
        incident: channel.pausedReason === 'broken' ? await store.openIncidentOf(channel.id) : null,
      });
    const queue = await store.practiceQueue(workspace.id, actor.userId, m.locale, clock.now());
    const answers: HomeAnswer[] = [];
    for (const a of await store.recentAnswers(workspace.id, actor.userId, HOME_ANSWERS)) {
      const question = await store.getQuestion(a.questionId);
      const title = question ? textFor(question, m.locale).title : '—';
      answers.push({ ...a, title, channel: { externalId: a.channelExternalId, name: a.channelName } });
    }
    return homeView(m, {
      channels,
      answers,
      more: subscribed.length - channels.length,
      practice: { due: queue.dueCount, unseen: queue.unseen },
      isAdmin: isAdmin(this.deps, actor),
    });
  }
}
