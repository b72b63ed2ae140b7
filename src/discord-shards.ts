/**
 * Which Discord gateway shards this process connects, from `DISCORD_SHARD_COUNT` and
 * `DISCORD_SHARD_IDS`. Discord routes a guild's events to shard `(guild_id >> 22) % count`
 * (DMs to shard 0), so replicas that split the shards between them must agree on the count and
 * together run every id from 0 to count - 1, each exactly once.
 *
 * Checked 2026-12-03: discord.js 14.28 `ClientOptions.shards` ("the shard's id to run, or an array
 * of shard ids ... If set to `auto`, it will fetch the recommended amount of shards from Discord")
 * and `shardCount` ("the total amount of shards used by all processes of this bot"), in
 * node_modules/discord.js/src/util/Options.js and https://discord.js.org/docs/packages/discord.js/stable/ClientOptions:Interface;
 * the sharding formula and "DMs only on shard 0" in Discord's gateway docs
 * (https://github.com/discord/discord-api-docs, Gateway → Sharding; issue #17, PR #6853).
 */

/** Every shard Discord recommends (GET /gateway/bot), all in this process; or `ids` out of `count`. */
export type DiscordShards =
  | { readonly count: 'auto' }
  | { readonly count: number; readonly ids: readonly number[] };

/** Today's default: one connection, `shard: [0, 1]`. */
export const SINGLE_SHARD: DiscordShards = { count: 1, ids: [0] };

/** What `parseDiscordShards` gives: the shards, or what is wrong in words an operator can act on. */
export type ShardsResult =
  | { readonly ok: true; readonly shards: DiscordShards }
  | { readonly ok: false; readonly problem: string };

class ShardConfigError extends Error {}

const WHOLE = /^\d+$/;

function whole(text: string, what: string): number {
  const value = Number(text);
  if (!WHOLE.test(text) || !Number.isSafeInteger(value))
    throw new ShardConfigError(`${what} must be a whole number, got "${text}"`);
  return value;
}

/** `0,2`, `0-3` or both (`0-1,4`): the shard ids, in the order given, each < count and listed once. */
function shardIds(text: string, count: number): number[] {
  const ids: number[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') throw new ShardConfigError(`DISCORD_SHARD_IDS has an empty entry in "${text}"`);
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    const from = whole(range ? (range[1] ?? '') : part, 'a shard id in DISCORD_SHARD_IDS');
    const to = range ? whole(range[2] ?? '', 'a shard id in DISCORD_SHARD_IDS') : from;
    if (to < from) throw new ShardConfigError(`DISCORD_SHARD_IDS range "${part}" ends before it starts`);
    if (to >= count)
      throw new ShardConfigError(
        `DISCORD_SHARD_IDS lists shard ${to}, but DISCORD_SHARD_COUNT=${count} allows only 0 to ${count - 1}`,
      );
    for (let id = from; id <= to; id += 1) {
      if (ids.includes(id)) throw new ShardConfigError(`DISCORD_SHARD_IDS lists shard ${id} twice`);
      ids.push(id);
    }
  }
  return ids;
}

/**
 * The shards from the two variables (undefined = not set). Nothing set: one shard, as before.
 * A count alone runs all its shards here; ids need a numeric count, because replicas splitting
 * the shards must agree on it and Discord's recommendation (`auto`) may change between starts.
 */
export function parseDiscordShards(countText: string | undefined, idsText: string | undefined): ShardsResult {
  try {
    return { ok: true, shards: shards(countText, idsText) };
  } catch (error) {
    if (error instanceof ShardConfigError) return { ok: false, problem: error.message };
    throw error;
  }
}

function shards(countText: string | undefined, idsText: string | undefined): DiscordShards {
  if (countText === undefined && idsText === undefined) return SINGLE_SHARD;
  if (countText === undefined)
    throw new ShardConfigError(
      'DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT, the number of shards over all replicas (e.g. DISCORD_SHARD_COUNT=4 DISCORD_SHARD_IDS=0-1)',
    );
  if (countText.toLowerCase() === 'auto') {
    if (idsText !== undefined)
      throw new ShardConfigError(
        'DISCORD_SHARD_IDS needs a number in DISCORD_SHARD_COUNT, not auto: replicas that split the shards must agree on the count',
      );
    return { count: 'auto' };
  }
  if (!WHOLE.test(countText) || Number(countText) < 1 || !Number.isSafeInteger(Number(countText)))
    throw new ShardConfigError(
      `DISCORD_SHARD_COUNT must be a positive whole number or auto, got "${countText}"`,
    );
  const count = Number(countText);
  if (idsText === undefined) return { count, ids: Array.from({ length: count }, (_, i) => i) };
  return { count, ids: shardIds(idsText, count) };
}
