import { Client, Events, GatewayIntentBits, Partials, RESTEvents } from 'discord.js';
import type { Admin } from '../../core/admin.js';
import { type Metrics, noMetrics } from '../../core/ports.js';
import { type Logger, type Quiz, silentLogger } from '../../core/quiz.js';
import type { PlatformAdapter } from '../platform.js';
import { DiscordChat, type ThreadAfterReveal } from './discord-chat.js';
import { DEFAULT_MAX_UPLOAD_BYTES } from './discord-download.js';
import { attachMessageEvents } from './discord-events.js';
import { attachInteractions } from './discord-interactions.js';
import { WorkQueue } from './work-queue.js';

export interface DiscordAdapterOptions {
  readonly quiz: Quiz;
  readonly admin: Admin;
  /** `DISCORD_TOKEN`: the bot token. */
  readonly token: string;
  /** `DISCORD_API_URL`: the REST base URL (`https://discord.com/api` when undefined). */
  readonly apiUrl?: string | undefined;
  readonly logger?: Logger;
  /** Where 429s seen by discord.js's REST queue are counted. */
  readonly metrics?: Metrics;
  /** After the reveal: leave the thread open (late replies are kept), archive it, or lock it. Default archive. */
  readonly threadAfterReveal?: ThreadAfterReveal;
  /** React ✅ to counted replies and ⏰ to late ones. Default true. */
  readonly reactions?: boolean;
  /** Largest bank file `/sa-admin upload` accepts. Default 1 MB. */
  readonly maxUploadBytes?: number;
  /** Interaction work still running after this long is deferred first (Discord allows 3 s). Default 2000. */
  readonly deferAfterMs?: number;
}

/** The Discord adapter, with its discord.js client and a way to wait for in-flight event handling. */
export interface DiscordAdapter extends PlatformAdapter {
  readonly client: Client;
  /** Resolves when every event and interaction received so far has been handled. */
  idle(): Promise<void>;
}

/**
 * Discord through discord.js: the gateway (Guilds, GuildMessages, MessageContent) brings thread
 * replies and interactions, the REST client posts questions and reveals. The Chat works as soon
 * as this returns (it only needs REST), so the core may post before `start()` has connected.
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const logger = options.logger ?? silentLogger;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    // Edits and deletions of messages sent before a restart are not in the cache; threads not in
    // the cache (a restart, an interaction's channel) arrive as partial channels and are fetched.
    partials: [Partials.Message, Partials.Channel],
    ...(options.apiUrl ? { rest: { api: options.apiUrl } } : {}),
  });
  client.rest.setToken(options.token);
  client.rest.on(RESTEvents.RateLimited, () =>
    (options.metrics ?? noMetrics).count('platform_rate_limited_total', { platform: 'discord' }),
  );
  const queue = new WorkQueue((error) =>
    logger.error({ err: error instanceof Error ? error.message : String(error) }, 'discord event failed'),
  );
  const chat = new DiscordChat({
    rest: client.rest,
    threadAfterReveal: options.threadAfterReveal ?? 'archive',
    logger,
  });
  attachMessageEvents({ client, quiz: options.quiz, queue, reactions: options.reactions ?? true });
  attachInteractions({
    client,
    quiz: options.quiz,
    admin: options.admin,
    queue,
    logger,
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    deferAfterMs: options.deferAfterMs ?? 2000,
  });
  client.on(Events.Error, (error) => logger.error({ err: error.message }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ code: event.code, shardId }, 'discord gateway disconnected'),
  );

  return {
    chat,
    client,
    idle: () => queue.idle(),
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(options.token);
      await ready;
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord connected');
    },
    async stop() {
      await queue.idle();
      await client.destroy();
    },
  };
}
