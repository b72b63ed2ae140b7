import { holidayLines, nextPostAt, runHolidays, runOffDay } from './admin-breaks.js';
import { type AdminDeps, type AdminReply, adminReply, enter, errorReply, isAdmin } from './admin-gate.js';
import { exportCsv, exportJson, exportMarkdown } from './bank/export.js';
import type { BankQuestion } from './bank/types.js';
import { BankUploads } from './bank-uploads.js';
import { runChannelManagers, scopeOf } from './channel-managers.js';
import { adminHelpLine, withCommandRefs } from './command-refs.js';
import type { AdminCommand } from './commands.js';
import { digestStatusLines, runDigest } from './digest-admin.js';
import { Home } from './home.js';
import type { Catalog } from './i18n/catalog.js';
import { messages } from './i18n/catalog.js';
import {
  ACCESS_OK,
  accessBlocks,
  accessStatusLines,
  type ChannelAccess,
  incidentStatusLines,
} from './notices.js';
import { notifyRoleLine, runNotifyRole } from './notify-role.js';
import { reminderStatusLines, runReminder } from './reminder-admin.js';
import { formatInstant, messageView, scheduleSummary } from './render.js';
import type { Result } from './result.js';
import { parseScheduleArgs } from './schedule.js';
import { dailyCandidates } from './selection.js';
import { openSettings, type SettingsForm, type SettingsOutcome, saveSettings } from './settings.js';
import {
  type Actor,
  type Channel,
  type ChannelAddress,
  isLocale,
  type Locale,
  type Platform,
  type Question,
} from './types.js';
import { emojiRef, joinLines, type RichText, timeRef, type View, type ViewBlock, view } from './views.js';

export type { AdminDeps, AdminReply, ExportFile } from './admin-gate.js';

function toBankQuestions(questions: readonly Question[]): BankQuestion[] {
  return questions.map((q) => ({ key: q.key, texts: q.texts, sources: [q.source] }));
}

/** `/sa-admin`: who may use it, and what each subcommand does. */
export class Admin {
  private readonly uploads: BankUploads;
  private readonly homes: Home;

  constructor(private readonly deps: AdminDeps) {
    this.uploads = new BankUploads(deps);
    this.homes = new Home(deps);
  }

  /** The channel's settings as a form (Slack's `/sa-admin` modal), or the refusal to show instead. */
  openSettings(address: ChannelAddress, actor: Actor): ReturnType<typeof openSettings> {
    return openSettings(this.deps, address, actor);
  }

  /** Saves the whole form, or names the fields that are wrong (nothing is saved then). */
  saveSettings(
    address: ChannelAddress,
    actor: Actor,
    form: SettingsForm,
    access?: () => Promise<ChannelAccess>,
  ): Promise<SettingsOutcome> {
    return saveSettings(this.deps, address, actor, form, access);
  }

  /** A person's home (Slack App Home): their standing, practice, and for admins the channels. */
  home(platform: Platform, workspaceId: string, actor: Actor, locale?: Locale): Promise<View> {
    return this.homes.view(platform, workspaceId, actor, locale);
  }

  /** Platform admins and configured admins only; the rule lives here, the platform only reports roles. */
  isAdmin(actor: Actor): boolean {
    return isAdmin(this.deps, actor);
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
    const entry = await enter(this.deps, address, actor, parsed.ok ? scopeOf(parsed.value) : 'channel');
    if (!entry.ok) return entry.refused;
    const { m } = entry;
    if (!parsed.ok) {
      const help = this.help(m);
      return adminReply(view('error', m.error(parsed.error.code, parsed.error.params ?? {}), help.blocks));
    }
    const reply = await this.dispatch(entry, actor, parsed.value, access);
    // Subscribing, resuming or a new vote emoji changes which reactions are votes (once written).
    this.deps.quiz.forgetVoteEmojis();
    return reply;
  }

  private async dispatch(
    { channel, m }: { readonly channel: Channel; readonly m: Catalog },
    actor: Actor,
    command: AdminCommand,
    access: (() => Promise<ChannelAccess>) | undefined,
  ): Promise<AdminReply> {
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
        return adminReply(this.help(m));
      case 'subscribe': {
        const schedule = parseScheduleArgs(command.args, channel.subscribed ? channel.schedule : undefined);
        if (!schedule.ok) return errorReply(m, schedule.error);
        const checked = await this.check(access);
        if (checked.problems.length > 0)
          return adminReply(view('error', '', accessBlocks(m, channel, checked)));
        const updated = await this.deps.store.updateChannel(channel.id, {
          subscribed: true,
          paused: false,
          schedule: schedule.value,
          subscribedBy: actor.userId,
        });
        await this.deps.store.closeIncidents(channel.id, now, 'all');
        return adminReply(
          view('success', '', [
            {
              kind: 'text',
              text: joinLines([
                m.subscribed(scheduleSummary(m, updated.schedule)),
                await this.nextPostLine(m, updated),
              ]),
            },
            ...accessBlocks(m, channel, checked),
            ...this.uncheckedBlocks(m, checked),
          ]),
        );
      }
      case 'unsubscribe':
        await this.deps.store.updateChannel(channel.id, { subscribed: false });
        return adminReply(messageView('success', m.unsubscribed));
      case 'pause':
        if (!channel.subscribed) return errorReply(m, { code: 'not_subscribed' });
        await this.deps.store.updateChannel(channel.id, { paused: true, pausedReason: 'admin' });
        return adminReply(messageView('success', m.paused));
      case 'resume': {
        if (!channel.subscribed) return errorReply(m, { code: 'not_subscribed' });
        const checked = await this.check(access);
        if (checked.problems.length > 0)
          return adminReply(view('error', '', accessBlocks(m, channel, checked)));
        await this.deps.store.updateChannel(channel.id, { paused: false });
        await this.deps.store.closeIncidents(channel.id, now, 'all');
        return adminReply(
          view('success', '', [
            {
              kind: 'text',
              text: joinLines([
                m.resumed,
                await this.nextPostLine(m, { ...channel, paused: false, pausedReason: null }),
              ]),
            },
            ...accessBlocks(m, channel, checked),
          ]),
        );
      }
      case 'status':
        return adminReply(await this.status(m, channel, access));
      case 'lang': {
        if (!isLocale(command.value))
          return errorReply(m, { code: 'invalid_locale', params: { value: command.value } });
        await this.deps.store.updateChannel(channel.id, { locale: command.value, localeSet: true });
        return adminReply(messageView('success', messages(command.value).languageSet));
      }
      case 'private': {
        await this.deps.store.updateChannel(channel.id, { privateAnswers: command.enabled });
        return adminReply(messageView('success', command.enabled ? m.privateAnswersOn : m.privateAnswersOff));
      }
      case 'category': {
        const updated = await this.deps.store.updateChannel(channel.id, { categoryFilter: command.values });
        return adminReply(await this.status(m, updated));
      }
      case 'post-now': {
        const checked = await this.check(access);
        if (checked.problems.length > 0)
          return adminReply(view('error', '', accessBlocks(m, channel, checked)));
        const posted = await this.deps.quiz.postNow(channel);
        if (posted.ok) return adminReply(messageView('success', m.postedNow));
        if (posted.error.code === 'post_refused') {
          const { problem, detail } = posted.error.params ?? {};
          const refused = {
            problem: problem as ChannelAccess['problems'][number]['problem'],
            detail: String(detail ?? ''),
          };
          return adminReply(
            view('error', '', accessBlocks(m, channel, { problems: [refused], warnings: [] })),
          );
        }
        return errorReply(m, posted.error);
      }
      case 'reveal-now': {
        const revealed = await this.deps.quiz.revealNow(channel);
        return revealed.ok
          ? adminReply(messageView('success', m.revealedNow))
          : errorReply(m, revealed.error);
      }
      case 'upload':
        return adminReply(messageView('info', m.uploadHowTo));
      case 'export':
        return command.format === 'data'
          ? this.exportData(channel)
          : this.exportBank(channel, command.format);
      case 'holidays':
        return runHolidays(this.deps, m, channel, command.setting);
      case 'off-day':
        return runOffDay(this.deps, m, channel, command.action, command.dates);
      case 'reminder':
        return runReminder(this.deps, m, channel, command.setting);
      case 'notify-role':
        return runNotifyRole(this.deps, m, channel, command.role);
      case 'vote-emoji': {
        // Discord's vote is always ⭐ (a custom emoji would need the server's own).
        if (channel.platform === 'discord') return adminReply(messageView('error', m.votes.discordStar));
        if (command.emoji === null)
          return adminReply(messageView('info', m.votes.emojiIs(emojiRef(channel.voteEmoji))));
        await this.deps.store.updateChannel(channel.id, { voteEmoji: command.emoji });
        return adminReply(messageView('success', m.votes.emojiSet(emojiRef(command.emoji))));
      }
      case 'digest':
        return runDigest(this.deps, m, channel, command.value);
      case 'channel-managers':
        return runChannelManagers(this.deps, m, channel, command.allowed);
    }
  }

  private help(m: Catalog): View {
    return view('info', m.helpTitle, [
      {
        kind: 'list',
        heading: '/sa-admin',
        items: [
          ...m.helpLines,
          ...m.breaks.helpLines,
          ...m.reminders.helpLines,
          ...m.digest.helpLines,
          m.notify.helpLine,
          m.votes.helpLine,
          m.managers.helpLine,
        ].map(adminHelpLine),
      },
      {
        kind: 'list',
        heading: '',
        items: [...m.userHelpLines, m.reminders.userHelpLine, m.privacy.userHelpLine, m.feedback.rule].map(
          withCommandRefs,
        ),
      },
    ]);
  }

  /** The next scheduled post, past any holidays and off days (src/core/admin-breaks.ts), in each reader's zone. */
  private async nextPostLine(m: Catalog, channel: Channel): Promise<RichText> {
    const at = await nextPostAt(this.deps, channel);
    return at ? m.nextPost(timeRef(at, formatInstant(at, channel.schedule.timezone))) : '';
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
    const lines: RichText[] = m.statusLines({
      subscribed: channel.subscribed,
      paused: channel.paused,
      schedule: scheduleSummary(m, channel.schedule),
      locale: channel.locale,
      questions: dailyCandidates(bank, channel.locale, channel.categoryFilter).length,
      filter: channel.categoryFilter.join(', '),
    });
    lines.push(...(await holidayLines(this.deps, m, channel)));
    lines.push(...reminderStatusLines(m, channel));
    lines.push(...digestStatusLines(m, channel));
    lines.push(...notifyRoleLine(m, channel));
    if (channel.subscribed && !channel.paused) lines.push(await this.nextPostLine(m, channel));
    const incident = await this.deps.store.openIncidentOf(channel.id);
    if (incident) lines.push(...incidentStatusLines(m, channel, incident));
    if (access) lines.push(...accessStatusLines(m, channel, await this.check(access)));
    return view('info', m.statusTitle, [{ kind: 'text', text: joinLines(lines.filter((l) => l !== '')) }]);
  }

  private async exportBank(channel: Channel, format: 'md' | 'json' | 'csv'): Promise<AdminReply> {
    const m = messages(channel.locale);
    const bank = toBankQuestions(await this.deps.quiz.bankFor(channel.workspaceId));
    const content =
      format === 'json'
        ? exportJson(bank, channel.locale)
        : format === 'csv'
          ? exportCsv(bank, channel.locale)
          : exportMarkdown(bank, channel.locale, 'sa-quiz question bank');
    const count = bank.filter((q) => q.texts[channel.locale]).length;
    return adminReply(messageView('success', m.exportReady(count)), {
      name: `sa-quiz-bank-${channel.locale}.${format}`,
      content,
    });
  }

  /**
   * `export data`: everything stored about the workspace (every channel's rounds and answers,
   * streaks, practice, the audit log) as one JSON file, to the admin only (Slack: a DM; Discord:
   * an ephemeral reply). The command itself is in the audit log like every admin command. The
   * same document as `sa-quiz export-workspace`, which still works once the app is uninstalled.
   */
  private async exportData(channel: Channel): Promise<AdminReply> {
    const m = messages(channel.locale);
    const data = await this.deps.store.exportWorkspace(
      channel.platform,
      channel.workspaceExternalId,
      this.deps.clock.now(),
    );
    if (!data) return adminReply(messageView('error', m.exportDataReady(0, 0)));
    const answers = data.rounds.reduce(
      (sum, r) => sum + (Array.isArray(r.answers) ? r.answers.length : 0),
      0,
    );
    return adminReply(messageView('success', m.exportDataReady(data.rounds.length, answers)), {
      name: `sa-quiz-workspace-${channel.platform}.json`,
      content: `${JSON.stringify(data, null, 2)}\n`,
    });
  }

  // ---------------------------------------------------------------- uploads: preview, then confirm

  previewUpload(
    address: ChannelAddress,
    actor: Actor,
    fileName: string,
    bytes: Uint8Array,
  ): Promise<AdminReply> {
    return this.uploads.previewUpload(address, actor, fileName, bytes);
  }

  confirmUpload(address: ChannelAddress, actor: Actor, uploadId: number): Promise<AdminReply> {
    return this.uploads.confirmUpload(address, actor, uploadId);
  }

  cancelUpload(address: ChannelAddress, actor: Actor, uploadId: number): Promise<AdminReply> {
    return this.uploads.cancelUpload(address, actor, uploadId);
  }
}
