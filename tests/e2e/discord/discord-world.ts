import type { DiscordAdapterOptions } from '../../../src/adapters/discord/discord-adapter.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index.js';
import { Admin } from '../../../src/core/admin.js';
import type { DigestChartRenderer } from '../../../src/core/digest.js';
import type { Chat, Store } from '../../../src/core/ports.js';
import { Quiz, type TickReport } from '../../../src/core/quiz.js';
import type { Channel, Platform } from '../../../src/core/types.js';
import {
  FakeDiscord,
  type FakeGuild,
  type FakeUser,
  PERMISSIONS,
  type RecordedCall,
} from '../../fakes/discord-server.js';
import { FixedClock } from '../../helpers/clock.js';

/**
 * One Discord world for a test: the fake Discord, the real discord.js adapter on it, the core on
 * the test's real database, a FixedClock, and a logger that keeps every line. Helpers count what
 * the bot did on the fake, by route.
 */

import { recordingLogger } from '../../helpers/logger.js';

export { type LogLine, recordingLogger } from '../../helpers/logger.js';

export interface WorldOptions {
  readonly guilds: readonly FakeGuild[];
  readonly start: string;
  /** The store the core uses (a slow one, say); the test database's by default. */
  readonly store?: Store;
  /** Set on the fake before the adapter connects. */
  readonly prepare?: (fake: FakeDiscord) => void;
  readonly adapter?: Partial<DiscordAdapterOptions>;
  /** False: the adapter is built, not started (the test starts it). */
  readonly connect?: boolean;
  /** Draws weekly digest charts (src/digest/chart.ts); without one digests are text only. */
  readonly digestChart?: DigestChartRenderer;
}

export class DiscordWorld {
  readonly chats = new Map<Platform, Chat>();
  readonly quiz: Quiz;
  readonly admin: Admin;
  readonly adapter: DiscordAdapter;

  private constructor(
    readonly fake: FakeDiscord,
    readonly store: Store,
    readonly clock: FixedClock,
    readonly log: ReturnType<typeof recordingLogger>,
    adapterOptions: Partial<DiscordAdapterOptions>,
    digestChart?: DigestChartRenderer,
  ) {
    this.quiz = new Quiz({
      store,
      clock,
      chats: this.chats,
      random: () => 0,
      logger: this.log,
      ...(digestChart ? { digestChart } : {}),
    });
    this.admin = new Admin({ quiz: this.quiz, store, clock, configuredAdmins: [] });
    // A slow CI machine must not turn replies into deferrals.
    this.adapter = createDiscordAdapter({
      quiz: this.quiz,
      admin: this.admin,
      token: 'fake-token',
      apiUrl: fake.apiUrl,
      deferAfterMs: 60_000,
      logger: this.log,
      beforeLogin: (client) => fake.watch(client),
      ...adapterOptions,
    });
    this.chats.set('discord', this.adapter.chat);
  }

  static async start(store: Store, options: WorldOptions): Promise<DiscordWorld> {
    const fake = await FakeDiscord.start(options.guilds);
    options.prepare?.(fake);
    const world = new DiscordWorld(
      fake,
      options.store ?? store,
      new FixedClock(options.start),
      recordingLogger(),
      options.adapter ?? {},
      options.digestChart,
    );
    if (options.connect !== false) await world.adapter.start();
    return world;
  }

  async stop(): Promise<void> {
    await this.adapter.stop();
    await this.fake.close();
  }

  /** Waits until the client has read every dispatch so far and handled it. */
  async settle(): Promise<void> {
    await this.fake.sync();
    await this.fake.caughtUp(this.adapter.client);
    await this.adapter.idle();
  }

  /** Runs `/sa-admin <name>` as `user` (Manage Server unless `permissions` says otherwise) and returns the interaction. */
  async adminCommand(
    user: FakeUser,
    channelId: string,
    name: string,
    options: readonly Record<string, unknown>[] = [],
    permissions: string = PERMISSIONS.manageGuild,
  ): Promise<{ id: string; token: string }> {
    const interaction = this.fake.slashCommand({
      user,
      channelId,
      name: 'sa-admin',
      permissions,
      options: [{ type: 1, name, options }],
    });
    await this.settle();
    // Every /sa-admin gets an answer: when none came, say what the bot did instead.
    if (this.answerText(interaction) === '')
      throw new Error(`no answer to /sa-admin ${name}: ${this.diagnosis()}`);
    return interaction;
  }

  /** The warnings and errors logged, the last calls and the gateway's sessions, for a failure message. */
  diagnosis(): string {
    const lines = this.log.lines
      .filter((l) => l.level !== 'info')
      .map((l) => `${l.level} ${l.message} ${JSON.stringify(l.fields)}`);
    const calls = this.fake.calls.slice(-5).map((c) => `${c.method} ${c.path} ${c.status}`);
    const resumes = this.fake.resumes.map((r) => r.seq);
    return `log [${lines.join(' | ')}]; last calls [${calls.join(', ')}]; resumed after ${JSON.stringify(resumes)}`;
  }

  /** The text of every answer to an interaction (callback, then webhook edits and follow-ups). */
  answerText(interaction: { id: string; token: string }): string {
    return this.fake.calls
      .filter(
        (c) =>
          c.path.startsWith(`/interactions/${interaction.id}/`) ||
          c.path.startsWith(`/webhooks/${this.fake.applicationId}/${interaction.token}`),
      )
      .map(embedText)
      .join('\n');
  }

  async channel(guildId: string, channelId: string): Promise<Channel> {
    const channel = await this.store.findChannel('discord', guildId, channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    return channel;
  }

  /**
   * The scheduler's heartbeat from now until `until`, one tick every `stepMs` (a minute by
   * default), the clock moving with it; the reports added up.
   */
  async tickUntil(until: string | Date, stepMs = 60_000): Promise<TickReport> {
    const end = new Date(until).getTime();
    const total = { posted: 0, revealed: 0, skipped: 0, failed: 0 };
    while (this.clock.now().getTime() <= end) {
      const report = await this.quiz.tick(this.clock.now());
      total.posted += report.posted;
      total.revealed += report.revealed;
      total.skipped += report.skipped;
      total.failed += report.failed;
      this.clock.advance(stepMs);
    }
    return total;
  }

  // ---------------------------------------------------------------- what the bot did

  /** Message POSTs to a channel or thread (answered or refused). */
  posts(channelId: string): RecordedCall[] {
    return this.fake.callsTo('POST', new RegExp(`^/channels/${channelId}/messages$`));
  }

  deletes(channelId: string): RecordedCall[] {
    return this.fake.callsTo('DELETE', new RegExp(`^/channels/${channelId}/messages/\\d+$`));
  }

  threadStarts(channelId: string): RecordedCall[] {
    return this.fake.callsTo('POST', new RegExp(`^/channels/${channelId}/messages/\\d+/threads$`));
  }

  /** Message POSTs into the DM channel of `userId` (answered or refused). */
  dms(userId: string): RecordedCall[] {
    return this.fake.calls.filter((c) => {
      const m = /^\/channels\/(\d+)\/messages$/.exec(c.path);
      const channel = m ? this.fake.channel(m[1] ?? '') : undefined;
      const recipients = channel?.recipients as { id: string }[] | undefined;
      return c.method === 'POST' && channel?.type === 1 && recipients?.[0]?.id === userId;
    });
  }

  /** Every message the bot sent carried allowed_mentions with nothing to parse. */
  unpingable(): boolean {
    return this.fake.messageCalls().every((call) => {
      const body = call.body ?? {};
      const data = (body.data as Record<string, unknown> | undefined) ?? body;
      return JSON.stringify(data.allowed_mentions) === JSON.stringify({ parse: [] });
    });
  }
}

export function embedText(call: RecordedCall): string {
  const body = call.body ?? {};
  const data = (body.data as Record<string, unknown> | undefined) ?? body;
  const embeds = (data.embeds as { title?: string; description?: string; footer?: { text: string } }[]) ?? [];
  return embeds.map((e) => [e.title, e.description, e.footer?.text].filter(Boolean).join('\n')).join('\n');
}
