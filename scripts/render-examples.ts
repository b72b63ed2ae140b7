/**
 * Renders the screens of the failure paths as each platform receives them and writes them to
 * docs/examples/ (Slack Block Kit, Discord embeds, console text): `npx tsx scripts/render-examples.ts`.
 * Paste a Slack file's `blocks` into Block Kit Builder to see it as Slack shows it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderText } from '../src/adapters/console/render-text.js';
import { renderView } from '../src/adapters/discord/discord-embeds.js';
import { renderMessages } from '../src/adapters/slack/slack-blocks.js';
import { messages } from '../src/core/i18n/catalog.js';
import type { Incident } from '../src/core/incidents.js';
import { accessBlocks, incidentNoticeView, incidentStatusLines } from '../src/core/notices.js';
import { type Channel, DEFAULT_SCHEDULE } from '../src/core/types.js';
import { type View, view } from '../src/core/views.js';

const out = join(import.meta.dirname, '..', 'docs', 'examples');

function channel(platform: 'slack' | 'discord', locale: 'ko' | 'en'): Channel {
  return {
    id: 1,
    workspaceId: 1,
    platform,
    workspaceExternalId: platform === 'slack' ? 'T0SAQUIZ' : '860000000000000001',
    workspaceName: platform === 'slack' ? 'aws-study' : 'SA 스터디',
    externalId: platform === 'slack' ? 'C0DAILYAWS' : '860000000000000010',
    name: 'daily-aws',
    subscribed: true,
    paused: true,
    pausedReason: 'broken',
    schedule: DEFAULT_SCHEDULE,
    locale,
    localeSet: true,
    categoryFilter: [],
    subscribedBy: platform === 'slack' ? 'U0ADMIN' : '700000000000000001',
    privateAnswers: false,
  };
}

const at = new Date('2026-11-23T00:00:05Z');
const incidents: Record<string, Incident> = {
  'not-in-channel': {
    id: 1,
    channelId: 1,
    kind: 'gone',
    problem: 'not_in_channel',
    detail: '',
    pauses: true,
    openedAt: at,
    notice: 'dm',
    noticeAt: at,
  },
  'missing-thread-permission': {
    id: 2,
    channelId: 1,
    kind: 'forbidden',
    problem: 'missing_permission',
    detail: 'SendMessagesInThreads',
    pauses: true,
    openedAt: at,
    notice: 'channel',
    noticeAt: at,
  },
};

function write(name: string, v: View, c: Channel): void {
  const data =
    c.platform === 'slack'
      ? renderMessages(v).map((m) => ({ text: m.text, blocks: m.blocks }))
      : renderView(v).map((m) => ({
          embeds: m.embeds,
          components: m.components,
          allowed_mentions: { parse: [] },
        }));
  writeFileSync(join(out, `${name}.${c.platform}.${c.locale}.json`), `${JSON.stringify(data, null, 2)}\n`);
  writeFileSync(join(out, `${name}.console.${c.locale}.txt`), `${renderText(v)}\n`);
}

for (const locale of ['ko', 'en'] as const) {
  const m = messages(locale);
  const slack = channel('slack', locale);
  const discord = channel('discord', locale);
  write('notice-not-in-channel', incidentNoticeView(m, slack, incidents['not-in-channel']!, 'post'), slack);
  write(
    'notice-missing-thread-permission',
    incidentNoticeView(m, discord, incidents['missing-thread-permission']!, 'reveal'),
    discord,
  );
  write(
    'subscribe-refused-forum',
    view(
      'error',
      '',
      accessBlocks(m, discord, {
        problems: [{ problem: 'unsupported_channel', detail: 'forum' }],
        warnings: [],
      }),
    ),
    discord,
  );
  write(
    'status-with-incident',
    view('info', m.statusTitle, [
      {
        kind: 'text',
        text: incidentStatusLines(m, slack, { ...incidents['not-in-channel']!, notice: 'unreachable' }).join(
          '\n',
        ),
      },
    ]),
    slack,
  );
}
console.log(`wrote the examples to ${out}`);
