/**
 * `/sa-quiz forget-me`'s confirmation (and what the red button answers) as each platform receives
 * it, written to docs/examples/ by scripts/render-examples.ts, or alone:
 * `npx tsx scripts/privacy-examples.ts`. Paste a Slack file's `blocks` into Block Kit Builder.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderText } from '../src/adapters/console/render-text.js';
import { renderView } from '../src/adapters/discord/discord-embeds.js';
import { renderMessages } from '../src/adapters/slack/slack-blocks.js';
import {
  type ForgetOutcome,
  forgetConfirmView,
  forgetDoneView,
  type PersonalData,
} from '../src/core/forget-me.js';
import { messages } from '../src/core/i18n/catalog.js';
import type { View } from '../src/core/views.js';

/** A member who answered for a few weeks, practised, voted and turned reminders off. */
const data: PersonalData = {
  answers: 12,
  votesCast: 3,
  votesReceived: 5,
  cards: 8,
  reviews: 21,
  streakChannels: 2,
  bestStreak: 7,
  freezes: 1,
  nudges: 4,
  optedOut: true,
  uploads: 0,
  adminRecords: 0,
};
const outcome: ForgetOutcome = { ...data, answersAnonymised: 10, answersDeleted: 2, roundsScrubbed: 9 };

type Platform = 'slack' | 'discord' | 'console';

/** Each platform's rendering of the view `make` builds for it (its own kind of user id). */
function write(out: string, name: string, make: (platform: Platform) => View, locale: 'ko' | 'en'): void {
  const slack = renderMessages(make('slack')).map((m) => ({ text: m.text, blocks: m.blocks }));
  const discord = renderView(make('discord')).map((m) => ({
    embeds: m.embeds,
    components: m.components,
    allowed_mentions: { parse: [] },
    flags: 64,
  }));
  writeFileSync(join(out, `${name}.slack.${locale}.json`), `${JSON.stringify(slack, null, 2)}\n`);
  writeFileSync(join(out, `${name}.discord.${locale}.json`), `${JSON.stringify(discord, null, 2)}\n`);
  writeFileSync(join(out, `${name}.console.${locale}.txt`), `${renderText(make('console'))}\n`);
}

const USER_IDS: Readonly<Record<Platform, string>> = {
  slack: 'U0ALICE',
  discord: '700000000000000002',
  console: 'alice',
};
const WORKSPACES: Readonly<Record<Platform, string>> = {
  slack: 'aws-study',
  discord: 'SA 스터디',
  console: 'local',
};

export function renderPrivacyExamples(out: string): void {
  for (const locale of ['ko', 'en'] as const) {
    const p = messages(locale).privacy;
    write(out, 'forget-me-confirm', (on) => forgetConfirmView(p, WORKSPACES[on], USER_IDS[on], data), locale);
    write(out, 'forget-me-done', () => forgetDoneView(p, outcome), locale);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = join(import.meta.dirname, '..', 'docs', 'examples');
  renderPrivacyExamples(out);
  console.log(`wrote the forget-me examples to ${out}`);
}
