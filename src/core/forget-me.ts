import { messages } from './i18n/catalog.js';
import type { PrivacyCatalog } from './i18n/privacy.js';
import { messageView } from './render.js';
import type { Runtime } from './runtime.js';
import { type Channel, type ChannelAddress, replyLocale } from './types.js';
import { type View, type ViewAction, view } from './views.js';

/**
 * `/sa-quiz forget-me` (`내정보삭제`): a person deletes what sa-quiz stores about them in one
 * workspace (a Slack team, a Discord server), after a private confirmation listing it.
 *
 * What happens to each table is the store's (src/db/privacy-store.ts), in one transaction:
 * - answers in revealed rounds that counted stay, so past rounds keep how many answered (the
 *   history, the weekly digests): each gets a stand-in id of its own (src/core/forgotten.ts,
 *   shown as "(deleted user)"), its text, name, grade and message reference cleared. Every other
 *   answer of theirs (late, extra, withdrawn, or in a round not revealed yet) is deleted.
 *   Leaderboards and digests leave stand-ins out: nobody is ranked under "(deleted user)".
 * - the streak changes recorded at each reveal name them as "(deleted user)".
 * - votes they gave and votes their answers received, streaks and freezes, practice cards and
 *   their reviews, nudges, the reminder opt-out and pending uploads are deleted.
 * - channels they subscribed no longer name them (problem notices go to the channel) and the
 *   audit log's earlier entries with them as actor name a stand-in.
 * One audit entry records the deletion with its counts, never any answer text.
 *
 * Pressing "delete" twice (or a retried delivery) is harmless: the second finds nothing left and
 * says so, and writes no second audit entry. Nothing of another person, nor of another workspace
 * (the same platform user id in another team), is read or changed.
 */

/** What a workspace holds about one person: the confirmation's counts. */
export interface PersonalData {
  /** Every answer row, whatever its status. */
  readonly answers: number;
  readonly votesCast: number;
  readonly votesReceived: number;
  readonly cards: number;
  readonly reviews: number;
  /** Channels where they have a streak row, their best streak there and the freezes they hold. */
  readonly streakChannels: number;
  readonly bestStreak: number;
  readonly freezes: number;
  readonly nudges: number;
  readonly optedOut: boolean;
  /** Uploaded banks waiting for their confirmation. */
  readonly uploads: number;
  /** Channels they subscribed and audit entries naming them as the actor (deletions excepted). */
  readonly adminRecords: number;
}

/** What `forgetPerson` did: the counts it found, and how the answers went. */
export interface ForgetOutcome extends PersonalData {
  /** Answers kept for the history under a stand-in id, with no text, name or grade. */
  readonly answersAnonymised: number;
  /** Answers deleted outright (`answers` = anonymised + deleted). */
  readonly answersDeleted: number;
  /** Revealed rounds whose recorded streak changes named them. */
  readonly roundsScrubbed: number;
}

/** The store's side of forget-me, implemented in src/db/privacy-store.ts. */
export interface PrivacyStore {
  /** Counts only: nothing is changed. */
  personalData(workspaceId: number, userId: string): Promise<PersonalData>;
  /** Deletes (or anonymises, as above) everything of `userId` in the workspace, in one transaction. */
  forgetPerson(workspaceId: number, userId: string): Promise<ForgetOutcome>;
}

/** The audit log's action for a deletion. Its entries are kept, and never anonymised themselves. */
export const FORGET_AUDIT_ACTION = 'forget-me';

const FORGET_WORDS = new Set([
  'forget-me',
  'forgetme',
  'delete-my-data',
  'deletemydata',
  '내정보삭제',
  '내데이터삭제',
]);

/** True when a `/sa-quiz` query asks to delete the caller's data (`forget-me`, `내 정보 삭제`). */
export function isForgetQuery(query: string): boolean {
  return FORGET_WORDS.has(query.trim().toLowerCase().replace(/\s+/g, ''));
}

export function holdsNothing(data: PersonalData): boolean {
  return (
    !data.optedOut &&
    data.answers +
      data.votesCast +
      data.votesReceived +
      data.cards +
      data.reviews +
      data.streakChannels +
      data.nudges +
      data.uploads +
      data.adminRecords ===
      0
  );
}

/** The lines of what will be deleted: answers and practice always, the rest when there is any. */
export function personalDataLines(p: PrivacyCatalog, data: PersonalData): string[] {
  const lines = [p.answers(data.answers)];
  if (data.votesCast + data.votesReceived > 0) lines.push(p.votes(data.votesCast, data.votesReceived));
  lines.push(p.practice(data.cards, data.reviews));
  if (data.streakChannels > 0) lines.push(p.streaks(data.streakChannels, data.bestStreak, data.freezes));
  if (data.optedOut || data.nudges > 0) lines.push(p.reminders(data.optedOut, data.nudges));
  if (data.uploads > 0) lines.push(p.uploads(data.uploads));
  if (data.adminRecords > 0) lines.push(p.adminRecords(data.adminRecords));
  return lines;
}

/** The private confirmation: what will be deleted, what stays, a red button and Cancel. */
export function forgetConfirmView(
  p: PrivacyCatalog,
  workspaceName: string,
  userId: string,
  data: PersonalData,
): View {
  const actions: ViewAction[] = [
    { id: 'forget.confirm', label: p.confirmButton, value: userId, style: 'danger' },
    { id: 'forget.cancel', label: p.cancelButton, value: userId, style: 'default' },
  ];
  return view(
    'info',
    p.confirmTitle,
    [
      { kind: 'text', text: p.confirmIntro(workspaceName) },
      { kind: 'list', heading: p.willDelete, items: personalDataLines(p, data) },
      { kind: 'list', heading: p.keptHeading, items: p.kept },
    ],
    { actions },
  );
}

export function forgetDoneView(p: PrivacyCatalog, outcome: ForgetOutcome): View {
  return view('success', p.doneTitle, [{ kind: 'text', text: p.done(outcome.answers, outcome.cards) }]);
}

/** Counts for the audit log: how much was deleted, never what. */
function auditDetail(outcome: ForgetOutcome): Record<string, unknown> {
  const { optedOut, ...counts } = outcome;
  return { ...counts, optedOut };
}

export class ForgetMe {
  constructor(
    private readonly rt: Runtime,
    private readonly channelAt: (address: ChannelAddress) => Promise<Channel>,
  ) {}

  /** The confirmation, or a note that nothing is stored (then there is nothing to press). */
  async ask(address: ChannelAddress, userId: string): Promise<View> {
    const channel = await this.channelAt(address);
    const p = messages(replyLocale(channel, address)).privacy;
    const data = await this.rt.store.personalData(channel.workspaceId, userId);
    if (holdsNothing(data)) return messageView('info', p.nothingStored, p.confirmTitle);
    return forgetConfirmView(p, channel.workspaceName, userId, data);
  }

  /**
   * "Delete my data" pressed by `userId` on a confirmation made for `value`. Only the presser's
   * own data is ever deleted: a button shown to someone else (a forged value) is refused.
   */
  async confirm(address: ChannelAddress, userId: string, value: string): Promise<View> {
    const channel = await this.channelAt(address);
    const p = messages(replyLocale(channel, address)).privacy;
    if (value !== userId) return messageView('error', p.notYours, p.confirmTitle);
    const now = this.rt.clock.now();
    const outcome = await this.rt.store.transaction(async (tx) => {
      const done = await tx.forgetPerson(channel.workspaceId, userId);
      if (!holdsNothing(done))
        await tx.audit(channel.workspaceId, userId, FORGET_AUDIT_ACTION, auditDetail(done), now);
      return done;
    });
    if (holdsNothing(outcome)) return messageView('success', p.alreadyDone, p.doneTitle);
    this.rt.log.info(
      {
        platform: channel.platform,
        workspaceId: channel.workspaceId,
        answersAnonymised: outcome.answersAnonymised,
        answersDeleted: outcome.answersDeleted,
        cards: outcome.cards,
      },
      'a person deleted their data',
    );
    return forgetDoneView(p, outcome);
  }

  async cancel(address: ChannelAddress, userId: string, value: string): Promise<View> {
    const channel = await this.channelAt(address);
    const p = messages(replyLocale(channel, address)).privacy;
    if (value !== userId) return messageView('error', p.notYours, p.confirmTitle);
    return messageView('info', p.cancelled, p.confirmTitle);
  }
}
