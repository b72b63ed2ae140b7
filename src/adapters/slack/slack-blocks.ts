import type { types } from '@slack/bolt';
import {
  plainText,
  type Ref,
  type RichText,
  refText,
  replaceRefTokens,
  type Tone,
  type View,
  type ViewAction,
  type ViewBlock,
  withRefTokens,
} from '../../core/views.js';

/**
 * Core views → Block Kit. Every piece of text from a view is treated as untrusted (it may come
 * from a user's reply, a display name or an uploaded bank): it is escaped so it can never form a
 * Slack control sequence (`<!channel>`, `<!here>`, `<!everyone>`, `<@U…>`, `<!subteam^…>`, links),
 * mrkdwn objects are `verbatim` so Slack does not auto-parse bare mentions, and Block Kit's size
 * limits are respected by splitting instead of failing.
 */

export type SlackBlock = types.KnownBlock;

/** One `chat.postMessage` worth of content. */
export interface SlackMessage {
  readonly blocks: SlackBlock[];
  /** Notification / accessibility fallback, already escaped. */
  readonly text: string;
}

/** Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const LIMITS = {
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonsPerActions: 25,
  blocksPerMessage: 50,
  /** Not a documented hard limit: keeps one message's blocks well below Slack's total size cap. */
  charsPerMessage: 12_000,
  fallbackText: 500,
} as const;

const TONE_EMOJI: Readonly<Record<Tone, string>> = {
  question: ':question:',
  reveal: ':bulb:',
  practice: ':pencil2:',
  info: '',
  success: ':white_check_mark:',
  error: ':warning:',
};

/**
 * Escapes text for mrkdwn: `&`, `<`, `>` become entities (so `<!channel>` shows literally and
 * pings nobody), and bare `@channel`, `@here`, `@everyone` get a zero-width space after the `@`.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u200B$1');
}

/** Slack delivers message text with `&`, `<`, `>` as entities; the core stores plain text. */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Cuts plain text to `max` characters (by code point), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const SLACK_CHANNEL = /^[CGD][A-Z0-9]{2,}$/;
/** An emoji short name as `parseVoteEmoji` accepts it (src/core/votes.ts). */
const SLACK_EMOJI = /^[a-z0-9+_-][a-z0-9_+'-]{0,99}$/;

const UNIX_SECONDS = /^\d{1,12}$/;

/** `<!date^…>`: the instant in the reader's own zone, `fallback` where the client cannot. */
function slackDate(unix: string, fallback: string): string {
  return `<!date^${unix}^{date_short_pretty} {time}|${escapeMrkdwn(fallback).replace(/\|/g, '/')}>`;
}

/**
 * A ref as mrkdwn: `<@U…>` / `<#C…>`, which Slack shows with the current name (and which cannot
 * notify anyone in an ephemeral message), an instant as `<!date^…>`. A quiet ref with a known name
 * is the name instead: in a posted message a mention notifies. An emoji is `:name:`. An id that
 * is not a Slack id shows as escaped text.
 */
export function slackRef(r: Ref): string {
  if (r.ref === 'time') return UNIX_SECONDS.test(r.id) ? slackDate(r.id, r.name) : escapeMrkdwn(r.name);
  if (r.ref === 'user' && r.quiet && r.name !== '') return escapeMrkdwn(r.name);
  if (r.ref === 'user' && SLACK_USER.test(r.id)) return `<@${r.id}>`;
  if (r.ref === 'channel' && SLACK_CHANNEL.test(r.id)) return `<#${r.id}>`;
  if (r.ref === 'command') return `\`${escapeMrkdwn(r.name)}\``;
  // Slack shows an emoji by its short name (`:star:`, a workspace's custom ones included).
  if (r.ref === 'emoji' && SLACK_EMOJI.test(r.id)) return `:${r.id}:`;
  return escapeMrkdwn(refText(r));
}

/** Rich text as escaped mrkdwn with its refs as Slack markup. */
export function richMrkdwn(t: RichText): string {
  const refs: Ref[] = [];
  return replaceRefTokens(escapeMrkdwn(withRefTokens(t, refs)), refs, slackRef);
}

/**
 * Splits raw text into escaped chunks of at most `limit` characters, preferring line breaks and
 * never cutting inside an entity such as `&amp;`. Ref tokens (`withRefTokens`) in `raw` become
 * Slack markup before lengths are measured.
 */
export function chunkEscaped(raw: string, limit: number, refs: readonly Ref[] = []): string[] {
  const chunks: string[] = [];
  let current = '';
  const flush = (): void => {
    if (current !== '') chunks.push(current);
    current = '';
  };
  for (const line of raw.split('\n')) {
    const escaped = replaceRefTokens(escapeMrkdwn(line), refs, slackRef);
    const candidate = current === '' ? escaped : `${current}\n${escaped}`;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    flush();
    if (escaped.length <= limit) {
      current = escaped;
      continue;
    }
    for (const char of line) {
      const piece = escapeMrkdwn(char);
      if (current.length + piece.length > limit) flush();
      current += piece;
    }
  }
  flush();
  return chunks;
}

function mrkdwn(text: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

/**
 * A titled text as sections: the heading in bold on the first one (on its own line, or inline
 * before the text with `separator: ' '`), the text split to fit.
 */
function headedSections(
  heading: string,
  body: string,
  separator = '\n',
  refs: readonly Ref[] = [],
): SlackBlock[] {
  const head = heading === '' ? '' : `*${escapedWithin(heading, 300)}*`;
  // Room for the heading, its line break and a tone emoji the first section may get.
  const room = LIMITS.sectionText - head.length - 1 - 32;
  const chunks = body === '' ? [] : chunkEscaped(body, room, refs);
  if (chunks.length === 0) return head === '' ? [] : [{ type: 'section', text: mrkdwn(head) }];
  return chunks.map((chunk, i) => ({
    type: 'section',
    text: mrkdwn(i === 0 && head !== '' ? `${head}${separator}${chunk}` : chunk),
  }));
}

/** A list item: the first line bulleted, nested `- ` lines of a sub-list indented under it. */
function listLine(item: string): string {
  const [first = '', ...rest] = item.split('\n');
  return [`• ${first}`, ...rest.map((line) => `    ${line}`)].join('\n');
}

/** Escaped text cut to `limit` characters, with an ellipsis when something was left out. */
function escapedWithin(raw: string, limit: number): string {
  const [first = '', ...rest] = chunkEscaped(raw, limit - 1);
  return rest.length > 0 ? `${first}…` : first;
}

function fieldBlocks(fields: readonly { readonly label: string; readonly value: string }[]): SlackBlock[] {
  const texts = fields.map((f) => {
    const label = `*${escapedWithin(f.label, 200)}*`;
    return mrkdwn(`${label}\n${escapedWithin(f.value, LIMITS.fieldText - label.length - 1)}`);
  });
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < texts.length; i += LIMITS.fieldsPerSection) {
    blocks.push({ type: 'section', fields: texts.slice(i, i + LIMITS.fieldsPerSection) });
  }
  return blocks;
}

const SAFE_URL = /^https?:\/\/[^\s<>|"]+$/;

function linkBlock(label: string, url: string): SlackBlock[] {
  const head = `*${escapeMrkdwn(label)}*`;
  const link = SAFE_URL.test(url) && url.length <= 2000 ? `<${url.replace(/&/g, '&amp;')}>` : null;
  return link ? [{ type: 'section', text: mrkdwn(`${head}\n${link}`) }] : headedSections(label, url);
}

function timeBlock(label: string, at: Date, fallback: string): SlackBlock {
  const token = slackDate(String(Math.floor(at.getTime() / 1000)), fallback);
  return { type: 'section', text: mrkdwn(`*${escapeMrkdwn(label)}*: ${token}`) };
}

function contentBlocks(block: ViewBlock): SlackBlock[] {
  const refs: Ref[] = [];
  switch (block.kind) {
    case 'text':
      return headedSections('', withRefTokens(block.text, refs), '\n', refs);
    case 'section':
      // The core heads a question's own title with "Q.": it reads best on one line.
      return headedSections(block.heading, block.text, block.heading === 'Q.' ? ' ' : '\n');
    case 'list':
      return headedSections(
        block.heading,
        block.items.map((item) => listLine(withRefTokens(item, refs))).join('\n'),
        '\n',
        refs,
      );
    case 'fields':
      return fieldBlocks(block.fields);
    case 'time':
      return [timeBlock(block.label, block.at, block.fallback)];
    case 'link':
      return linkBlock(block.label, block.url);
    case 'divider':
      return [{ type: 'divider' }];
  }
}

function button(action: ViewAction): types.Button {
  const b: types.Button = {
    type: 'button',
    action_id: action.id,
    text: plain(truncate(action.label, LIMITS.buttonText)),
  };
  if (action.value !== '') b.value = truncate(action.value, LIMITS.buttonValue);
  if (action.style !== 'default') b.style = action.style;
  return b;
}

function actionBlocks(actions: readonly ViewAction[]): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < actions.length; i += LIMITS.buttonsPerActions) {
    blocks.push({ type: 'actions', elements: actions.slice(i, i + LIMITS.buttonsPerActions).map(button) });
  }
  return blocks;
}

/** Every block of a view, in order; may exceed one message's limits (see `renderMessages`). */
export function renderBlocks(v: View): SlackBlock[] {
  const emoji = TONE_EMOJI[v.tone];
  const blocks: SlackBlock[] = [];
  if (v.title !== '') {
    blocks.push({
      type: 'header',
      text: plain(truncate(emoji === '' ? v.title : `${emoji} ${v.title}`, LIMITS.headerText)),
    });
  }
  let first = v.title === '' && emoji !== '';
  for (const block of v.blocks) {
    for (const rendered of contentBlocks(block)) {
      if (first && rendered.type === 'section' && rendered.text) {
        rendered.text = mrkdwn(`${emoji} ${rendered.text.text}`);
        first = false;
      }
      blocks.push(rendered);
    }
  }
  blocks.push(...actionBlocks(v.actions));
  if (v.footer) {
    blocks.push({
      type: 'context',
      elements: chunkEscaped(v.footer, LIMITS.sectionText)
        .slice(0, 10)
        .map((t) => mrkdwn(t)),
    });
  }
  return blocks;
}

/** The escaped, length-limited plain text Slack shows in notifications for a view. */
export function fallbackText(v: View): string {
  const first = v.blocks.find(
    (b): b is Extract<ViewBlock, { kind: 'text' | 'section' }> => b.kind === 'text' || b.kind === 'section',
  );
  const summary = [v.title, first ? plainText(first.text) : ''].filter((t) => t !== '').join(' · ');
  return escapeMrkdwn(truncate(summary === '' ? ' ' : summary, LIMITS.fallbackText));
}

function blockSize(block: SlackBlock): number {
  return JSON.stringify(block).length;
}

/**
 * A view as one or more messages: at most 50 blocks and a bounded size each. A long reveal
 * becomes several messages; the first carries the header and the fallback text.
 */
export function renderMessages(v: View): SlackMessage[] {
  const text = fallbackText(v);
  const messages: SlackMessage[] = [];
  let blocks: SlackBlock[] = [];
  let size = 0;
  for (const block of renderBlocks(v)) {
    const bytes = blockSize(block);
    if (
      blocks.length > 0 &&
      (blocks.length >= LIMITS.blocksPerMessage || size + bytes > LIMITS.charsPerMessage)
    ) {
      messages.push({ blocks, text });
      blocks = [];
      size = 0;
    }
    blocks.push(block);
    size += bytes;
  }
  if (blocks.length > 0 || messages.length === 0) messages.push({ blocks, text });
  return messages;
}

/** A message's blocks as one mrkdwn text, for when Slack refuses the blocks themselves. */
export function plainVersion(message: SlackMessage): string {
  const texts: string[] = [];
  for (const block of message.blocks) {
    if (block.type === 'header') texts.push(`*${block.text.text}*`);
    else if (block.type === 'section') {
      if (block.text) texts.push(block.text.text);
      for (const field of block.fields ?? []) texts.push(field.text);
    } else if (block.type === 'context')
      for (const element of block.elements) if ('text' in element) texts.push(element.text);
  }
  return truncate(texts.join('\n\n') || message.text, LIMITS.charsPerMessage);
}
