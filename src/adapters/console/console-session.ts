import { basename } from 'node:path';
import type { Admin } from '../../core/admin.js';
import { MAX_BANK_BYTES } from '../../core/bank/parse.js';
import { parseAdminCommand, splitArgs } from '../../core/commands.js';
import { messages } from '../../core/i18n/catalog.js';
import { isGrade } from '../../core/practice.js';
import type { Quiz, ReplyOutcome } from '../../core/quiz.js';
import { formatInstant, replyOutcomeView } from '../../core/render.js';
import { localDateOf, normalizeTime, zonedInstant } from '../../core/time.js';
import type { Actor, ChannelAddress } from '../../core/types.js';
import { type View, type ViewAction, viewToPlainText } from '../../core/views.js';
import { readFileAtMost } from '../../io/read-bank-file.js';
import { sessionTag } from './console-chat.js';
import { renderText } from './render-text.js';

/** The clock of a console session: real time plus however far the player has skipped ahead. */
export interface AdjustableClock {
  now(): Date;
  /** Moves the clock to `at` (never backwards: rounds already happened). */
  moveTo(at: Date): void;
}

export class OffsetClock implements AdjustableClock {
  private offsetMs = 0;

  constructor(private readonly source: () => Date) {}

  now(): Date {
    return new Date(this.source().getTime() + this.offsetMs);
  }

  moveTo(at: Date): void {
    this.offsetMs += Math.max(0, at.getTime() - this.now().getTime());
  }
}

export interface ConsoleSessionDeps {
  readonly quiz: Quiz;
  readonly admin: Admin;
  readonly clock: AdjustableClock;
  readonly write: (text: string) => void;
  readonly address?: ChannelAddress;
  /** Stored reply ids are `${tag}/r1`; shown and typed as `r1` (see ConsoleChat). */
  readonly tag?: string;
}

const CONSOLE_ADDRESS: ChannelAddress = {
  platform: 'console',
  workspaceId: 'local',
  workspaceName: 'local',
  channelId: 'general',
  channelName: 'general',
};

const NAME_PREFIX = /^([\p{L}\p{N}_.-]{1,32}):\s+(.+)$/u;
const DURATION = /^\+(\d{1,6})([mhd])$/;
/** How far one `/clock` may skip: every quarter hour in between is played, so a year would hang. */
const MAX_SKIP_DAYS = 31;

const HELP = [
  'Type an answer to reply in the open question\'s thread as the current user, or "name: answer" as someone else.',
  '/as NAME                 act as NAME (default: me)',
  '/edit ID TEXT            edit reply ID (shown after each reply)      /delete ID   delete it',
  '/vote ID                 ⭐ reply ID as the current user (best answer at the reveal); /unvote ID',
  "/bot TEXT                a bot's reply (ignored by the quiz)",
  '/clock [+30m|+2h|+1d|HH:MM|YYYY-MM-DD HH:MM]   show or move the clock; due questions and reveals run',
  '/sa-quiz [pillar, domain, level, topic or keyword]   a private practice card',
  '/answer TEXT             answer the practice card in your own words: feedback, then the reference',
  "/sa-quiz history [N]     this channel's last N revealed questions; /press shows one answer again",
  '/sa-quiz remind off|on   your private reminders before the deadline off or on (/sa-admin reminder 2|off)',
  '/sa-quiz forget-me       delete your own answers, streaks and practice here (asks first: /press 1 deletes)',
  '/feedback [ROUND]        your private feedback on the last revealed round (or round #ROUND)',
  '/sa-leaderboard [week|month|all]',
  "/home                    your home (as Slack's App Home tab): standing, next question, practice, channels",
  '/sa-admin help|subscribe|unsubscribe|pause|resume|status|post-now|reveal-now|lang|category|export',
  '/upload FILE             preview a bank file, then /press to import or cancel',
  '/press N                 press button N of the last private message',
  '/quit',
];

/**
 * The console channel: one line in, rendered text out. It drives the same core as Slack and
 * Discord; after every line the scheduler's tick runs at the session clock's time.
 */
export class ConsoleSession {
  private user = 'me';
  private replyCount = 0;
  private lastActions: readonly ViewAction[] = [];
  /** Shown reply id (`r2`) → the thread it is in and its stored id. */
  private readonly replyThreads = new Map<string, { thread: string; messageRef: string }>();
  private readonly address: ChannelAddress;
  private readonly tag: string;

  constructor(private readonly deps: ConsoleSessionDeps) {
    this.address = deps.address ?? CONSOLE_ADDRESS;
    this.tag = deps.tag ?? sessionTag();
  }

  private get actor(): Actor {
    return { userId: this.user, name: this.user, isPlatformAdmin: true };
  }

  private show(v: View): void {
    this.lastActions = v.actions;
    this.deps.write(renderText(v));
  }

  private say(text: string): void {
    this.deps.write(text);
  }

  /** Handles one line of input; returns false when the session should end. */
  async handle(line: string): Promise<boolean> {
    const input = line.trim();
    if (input === '') return true;
    if (input === '/quit' || input === '/exit') return false;
    if (input.startsWith('/')) await this.command(input);
    else {
      const named = NAME_PREFIX.exec(input);
      await this.reply(named?.[1] ?? this.user, named?.[2] ?? input, false);
    }
    await this.deps.quiz.tick(this.deps.clock.now());
    return true;
  }

  private async command(input: string): Promise<void> {
    const [name = '', ...rest] = splitArgs(input);
    const argText = input.slice(name.length).trim();
    switch (name.toLowerCase()) {
      case '/help':
        this.say(HELP.join('\n'));
        return;
      case '/as':
        this.user = rest[0] ?? 'me';
        this.say(`(you are now ${this.user})`);
        return;
      case '/bot':
        await this.reply('quiz-helper-bot', argText, true);
        return;
      case '/edit':
        await this.edit(rest[0] ?? '', argText.slice((rest[0] ?? '').length).trim());
        return;
      case '/delete':
        await this.remove(rest[0] ?? '');
        return;
      case '/vote':
      case '/unvote':
        await this.vote(rest[0] ?? '', name.toLowerCase() === '/vote');
        return;
      case '/clock':
        await this.clockCommand(argText);
        return;
      case '/sa-quiz':
        this.show(await this.deps.quiz.practice(this.address, this.user, argText));
        return;
      case '/sa-leaderboard':
        this.show(await this.deps.quiz.leaderboard(this.address, this.user, argText));
        return;
      case '/home':
        this.show(await this.deps.admin.home('console', this.address.workspaceId, this.actor));
        return;
      case '/sa-admin': {
        const result = await this.deps.admin.run(this.address, this.actor, parseAdminCommand(argText));
        this.show(result.view);
        if (result.file)
          this.say(
            `--- ${result.file.name} (${result.file.content.length} chars) ---\n${result.file.content.slice(0, 600)}…`,
          );
        return;
      }
      case '/upload':
        await this.upload(argText);
        return;
      case '/answer':
        await this.practiceAnswer(argText);
        return;
      case '/feedback':
        await this.feedback(rest[0]);
        return;
      case '/press':
        await this.press(Number(rest[0]));
        return;
      default:
        this.say(`Unknown command "${name}". Type /help for the list.`);
    }
  }

  /** The console has one channel, so a reply goes to the thread of its newest question. */
  private async currentThread(): Promise<string | null> {
    const channel = await this.deps.quiz.channelAt(this.address);
    return (await this.deps.quiz.latestPostedRound(channel))?.messageRef ?? null;
  }

  private async reply(user: string, text: string, isBot: boolean): Promise<void> {
    const thread = await this.currentThread();
    if (!thread) {
      this.say('(no question has been posted yet — try /sa-admin post-now)');
      return;
    }
    const shown = `r${++this.replyCount}`;
    const messageRef = this.tag === '' ? shown : `${this.tag}/${shown}`;
    this.replyThreads.set(shown, { thread, messageRef });
    const outcome = await this.deps.quiz.recordReply(this.address, {
      threadRef: thread,
      messageRef,
      userId: user,
      userName: user,
      isBot,
      text,
    });
    this.say(`  ↳ ${user} (${shown}): ${text}\n    ${await this.describe(outcome)}`);
  }

  private async describe(outcome: ReplyOutcome): Promise<string> {
    if (outcome.kind === 'ignored' && outcome.reason !== 'closed') {
      return outcome.reason === 'bot' ? '(bot message: ignored)' : `(ignored: ${outcome.reason})`;
    }
    const m = messages((await this.deps.quiz.channelAt(this.address)).locale);
    const note = replyOutcomeView(m, outcome);
    const late = outcome.kind === 'recorded' && outcome.status === 'late';
    const mark = late ? '⏰' : note.tone === 'success' ? '✔' : 'ℹ';
    return `${mark} ${viewToPlainText(note).trim()}`;
  }

  private async edit(shown: string, text: string): Promise<void> {
    const known = this.replyThreads.get(shown);
    if (!known || text === '') {
      this.say('Usage: /edit ID TEXT (ID as shown after a reply, e.g. r2)');
      return;
    }
    this.say(
      `  ↳ (${shown} edited): ${text}\n    ${await this.describe(await this.deps.quiz.editReply(this.address, known.thread, known.messageRef, text))}`,
    );
  }

  private async remove(shown: string): Promise<void> {
    const known = this.replyThreads.get(shown);
    if (!known) {
      this.say('Usage: /delete ID (ID as shown after a reply, e.g. r2)');
      return;
    }
    this.say(
      `  ↳ (${shown} deleted)\n    ${await this.describe(await this.deps.quiz.deleteReply(this.address, known.thread, known.messageRef))}`,
    );
  }

  /** ⭐ on reply ID as the current user (or takes it back): a vote for the best answer. */
  private async vote(shown: string, add: boolean): Promise<void> {
    const known = this.replyThreads.get(shown);
    if (!known) {
      this.say('Usage: /vote ID (ID as shown after a reply, e.g. r2); /unvote ID takes it back');
      return;
    }
    const outcome = await this.deps.quiz.vote(this.address, {
      messageRef: known.messageRef,
      voterId: this.user,
      emoji: 'star',
      add,
      voterIsBot: async () => false,
    });
    const said = {
      added: '⭐ counted',
      removed: '⭐ taken back',
      ignored: '⭐ not counted (your own answer, not an answer that counts, or the round is closed)',
    };
    this.say(`  ↳ (${this.user} on ${shown}) ${said[outcome]}`);
  }

  private async clockCommand(arg: string): Promise<void> {
    const channel = await this.deps.quiz.channelAt(this.address);
    const tz = channel.schedule.timezone;
    const now = this.deps.clock.now();
    if (arg !== '') {
      const target = this.parseClock(arg, now, tz);
      if (!target || Number.isNaN(target.getTime())) {
        this.say(`Not a time: "${arg}" (use +30m, +2h, +1d, HH:MM or YYYY-MM-DD HH:MM)`);
        return;
      }
      if (target.getTime() - now.getTime() > MAX_SKIP_DAYS * 86_400_000) {
        this.say(
          `Too far: /clock skips at most ${MAX_SKIP_DAYS} days at a time (the clock stays at ${formatInstant(now, tz)})`,
        );
        return;
      }
      if (target.getTime() < now.getTime()) {
        this.say(`That is in the past: the clock only moves forward (it stays at ${formatInstant(now, tz)})`);
        return;
      }
      // Step through the skipped time so every post and reveal in between happens in order.
      for (let t = now.getTime() + 15 * 60_000; t < target.getTime(); t += 15 * 60_000) {
        this.deps.clock.moveTo(new Date(t));
        await this.deps.quiz.tick(this.deps.clock.now());
      }
      this.deps.clock.moveTo(target);
    }
    this.say(`(clock: ${formatInstant(this.deps.clock.now(), tz)})`);
  }

  private parseClock(arg: string, now: Date, tz: string): Date | null {
    const duration = DURATION.exec(arg);
    if (duration) {
      const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2] as 'm' | 'h' | 'd'];
      return new Date(now.getTime() + Number(duration[1]) * unit);
    }
    const full = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})$/.exec(arg);
    if (full) {
      const time = normalizeTime(full[2] ?? '');
      return time ? zonedInstant(full[1] ?? '', time, tz) : null;
    }
    const time = normalizeTime(arg);
    if (!time) return null;
    const today = zonedInstant(localDateOf(now, tz), time, tz);
    return today.getTime() > now.getTime() ? today : new Date(today.getTime() + 86_400_000);
  }

  private async upload(path: string): Promise<void> {
    if (path === '') {
      this.say('Usage: /upload FILE');
      return;
    }
    const read = await readFileAtMost(path, MAX_BANK_BYTES);
    if ('unreadable' in read) {
      this.say(`Cannot read ${path}: ${read.unreadable}`);
      return;
    }
    if ('tooLarge' in read) {
      this.say(`Too large: ${path} is ${read.tooLarge}`);
      return;
    }
    this.show(
      (await this.deps.admin.previewUpload(this.address, this.actor, basename(path), read.bytes)).view,
    );
  }

  /** `/answer TEXT`: grades a typed answer to the practice card on screen. */
  private async practiceAnswer(text: string): Promise<void> {
    const card = this.lastActions.find((a) => a.id === 'practice.write' || a.id === 'practice.show');
    if (!card) {
      this.say('No practice card on screen: start one with /sa-quiz, then /answer TEXT.');
      return;
    }
    if (text === '') {
      this.say('Type your answer after /answer, e.g. /answer 보안 그룹은 상태 저장 방식이라...');
      return;
    }
    this.show(await this.deps.quiz.practiceSubmit(this.address, card.value, text));
  }

  /** `/feedback [ROUND]`: the reveal's "my feedback" button, for the current user. */
  private async feedback(roundRef: string | undefined): Promise<void> {
    const channel = await this.deps.quiz.channelAt(this.address);
    const round =
      roundRef?.replace(/^#/, '') ?? String((await this.deps.quiz.latestPostedRound(channel))?.id ?? '');
    this.show(await this.deps.quiz.feedbackNote(this.address, this.user, round));
  }

  private async press(index: number): Promise<void> {
    const action = this.lastActions[index - 1];
    if (!action) {
      this.say('No such button. Buttons are numbered in the last private message, e.g. /press 1');
      return;
    }
    const grade = action.id.replace('practice.', '');
    if (action.id === 'practice.show')
      this.show(await this.deps.quiz.practiceAnswer(this.address, action.value));
    else if (action.id === 'practice.write') this.say('Type your answer: /answer TEXT');
    else if (action.id === 'feedback.show')
      this.show(await this.deps.quiz.feedbackNote(this.address, this.user, action.value));
    // The home's "Practice now": the next card, as /sa-quiz gives it.
    else if (action.id === 'practice.next' || action.id === 'home.practice')
      this.show(await this.deps.quiz.practice(this.address, this.user, ''));
    // Beside the list, whose buttons stay pressable.
    else if (action.id === 'history.show')
      this.deps.write(renderText(await this.deps.quiz.pastAnswer(this.address, action.value)));
    else if (isGrade(grade))
      this.show(await this.deps.quiz.practiceGrade(this.address, this.user, action.value, grade));
    else if (action.id === 'forget.confirm')
      this.show(await this.deps.quiz.forgetMeConfirm(this.address, this.user, action.value));
    else if (action.id === 'forget.cancel')
      this.show(await this.deps.quiz.forgetMeCancel(this.address, this.user, action.value));
    else if (action.id === 'upload.confirm')
      this.show((await this.deps.admin.confirmUpload(this.address, this.actor, Number(action.value))).view);
    else if (action.id === 'upload.cancel')
      this.show((await this.deps.admin.cancelUpload(this.address, this.actor, Number(action.value))).view);
    else this.say('This button is not available in the console.');
  }
}
