import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { parseDiscordShards } from '../../src/discord-shards.js';

/**
 * DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS: nothing set is today's single shard, a count alone
 * runs every shard in this process, `auto` asks Discord, ids split the shards over replicas; a
 * setting that cannot work stops the start with a ConfigError that says what to change.
 */

const discord = (env: Record<string, string>) =>
  loadConfig({ DISCORD_TOKEN: 'fake-token', DATA_DIR: 'memory://', ...env }).discord;

describe('Discord shards from the environment', () => {
  it('defaults to one shard, [0, 1], as before; empty values count as unset', () => {
    expect(discord({})?.shards).toEqual({ count: 1, ids: [0] });
    expect(discord({ DISCORD_SHARD_COUNT: ' ', DISCORD_SHARD_IDS: '' })?.shards).toEqual({
      count: 1,
      ids: [0],
    });
  });

  it('a count alone runs all of its shards here; auto leaves the count to Discord', () => {
    expect(discord({ DISCORD_SHARD_COUNT: '3' })?.shards).toEqual({ count: 3, ids: [0, 1, 2] });
    expect(discord({ DISCORD_SHARD_COUNT: 'auto' })?.shards).toEqual({ count: 'auto' });
    expect(discord({ DISCORD_SHARD_COUNT: 'AUTO' })?.shards).toEqual({ count: 'auto' });
  });

  it('reads ids as a list, a range, or both, each below the count', () => {
    expect(discord({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '0,2' })?.shards).toEqual({
      count: 4,
      ids: [0, 2],
    });
    expect(discord({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '0-3' })?.shards).toEqual({
      count: 4,
      ids: [0, 1, 2, 3],
    });
    expect(discord({ DISCORD_SHARD_COUNT: '8', DISCORD_SHARD_IDS: ' 1 - 2 , 5 ' })?.shards).toEqual({
      count: 8,
      ids: [1, 2, 5],
    });
    expect(discord({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '1' })?.shards).toEqual({
      count: 2,
      ids: [1],
    });
  });

  it.each([
    [{ DISCORD_SHARD_COUNT: '0' }, 'DISCORD_SHARD_COUNT must be a positive whole number or auto, got "0"'],
    [{ DISCORD_SHARD_COUNT: '-2' }, 'DISCORD_SHARD_COUNT must be a positive whole number or auto, got "-2"'],
    [{ DISCORD_SHARD_COUNT: '1.5' }, 'DISCORD_SHARD_COUNT must be a positive whole number or auto'],
    [{ DISCORD_SHARD_COUNT: 'two' }, 'DISCORD_SHARD_COUNT must be a positive whole number or auto'],
    [{ DISCORD_SHARD_IDS: '0' }, 'DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT'],
    [
      { DISCORD_SHARD_COUNT: 'auto', DISCORD_SHARD_IDS: '0' },
      'needs a number in DISCORD_SHARD_COUNT, not auto',
    ],
    [
      { DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '0,2' },
      'DISCORD_SHARD_IDS lists shard 2, but DISCORD_SHARD_COUNT=2 allows only 0 to 1',
    ],
    [
      { DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '0-4' },
      'DISCORD_SHARD_IDS lists shard 4, but DISCORD_SHARD_COUNT=4 allows only 0 to 3',
    ],
    [{ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '3-1' }, 'range "3-1" ends before it starts'],
    [{ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '0,1,0' }, 'lists shard 0 twice'],
    [{ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '0-2,2' }, 'lists shard 2 twice'],
    [{ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '0,,1' }, 'has an empty entry'],
    [
      { DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: 'a' },
      'a shard id in DISCORD_SHARD_IDS must be a whole number, got "a"',
    ],
    [{ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '-1' }, 'must be a whole number, got "-1"'],
  ])('refuses %j with a ConfigError saying why', (env, message) => {
    expect(() => discord(env)).toThrow(ConfigError);
    expect(() => discord(env)).toThrow(message);
    expect(() => discord(env)).toThrow(/^invalid configuration: /);
  });

  it('parses as a pure function returning a result', () => {
    expect(parseDiscordShards(undefined, undefined)).toEqual({ ok: true, shards: { count: 1, ids: [0] } });
    expect(parseDiscordShards('2', '0-1')).toEqual({ ok: true, shards: { count: 2, ids: [0, 1] } });
    expect(parseDiscordShards('2', '5')).toMatchObject({ ok: false });
  });

  it('ignores the shard variables when Discord is not configured', () => {
    expect(loadConfig({ DATA_DIR: 'memory://', DISCORD_SHARD_COUNT: '0' }).discord).toBeNull();
  });
});
