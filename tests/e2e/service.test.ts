import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/quiz.js';
import { startService } from '../../src/main.js';
import { FakeDiscord, PERMISSIONS } from '../fakes/discord-server.js';
import { BOT_TOKEN, FakeSlack } from '../fakes/slack-api.js';
import { httpTransport, SIGNING_SECRET, slashCommand } from '../fakes/slack-payloads.js';
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

describe('npm start with Slack and Discord tokens', () => {
  it('runs both platforms in one process, each channel posted on its own platform', async () => {
    const slack = await FakeSlack.start();
    slack.addUser({ id: 'U0ADMIN', name: 'kim', isAdmin: true });
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: 'fake-token',
      DISCORD_API_URL: discord.apiUrl,
      DATA_DIR: 'memory://',
      PORT: '0',
    });
    const service = await startService(config, silentLogger);
    try {
      // Slack over HTTP on PORT: a signed /sa-admin post-now posts in the Slack channel.
      const send = httpTransport(`http://127.0.0.1:${service.port}/slack/events`);
      const command = slashCommand({
        command: '/sa-admin',
        text: 'post-now',
        userId: 'U0ADMIN',
        channelId: 'C0QUIZ',
        responseUrl: slack.responseUrl('post-now'),
      });
      expect((await send.command(command)).status).toBe(200);
      const posted = await slack.waitFor('chat.postMessage', (c) => c.body.channel === 'C0QUIZ');
      expect(JSON.stringify(posted.body.blocks)).toContain('AWS');

      // Discord over the gateway: /sa-admin post-now posts in the Discord channel.
      const admin = { id: '830000000000000099', username: 'lee' };
      discord.slashCommand({
        user: admin,
        channelId: GUILD.channels[0]!.id,
        name: 'sa-admin',
        permissions: PERMISSIONS.manageGuild,
        options: [{ type: 1, name: 'post-now', options: [] }],
      });
      await discord.waitForCall(
        (c) => c.method === 'POST' && c.path === `/channels/${GUILD.channels[0]!.id}/messages`,
      );
      expect(
        slack.callsTo('chat.postMessage').filter((c) => c.body.channel === GUILD.channels[0]!.id),
      ).toEqual([]);

      // /healthz and /metrics share Slack's port.
      expect((await fetch(`http://127.0.0.1:${service.port}/healthz`)).status).toBe(200);
      const metrics = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
      expect(metrics).toContain('sa_quiz_rounds_posted_total{platform="slack"} 1');
      expect(metrics).toContain('sa_quiz_rounds_posted_total{platform="discord"} 1');
    } finally {
      await service.stop();
      await slack.close();
    }
  });
});
