import type { Problem } from '../failures.js';
import type { NoticeDelivery } from '../incidents.js';
import type { Platform } from '../types.js';
import type { Inline, Ref, RichText } from '../views.js';

/** What the bot says about platform failures: to the admin it tells, in status, in setup checks. */
export interface FailureCatalog {
  /** What is wrong and how to fix it, in words an admin can act on. */
  problem(problem: Problem, detail: string, platform: Platform): string;
  /** A Discord permission (its API name, e.g. `SendMessagesInThreads`) as the client labels it. */
  permission(key: string): string;
  noticeTitle: string;
  /** Where it happened: the workspace by name, the channel as a link. */
  noticeWhere(workspace: string, channel: Ref, platform: Platform): RichText;
  /** What the bot stopped doing: a question or a reveal not sent, the channel paused or not. */
  noticeWhat(what: 'post' | 'reveal' | 'event', paused: boolean, platform: Platform): string;
  noticeResume: string;
  /** For a channel of a kind the bot cannot work in: nothing there to fix, another channel to subscribe. */
  noticeResubscribe: string;
  /** For failures that are not the admin's to fix (our bug, a platform outage). */
  noticeNothingToDo(what: 'post' | 'reveal'): string;
  /** A status line: how (and whether) the admin was told; `when` is a time inline (`timeRef`). */
  noticeDelivery(notice: NoticeDelivery, when: Inline): RichText;
  statusProblem(text: string): string;
  statusChecksOk: string;
  statusChecksFailed: string;
  statusChecksUnknown(reason: string): string;
  /** `subscribe`/`resume`/`post-now` refused: the bot cannot post there. */
  refused: string;
  /** Subscribed, but something will not work until fixed. */
  warning: string;
  /** A top-level message in a channel with an open round: answers go in the thread. */
  replyInThread: string;
}
