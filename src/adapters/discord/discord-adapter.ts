import {
  ApplicationCommandOptionType,
  Client,
  DiscordjsErrorCodes,
  Events,
  GatewayCloseCodes,
  GatewayIntentBits,
  Partials,
  type PermissionsString,
  REST,
  RESTEvents,
} from 'discord.js';
import type { Admin } from '../../core/admin.js';
import { type Metrics, noMetrics } from '../../core/ports.js';
import { type Logger, type Quiz, silentLogger } from '../../core/quiz.js';
import { type DiscordShards, SINGLE_SHARD } from '../../discord-shards.js';
import { type PlatformAdapter, PlatformStartError, type PlatformState } from '../platform.js';
import { unsupportedKind } from './discord-access.js';
import { DiscordChat, type ThreadAfterReveal } from './discord-chat.js';
import { DEFAULT_MAX_UPLOAD_BYTES } from './discord-download.js';
import { setCommandIds } from './discord-embeds.js';
import { attachMessageEvents } from './discord-events.js';
import { ReplyHints } from './discord-hints.js';
import { attachInteractions } from './discord-interactions.js';
import { attachVotes } from './discord-votes.js';
import { WorkQueue } from './work-queue.js';

export interface DiscordAdapterOptions {
  readonly quiz: Quiz;
  readonly admin: Admin;
  /** `DISCORD_TOKEN`: the bot token. */
  readonly token: string;
  /** `DISCORD_API_URL`: the REST base URL (`https://discord.com/api` when undefined). */
  readonly apiUrl?: string | undefined;
  /** `DISCORD_SHARD_COUNT` / `DISCORD_SHARD_IDS`: the gateway shards this process runs. Default one, [0, 1]. */
  readonly shards?: DiscordShards;
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
  /** Called with every gateway client before it logs in (tests watch its dispatches). */
  readonly beforeLogin?: (client: Client) => void;
  /** How long `start()` waits for the gateway's READY before reporting it unreachable. Default 30 s. */
  readonly readyTimeoutMs?: number;
}

/** The Discord adapter, with its discord.js client and a way to wait for in-flight event handling. */
export interface DiscordAdapter extends PlatformAdapter {
  /** The current gateway client (a new one replaces it when the Message Content intent is refused). */
  readonly client: Client;
  /** Resolves when every event and interaction received so far has been handled. */
  idle(): Promise<void>;
}

/** The kind of a cached channel rounds cannot run in (`voice`, `forum`...), else null. */
function kindOf(client: Client, channelId: string): string | null {
  return unsupportedKind(client.channels.cache.get(channelId)?.type);
}

/** Which of `needed` the bot lacks in a cached guild channel, or null when discord.js cannot tell. */
function missingIn(client: Client, channelId: string, needed: readonly string[]): string[] | null {
  const channel = client.channels.cache.get(channelId);
  const me = client.user;
  if (!channel || !me || !('permissionsFor' in channel)) return null;
  const permissions = channel.permissionsFor(me);
  return permissions ? permissions.missing(needed as PermissionsString[]) : null;
}

// GuildMessageReactions: ⭐ votes for the best answer (not privileged).
const WITH_CONTENT = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.MessageContent,
];
const WITHOUT_CONTENT = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.GuildMessageReactions,
];

/**
 * discord.js's own sharding (over @discordjs/ws): `shards: 'auto'` connects as many shards as
 * GET /gateway/bot recommends; otherwise `shards` are this process's ids out of `shardCount`
 * (options checked 2026-12-03, see src/discord-shards.ts). The default is what discord.js did
 * without them: shard 0 of 1.
 */
function shardOptions(shards: DiscordShards): { shards: 'auto' } | { shards: number[]; shardCount: number } {
  return shards.count === 'auto' ? { shards: 'auto' } : { shards: [...shards.ids], shardCount: shards.count };
}

type Connected = 'ready' | { readonly code: number } | { readonly error: unknown } | 'timeout';

/** Logs in and waits for READY, an unrecoverable close code (4004, 4014, ...), an error or the timeout. */
function connect(client: Client, token: string, timeoutMs: number): Promise<Connected> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    const done = (outcome: Connected): void => {
      clearTimeout(timer);
      resolve(outcome);
    };
    client.once(Events.ClientReady, () => done('ready'));
    client.on(Events.ShardDisconnect, (event) => done({ code: event.code }));
    client.login(token).catch((error: unknown) => done({ error }));
  });
}

const INTENT_ADVICE =
  'Discord refused the Message Content intent (gateway close code 4014). Enable it at ' +
  'https://discord.com/developers/applications → your application → Bot → Privileged Gateway Intents → ' +
  "Message Content Intent, then restart sa-quiz. Until then it runs without it: a reply in a question's " +
  'thread counts as taking part but its text is not read; answers can still be written with the ' +
  '"answer privately" button (/sa-admin private on).';

/**
 * The Discord adapter: gateway events (Guilds, GuildMessages, MessageContent) bring thread
 * replies and interactions, the REST client posts questions and reveals. The Chat has a REST
 * client of its own, so it works as soon as this returns, whatever the gateway does. When the
 * developer portal does not allow the Message Content intent, the gateway connects without it.
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? noMetrics;
  const queue = new WorkQueue((error) =>
    logger.error({ err: error instanceof Error ? error.message : String(error) }, 'discord event failed'),
  );
  const countRateLimits = (rest: REST): void => {
    rest.on(RESTEvents.RateLimited, () =>
      metrics.count('platform_rate_limited_total', { platform: 'discord' }),
    );
  };

  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  countRateLimits(rest);
  const chat = new DiscordChat({
    rest,
    threadAfterReveal: options.threadAfterReveal ?? 'archive',
    logger,
    missingPermissions: (channelId, needed) => missingIn(client, channelId, needed),
    channelKind: (channelId) => kindOf(client, channelId),
  });
  const hints = new ReplyHints({ quiz: options.quiz, chat, logger });

  const build = (intents: readonly GatewayIntentBits[]): Client => {
    const built = new Client({
      intents: [...intents],
      // Edits and deletions of messages sent before a restart are not in the cache; threads not in
      // the cache (a restart, an interaction's channel) arrive as partial channels and are fetched.
      // Reactions (votes) on those messages arrive as partial reactions, by partial users.
      partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
      ...shardOptions(options.shards ?? SINGLE_SHARD),
      ...(options.apiUrl ? { rest: { api: options.apiUrl } } : {}),
    });
    built.rest.setToken(options.token);
    countRateLimits(built.rest);
    attachMessageEvents({
      client: built,
      quiz: options.quiz,
      queue,
      reactions: options.reactions ?? true,
      hints,
      logger,
    });
    attachVotes(built, options.quiz, queue);
    attachInteractions({
      client: built,
      quiz: options.quiz,
      admin: options.admin,
      queue,
      logger,
      maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
      deferAfterMs: options.deferAfterMs ?? 2000,
    });
    // The command ids make help's commands clickable mentions; without them they stay text.
    built.once(Events.ClientReady, (ready) => {
      void ready.application.commands
        .fetch()
        .then((commands) =>
          setCommandIds(
            new Map(
              [...commands.values()].flatMap((c): (readonly [string, string])[] => [
                [c.name, c.id] as const,
                // A subcommand is mentioned with its command's id: `</sa-admin subscribe:id>`.
                ...c.options
                  .filter((o) => o.type === ApplicationCommandOptionType.Subcommand)
                  .map((o) => [`${c.name} ${o.name}`, c.id] as const),
              ]),
            ),
          ),
        )
        .catch((error: unknown) =>
          logger.warn(
            { err: error instanceof Error ? error.message : String(error) },
            'could not read the command ids; commands are shown as text',
          ),
        );
    });
    built.on(Events.Error, (error) => logger.error({ err: error.message }, 'discord client error'));
    // Per shard: with several, one may be down while the others serve their guilds.
    built.on(Events.ShardReady, (shardId) =>
      logger.info({ shardId, shardCount: built.options.shardCount }, 'discord shard ready'),
    );
    built.on(Events.ShardDisconnect, (event, shardId) =>
      logger.warn(
        { code: event.code, shardId, shardCount: built.options.shardCount },
        'discord gateway disconnected',
      ),
    );
    options.beforeLogin?.(built);
    return built;
  };

  let client = build(WITH_CONTENT);
  let state: PlatformState = 'starting';
  const timeoutMs = options.readyTimeoutMs ?? 30_000;

  let destroyed = false;
  const fail = async (next: PlatformState, permanent: boolean, message: string): Promise<never> => {
    state = next;
    await client.destroy();
    destroyed = true;
    throw new PlatformStartError(next, permanent, message);
  };

  return {
    chat,
    get client() {
      return client;
    },
    state: () => state,
    idle: () => queue.idle(),
    async start() {
      state = 'starting';
      // A client that failed to connect is spent: a retry starts from a new one.
      if (destroyed) client = build(WITH_CONTENT);
      destroyed = false;
      let outcome = await connect(client, options.token, timeoutMs);
      if (
        typeof outcome === 'object' &&
        'code' in outcome &&
        outcome.code === GatewayCloseCodes.DisallowedIntents
      ) {
        logger.error({ code: outcome.code }, INTENT_ADVICE);
        await client.destroy();
        client = build(WITHOUT_CONTENT);
        outcome = await connect(client, options.token, timeoutMs);
        if (outcome === 'ready') {
          state = 'no_message_content';
          logger.info(
            { user: client.user?.tag, guilds: client.guilds.cache.size },
            'discord connected without message content',
          );
          return;
        }
      }
      if (outcome === 'ready') {
        state = 'ok';
        logger.info(
          {
            user: client.user?.tag,
            guilds: client.guilds.cache.size,
            shards: client.options.shards,
            shardCount: client.options.shardCount,
          },
          'discord connected',
        );
        return;
      }
      if (outcome === 'timeout')
        return fail('unreachable', false, 'the Discord gateway sent no READY in time');
      if ('code' in outcome) {
        if (outcome.code === GatewayCloseCodes.AuthenticationFailed)
          return fail(
            'invalid_token',
            true,
            'Discord rejected DISCORD_TOKEN (close code 4004): reset the bot token in the developer portal',
          );
        if (outcome.code === GatewayCloseCodes.DisallowedIntents)
          return fail('disallowed_intents', true, INTENT_ADVICE);
        return fail(
          'unreachable',
          true,
          `the Discord gateway closed the connection with code ${outcome.code}`,
        );
      }
      const error = outcome.error;
      if (error instanceof Error && 'code' in error && error.code === DiscordjsErrorCodes.TokenInvalid)
        return fail(
          'invalid_token',
          true,
          'Discord rejected DISCORD_TOKEN (401): reset the bot token in the developer portal',
        );
      return fail(
        'unreachable',
        false,
        `could not reach Discord: ${error instanceof Error ? error.message : String(error)}`,
      );
    },
    async stop() {
      state = 'stopped';
      await queue.idle();
      await client.destroy();
    },
  };
}
