import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pngChartRenderer } from '../../../src/digest/chart.js';
import type { FakeUser } from '../../fakes/discord-server.js';
import { useTestDatabase } from '../../helpers/database.js';
import { chartBars, isPng } from '../../helpers/png-bars.js';
import { DiscordWorld, embedText } from './discord-world.js';

/**
 * The weekly digest on Discord: after Friday's reveal one channel message carries the chart PNG
 * as a multipart attachment, shown inside an embed with the text, with allowed_mentions empty;
 * later ticks post nothing more.
 */

const GUILD = '829000000000000001';
const CHANNEL = '829000000000000010';
const owner: FakeUser = { id: '729000000000000001', username: 'owner' };
const alice: FakeUser = { id: '729000000000000002', username: 'alice', globalName: 'Alice' };
const bob: FakeUser = { id: '729000000000000003', username: 'bob', globalName: '김민수' };

// Thursday 2025-03-13 08:50 in Seoul.
const THU_0850 = '2025-03-12T23:50:00Z';

const tdb = useTestDatabase({ bundledBank: true });
let world: DiscordWorld;

beforeEach(async () => {
  world = await DiscordWorld.start(tdb.current.store, {
    start: THU_0850,
    guilds: [{ id: GUILD, name: 'AWS 스터디', channels: [{ id: CHANNEL, name: 'daily-aws' }] }],
    digestChart: pngChartRenderer(),
  });
});

afterEach(async () => {
  await world.stop();
});

async function day(date: string, people: readonly FakeUser[]): Promise<void> {
  world.clock.set(`${date}T00:00:00Z`);
  await world.quiz.tick();
  const round = await world.quiz.latestPostedRound(await world.channel(GUILD, CHANNEL));
  world.clock.set(`${date}T03:00:00Z`);
  for (const who of people)
    world.fake.userMessage(round!.messageRef!, who, '보안 그룹은 상태 저장, NACL은 상태 비저장입니다');
  await world.settle();
  world.clock.set(`${date}T09:00:00Z`);
  await world.quiz.tick();
  await world.settle();
}

describe('Discord: the weekly digest', () => {
  it('posts the chart as an attachment in an embed, once, after Friday’s reveal', async () => {
    await world.adminCommand(owner, CHANNEL, 'subscribe');
    const set = await world.adminCommand(owner, CHANNEL, 'digest', [{ type: 3, name: 'day', value: 'fri' }]);
    expect(world.answerText(set)).toContain('매주 금요일 18:00 공개 뒤에 주간 요약');

    await day('2025-03-13', [alice, bob]);
    const withFiles = () => world.posts(CHANNEL).filter((c) => c.files.length > 0);
    expect(withFiles()).toHaveLength(0);
    await day('2025-03-14', [alice]);
    for (const at of ['2025-03-14T09:01:00Z', '2025-03-14T12:00:00Z']) {
      world.clock.set(at);
      await world.quiz.tick();
    }
    await world.settle();

    const [post, ...more] = withFiles();
    expect(more).toHaveLength(0);
    const [file] = post!.files;
    expect(file).toMatchObject({ filename: 'sa-quiz-digest-2025-03-10.png', contentType: 'image/png' });
    expect(isPng(file!.bytes)).toBe(true);
    expect(chartBars(file!.bytes).bars).toBe(2);
    const body = post!.body as {
      embeds: { image?: { url: string } }[];
      attachments: { id: number; filename: string; description: string }[];
    };
    expect(body.embeds[0]?.image?.url).toBe('attachment://sa-quiz-digest-2025-03-10.png');
    expect(body.attachments[0]).toMatchObject({ id: 0, filename: 'sa-quiz-digest-2025-03-10.png' });
    expect(body.attachments[0]?.description).toContain('목 3/13 ████████████ 2');
    const text = embedText(post!);
    expect(text).toContain('📊 주간 요약 (3/10~3/14)');
    expect(text).toContain('금 3/14 ██████ 1');
    expect(text).toContain('월 3/10 · 질문 없음');
    expect(world.unpingable()).toBe(true);
  });
});
