import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/quiz.js';
import { startService } from '../../src/main.js';
import { FakeDiscord } from '../fakes/discord-server.js';
import { runCli } from '../helpers/cli.js';

/** The composition root as `npm start` runs it: config from the environment, real adapters, /healthz. */

const GUILD = {
  id: '830000000000000001',
  name: 'SA study',
  channels: [{ id: '830000000000000010', name: 'aws-quiz' }],
};
let discord: FakeDiscord;

beforeAll(async () => {
  discord = await FakeDiscord.start([GUILD]);
});
afterAll(async () => {
  await discord.close();
});

describe('npm start with a Discord token', () => {
  it('connects to the gateway, serves /healthz and stops cleanly', async () => {
    const config = loadConfig({
      DISCORD_TOKEN: 'fake-token',
      DISCORD_API_URL: discord.apiUrl,
      DATA_DIR: 'memory://',
      PORT: '0',
    });
    const service = await startService(config, silentLogger);
    try {
      expect(discord.identifies).toHaveLength(1);
      const health = await fetch(`http://127.0.0.1:${service.port}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await service.stop();
    }
    await expect(fetch(`http://127.0.0.1:${service.port}/healthz`)).rejects.toThrow();
  });

  it('`sa-quiz discord register --guild` registers the commands, and says what is missing otherwise', async () => {
    const env = {
      DISCORD_TOKEN: 'fake-token',
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_APPLICATION_ID: discord.applicationId,
    };
    const ok = await runCli(['discord', 'register', '--guild', GUILD.id], { env });
    expect(ok.stdout.trim()).toBe(`registered 3 commands in guild ${GUILD.id}`);
    expect(discord.callsTo('PUT', /\/guilds\/830000000000000001\/commands$/)).toHaveLength(1);
    const missing = await runCli(['discord', 'register'], {
      env: { ...env, DISCORD_APPLICATION_ID: undefined },
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('sa-quiz: DISCORD_APPLICATION_ID is not set');
  });
});
