/**
 * The weekly digest's screens with sample data, as each platform receives them, written to
 * docs/examples/ by scripts/render-examples.ts: the Slack upload (files.uploadV2's arguments, and
 * the Block Kit of the text-only fallback for Block Kit Builder), the Discord message body, the
 * console text, and the chart itself (digest.png in Korean, digest.en.png in English).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestBody } from '../src/adapters/discord/discord-digest.js';
import { plainVersion, renderMessages } from '../src/adapters/slack/slack-blocks.js';
import {
  buildWeekDigest,
  type DigestMessage,
  digestChart,
  digestFileName,
  digestText,
  digestView,
} from '../src/core/digest.js';
import { messages } from '../src/core/i18n/catalog.js';
import type { Locale } from '../src/core/types.js';
import { pngChartRenderer } from '../src/digest/chart.js';

/** Monday 10 to Friday 14 March 2025: Wednesday was an off day, Thursday's question got no answer. */
const week = buildWeekDigest(
  '2025-03-14',
  [
    { localDate: '2025-03-10', rounds: 1, answers: 7 },
    { localDate: '2025-03-11', rounds: 1, answers: 5 },
    { localDate: '2025-03-13', rounds: 1, answers: 0 },
    { localDate: '2025-03-14', rounds: 1, answers: 6 },
  ],
  [
    { userId: 'U0MINJI', userName: '김민지', answers: 4, score: 3.4 },
    { userId: 'U0ALICE', userName: 'Alice', answers: 4, score: 2.75 },
    { userId: 'U0SEOJUN', userName: '박서준', answers: 3, score: 2.5 },
    { userId: 'U0JIHO', userName: '이지호', answers: 3, score: 1.5 },
    { userId: 'U0BOB', userName: 'Bob', answers: 2, score: 1.25 },
  ],
  8,
);

export async function renderDigestExamples(out: string): Promise<void> {
  const renderer = pngChartRenderer();
  for (const locale of ['ko', 'en'] as const satisfies readonly Locale[]) {
    const m = messages(locale);
    const text = digestText(m, week);
    const bytes = await renderer.render(digestChart(m, week));
    const digest: DigestMessage = {
      weekStart: week.weekStart,
      view: digestView(m, week),
      text,
      image: { fileName: digestFileName(week), bytes, altText: text },
    };
    writeFileSync(join(out, locale === 'ko' ? 'digest.png' : 'digest.en.png'), bytes);
    const slack = renderMessages(digest.view);
    const upload = {
      method: 'files.uploadV2',
      args: {
        channel_id: 'C0DAILYAWS',
        filename: digest.image?.fileName,
        title: digest.view.title,
        alt_text: text,
        initial_comment: slack.map(plainVersion).join('\n\n'),
        file: `<${bytes.length} bytes of ${locale === 'ko' ? 'digest.png' : 'digest.en.png'}>`,
      },
      // What goes out instead when the workspace refuses the file (chat.postMessage).
      textOnly: slack.map((s) => ({ text: s.text, blocks: s.blocks })),
    };
    writeFileSync(join(out, `digest.slack.${locale}.json`), `${JSON.stringify(upload, null, 2)}\n`);
    const discord = { ...digestBody(digest, true), files: [`${digest.image?.fileName} (image/png)`] };
    writeFileSync(join(out, `digest.discord.${locale}.json`), `${JSON.stringify(discord, null, 2)}\n`);
    // As ConsoleChat prints it (src/adapters/console/console-digest.ts), the image under the OS temp dir.
    const shown = `#daily-aws\n${text}\n\n🖼  /tmp/sa-quiz/sa-quiz-digest-1-${week.weekStart}.png\n`;
    writeFileSync(join(out, `digest.console.${locale}.txt`), shown);
  }
}
