import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord-server.js';

/**
 * No Docker engine runs here, so this does what the image does: build the bundle (the build
 * stage's `npm run build`), then run the Dockerfile's own CMD and HEALTHCHECK commands.
 */

const root = join(import.meta.dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const GUILD = {
  id: '850000000000000001',
  name: 'prod',
  channels: [{ id: '850000000000000010', name: 'quiz' }],
};
let discord: FakeDiscord;
let dataDir: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

beforeAll(async () => {
  discord = await FakeDiscord.start([GUILD]);
  dataDir = mkdtempSync(join(tmpdir(), 'sa-quiz-prod-'));
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
});
afterAll(async () => {
  await discord.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the production image, as its CMD runs it', () => {
  it('starts from the bundle, applies migrations, serves /healthz and /metrics, and stops on SIGTERM', async () => {
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
    expect(cmd).toEqual(['node', 'dist/cli.js', 'start']);
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: join(dataDir, 'data'),
      DISCORD_TOKEN: 'prod-secret-token',
      DISCORD_API_URL: discord.apiUrl,
      LOG_LEVEL: 'info',
    };
    const child = spawn(process.execPath, cmd.slice(1), { cwd: root, env });
    let logs = '';
    child.stdout.on('data', (d: Buffer) => {
      logs += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      logs += d.toString();
    });
    const exit = exited(child);
    try {
      let healthy = false;
      for (let i = 0; i < 600 && !healthy && child.exitCode === null; i++) {
        healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(healthy, logs).toBe(true);
      expect(discord.identifies).toHaveLength(1);
      expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain(
        'sa_quiz_tick_duration_seconds_count',
      );

      // The image's HEALTHCHECK command, as Docker would run it inside the container.
      const check = /HEALTHCHECK[^\n]*\\\n\s*CMD node -e "(.*)"$/m.exec(dockerfile)?.[1] ?? '';
      expect(check).toContain('/healthz');
      const probe = spawnSync(process.execPath, ['-e', check], { env: { PORT: String(port) } });
      expect(probe.status).toBe(0);

      const stoppedAt = Date.now();
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const lines = logs
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; level: number });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['sa-quiz started', 'stopped']));
    expect(logs).not.toContain('prod-secret-token');
  });
});
