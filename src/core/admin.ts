import { exportJson, exportMarkdown } from './bank/export.js';
import { parseBankBytes, parseBankText } from './bank/parse.js';
import { planImport } from './bank/plan.js';
import type { BankQuestion } from './bank/types.js';
import type { AdminCommand } from './commands.js';
import type { Catalog } from './i18n/catalog.js';
import { messages } from './i18n/catalog.js';
import {
  ACCESS_OK,
  accessBlocks,
  accessStatusLines,
  type ChannelAccess,
  incidentStatusLines,
} from './notices.js';
import type { Store } from './ports.js';
import type { Quiz } from './quiz.js';
import { bankErrorLines, formatInstant, messageView, scheduleSummary } from './render.js';
import type { Failure, Result } from './result.js';
import { parseScheduleArgs, roundWindow } from './schedule.js';
import { dailyCandidates } from './selection.js';
import { addDays, type Clock, localDateOf } from './time.js';
import {
  type Actor,
  type Channel,
  type ChannelAddress,
  isLocale,
  type Question,
  replyLocale,
} from './types.js';
import { type View, type ViewBlock, view } from './views.js';

export interface ExportFile {
  readonly name: string;
  readonly content: string;
}

export interface AdminReply {
  readonly view: View;
  readonly file: ExportFile | null;
}

export interface AdminDeps {
  readonly quiz: Quiz;
  readonly store: Store;
  readonly clock: Clock;
  /** User ids allowed to administer besides the platform's own admins (`SA_QUIZ_ADMINS`). */
  readonly configuredAdmins: readonly string[];
}

const PREVIEW_LIMIT = 15;

function reply(v: View, file: ExportFile | null = null): AdminReply {
  return { view: v, file };
}

function toBankQuestions(questions: readonly Question[]): BankQuestion[] {
  return questions.map((q) => ({ key: q.key, texts: q.texts, sources: [q.source] }));
}

/** `/sa-admin`: who may use it, and what each subcommand does. */
export class Admin {
  constructor(private readonly deps: AdminDeps) {}

  /** Platform admins and configured admins only; the rule lives here, the platform only reports roles. */
  isAdmin(actor: Actor): boolean {
    return actor.isPlatformAdmin || this.deps.configuredAdmins.includes(actor.userId);
  }

  private errorReply(m: Catalog, error: Failure): AdminReply {
    return reply(messageView('error', m.error(error.code, error.params ?? {})));
  }

  /**
   * Runs an admin command. `access` asks the platform whether the bot can run rounds in the
   * channel (membership, archived, permissions, channel type); subscribe, resume and post-now
   * check it before promising anything, and status shows it. Without it nothing is checked.
   */
  async run(
    address: ChannelAddress,
    actor: Actor,
    parsed: Result<AdminCommand>,
    access?: () => Promise<ChannelAccess>,
  ): Promise<AdminReply> {
    const channel = await this.deps.quiz.channelAt(address);
    const m = messages(replyLocale(channel, address));
    if (!this.isAdmin(actor)) return this.errorReply(m, { code: 'not_admin' });
    if (!parsed.ok) {
      const help = this.help(m);
      return reply(view('error', m.error(parsed.error.code, parsed.error.params ?? {}), help.blocks));
    }
    const command = parsed.value;
    const now = this.deps.clock.now();
    await this.deps.store.audit(
      channel.workspaceId,
      actor.userId,
      command.name,
      { channel: channel.externalId, command },
      now,
    );
    switch (command.name) {
      case 'help':
        return reply(this.help(m));
      case 'subscribe': {
        const schedule = parseScheduleArgs(command.args, channel.subscribed ? channel.schedule : undefined);
        if (!schedule.ok) return this.errorReply(m, schedule.error);
        const checked = await this.check(access);
        if (checked.problems.length > 0) return reply(view('error', '', accessBlocks(m, channel, checked)));
        const updated = await this.deps.store.updateChannel(channel.id, {
          subscribed: true,
          paused: false,
          schedule: schedule.value,
          subscribedBy: actor.userId,
        });
        await this.deps.store.closeIncidents(channel.id, now, 'all');
        return reply(
          view('success', '', [
            {
              kind: 'text',
              text: `${m.subscribed(scheduleSummary(m, updated.schedule))}\n${this.nextPostLine(m, updated)}`,
            },
            ...accessBlocks(m, channel, checked),
            ...this.uncheckedBlocks(m, checked),
          ]),
        );
      }
      case 'unsubscribe':
        await this.deps.store.updateChannel(channel.id, { subscribed: false });
        return reply(messageView('success', m.unsubscribed));
      case 'pause':
        if (!channel.subscribed) return this.errorReply(m, { code: 'not_subscribed' });
        await this.deps.store.updateChannel(channel.id, { paused: true, pausedReason: 'admin' });
        return reply(messageView('success', m.paused));
      case 'resume': {
        if (!channel.subscribed) return this.errorReply(m, { code: 'not_subscribed' });
        const checked = await this.check(access);
        if (checked.problems.length > 0) return reply(view('error', '', accessBlocks(m, channel, checked)));
        await this.deps.store.updateChannel(channel.id, { paused: false });
        await this.deps.store.closeIncidents(channel.id, now, 'all');
        return reply(
          view('success', '', [
            {
              kind: 'text',
              text: `${m.resumed}\n${this.nextPostLine(m, { ...channel, paused: false, pausedReason: null })}`,
            },
            ...accessBlocks(m, channel, checked),
          ]),
        );
      }
      case 'status':
        return reply(await this.status(m, channel, access));
      case 'lang': {
        if (!isLocale(command.value))
          return this.errorReply(m, { code: 'invalid_locale', params: { value: command.value } });
        await this.deps.store.updateChannel(channel.id, { locale: command.value, localeSet: true });
        return reply(messageView('success', messages(command.value).languageSet));
      }
      case 'private': {
        await this.deps.store.updateChannel(channel.id, { privateAnswers: command.enabled });
        return reply(messageView('success', command.enabled ? m.privateAnswersOn : m.privateAnswersOff));
      }
      case 'category': {
        const updated = await this.deps.store.updateChannel(channel.id, { categoryFilter: command.values });
        return reply(await this.status(m, updated));
      }
      case 'post-now': {
        const checked = await this.check(access);
        if (checked.problems.length > 0) return reply(view('error', '', accessBlocks(m, channel, checked)));
        const posted = await this.deps.quiz.postNow(channel);
        if (posted.ok) return reply(messageView('success', m.postedNow));
        if (posted.error.code === 'post_refused') {
          const { problem, detail } = posted.error.params ?? {};
          const refused = {
            problem: problem as ChannelAccess['problems'][number]['problem'],
            detail: String(detail ?? ''),
          };
          return reply(view('error', '', accessBlocks(m, channel, { problems: [refused], warnings: [] })));
        }
        return this.errorReply(m, posted.error);
      }
      case 'reveal-now': {
        const revealed = await this.deps.quiz.revealNow(channel);
        return revealed.ok
          ? reply(messageView('success', m.revealedNow))
          : this.errorReply(m, revealed.error);
      }
      case 'upload':
        return reply(messageView('info', m.uploadHowTo));
      case 'export':
        return this.exportBank(channel, command.format);
    }
  }

  private help(m: Catalog): View {
    return view('info', m.helpTitle, [
      { kind: 'list', heading: '/sa-admin', items: m.helpLines },
      { kind: 'list', heading: '', items: m.userHelpLines },
    ]);
  }

  private nextPostLine(m: Catalog, channel: Channel): string {
    const now = this.deps.clock.now();
    const today = localDateOf(now, channel.schedule.timezone);
    for (let i = 0; i < 8; i++) {
      const window = roundWindow(channel.schedule, addDays(today, i));
      if (window && window.postAt.getTime() > now.getTime()) {
        return m.nextPost(formatInstant(window.postAt, channel.schedule.timezone));
      }
    }
    return '';
  }

  /** The platform's answer on whether the bot can work in the channel; no check means no objection. */
  private async check(access: (() => Promise<ChannelAccess>) | undefined): Promise<ChannelAccess> {
    if (!access) return ACCESS_OK;
    try {
      return await access();
    } catch (error) {
      return { problems: [], warnings: [], unknown: error instanceof Error ? error.message : String(error) };
    }
  }

  private uncheckedBlocks(m: Catalog, checked: ChannelAccess): ViewBlock[] {
    return checked.unknown === undefined
      ? []
      : [{ kind: 'text', text: m.failures.statusChecksUnknown(checked.unknown) }];
  }

  private async status(m: Catalog, channel: Channel, access?: () => Promise<ChannelAccess>): Promise<View> {
    const bank = await this.deps.quiz.bankFor(channel.workspaceId);
    const lines = m.statusLines({
      subscribed: channel.subscribed,
      paused: channel.paused,
      schedule: scheduleSummary(m, channel.schedule),
      locale: channel.locale,
      questions: dailyCandidates(bank, channel.locale, channel.categoryFilter).length,
      filter: channel.categoryFilter.join(', '),
    });
    if (channel.subscribed && !channel.paused) lines.push(this.nextPostLine(m, channel));
    const incident = await this.deps.store.openIncidentOf(channel.id);
    if (incident) lines.push(...incidentStatusLines(m, channel, incident));
    if (access) lines.push(...accessStatusLines(m, channel, await this.check(access)));
    return view('info', m.statusTitle, [{ kind: 'text', text: lines.filter((l) => l !== '').join('\n') }]);
  }

  private async exportBank(channel: Channel, format: 'md' | 'json'): Promise<AdminReply> {
    const m = messages(channel.locale);
    const bank = toBankQuestions(await this.deps.quiz.bankFor(channel.workspaceId));
    const content =
      format === 'json'
        ? exportJson(bank, channel.locale)
        : exportMarkdown(bank, channel.locale, 'sa-quiz question bank');
    const count = bank.filter((q) => q.texts[channel.locale]).length;
    return reply(messageView('success', m.exportReady(count)), {
      name: `sa-quiz-bank-${channel.locale}.${format}`,
      content,
    });
  }

  // ---------------------------------------------------------------- uploads: preview, then confirm

  /** Reads an uploaded bank and shows what importing it would do. Nothing is imported yet. */
  async previewUpload(
    address: ChannelAddress,
    actor: Actor,
    fileName: string,
    bytes: Uint8Array,
  ): Promise<AdminReply> {
    const channel = await this.deps.quiz.channelAt(address);
    const m = messages(replyLocale(channel, address));
    if (!this.isAdmin(actor)) return this.errorReply(m, { code: 'not_admin' });
    const parsed = parseBankBytes(fileName, bytes);
    const plan = planImport([parsed], await this.deps.quiz.bankFor(channel.workspaceId));
    const blocks: ViewBlock[] = [
      {
        kind: 'text',
        text: m.uploadCounts({
          read: plan.fresh.length + plan.updated.length + plan.unchanged,
          unchanged: plan.unchanged,
          fresh: plan.fresh.length,
          updated: plan.updated.length,
          merged: plan.duplicatesMerged,
          incomplete: plan.incomplete.length,
          errors: plan.errors.length,
        }),
      },
    ];
    // In the channel's language when the file has it, else whichever language it has.
    const titles = (qs: readonly BankQuestion[]): string[] => {
      const names = qs.map(
        (q) => (q.texts[channel.locale] ?? Object.values(q.texts).find(Boolean))?.title ?? q.key,
      );
      return names.length > PREVIEW_LIMIT
        ? [...names.slice(0, PREVIEW_LIMIT), m.andMore(names.length - PREVIEW_LIMIT)]
        : names;
    };
    if (plan.errors.length > 0)
      blocks.push({
        kind: 'list',
        heading: m.uploadErrors,
        items: bankErrorLines(m, plan.errors).slice(0, 30),
      });
    if (plan.fresh.length > 0) blocks.push({ kind: 'list', heading: m.uploadNew, items: titles(plan.fresh) });
    if (plan.updated.length > 0)
      blocks.push({ kind: 'list', heading: m.uploadUpdated, items: titles(plan.updated) });
    if (plan.incomplete.length > 0)
      blocks.push({ kind: 'list', heading: m.uploadIncomplete, items: titles(plan.incomplete) });
    const writable = plan.errors.length === 0 && plan.fresh.length + plan.updated.length > 0;
    if (!writable)
      return reply(view(plan.errors.length > 0 ? 'error' : 'info', m.uploadPreviewTitle(fileName), blocks));
    const upload = await this.deps.store.saveUpload({
      workspaceId: channel.workspaceId,
      actorId: actor.userId,
      fileName,
      content: new TextDecoder().decode(bytes),
      createdAt: this.deps.clock.now(),
    });
    return reply(
      view('info', m.uploadPreviewTitle(fileName), blocks, {
        actions: [
          { id: 'upload.confirm', label: m.uploadConfirm, value: String(upload.id), style: 'primary' },
          { id: 'upload.cancel', label: m.uploadCancel, value: String(upload.id), style: 'danger' },
        ],
      }),
    );
  }

  /** Imports a previewed upload in one transaction: all of it or, on any error, none of it. */
  async confirmUpload(address: ChannelAddress, actor: Actor, uploadId: number): Promise<AdminReply> {
    const channel = await this.deps.quiz.channelAt(address);
    const m = messages(replyLocale(channel, address));
    if (!this.isAdmin(actor)) return this.errorReply(m, { code: 'not_admin' });
    const upload = await this.deps.store.getUpload(uploadId);
    if (!upload || upload.workspaceId !== channel.workspaceId)
      return this.errorReply(m, { code: 'upload_not_found' });
    const plan = planImport(
      [parseBankText(upload.fileName, upload.content)],
      await this.deps.quiz.bankFor(channel.workspaceId),
    );
    if (plan.errors.length > 0)
      return this.errorReply(m, { code: 'bank_has_errors', params: { count: plan.errors.length } });
    const writes = [...plan.fresh, ...plan.updated];
    const now = this.deps.clock.now();
    await this.deps.store.transaction(async (tx) => {
      await tx.saveQuestions(channel.workspaceId, writes, `upload:${upload.fileName}`);
      await tx.deleteUpload(upload.id);
      await tx.audit(
        channel.workspaceId,
        actor.userId,
        'upload',
        { file: upload.fileName, questions: writes.length },
        now,
      );
    });
    return reply(messageView('success', m.uploadDone(writes.length)));
  }

  async cancelUpload(address: ChannelAddress, actor: Actor, uploadId: number): Promise<AdminReply> {
    const channel = await this.deps.quiz.channelAt(address);
    const m = messages(replyLocale(channel, address));
    if (!this.isAdmin(actor)) return this.errorReply(m, { code: 'not_admin' });
    await this.deps.store.deleteUpload(uploadId);
    return reply(messageView('info', m.uploadCancelled));
  }
}
