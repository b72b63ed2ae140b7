import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
} from 'discord.js';
import {
  type ActionId,
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
 * Core views → Discord messages (embeds + buttons). Every piece of view text is plain and may come
 * from users or bank files, so it is markdown-escaped and its mentions neutralised here; Discord's
 * embed limits are respected by splitting long views over several embeds and messages.
 */

/** Discord's documented embed and component limits. */
export const LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  /** Sum of every embed's title, description, field names/values, footer and author in one message. */
  messageTotal: 6000,
  embedsPerMessage: 10,
  buttonLabel: 80,
  customId: 100,
  buttonsPerRow: 5,
  rows: 5,
  threadName: 100,
} as const;

/** One Discord message body: what `POST /channels/{id}/messages` and interaction replies take. */
export interface DiscordMessage {
  readonly embeds: APIEmbed[];
  readonly components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

/** Nothing in a message the bot sends may ping anyone. */
export const NO_MENTIONS = { parse: [] as never[] };

const TONE_COLORS: Readonly<Record<Tone, number>> = {
  question: 0x3498db,
  reveal: 0x2ecc71,
  practice: 0x9b59b6,
  info: 0x95a5a6,
  success: 0x2ecc71,
  error: 0xe74c3c,
};

const ZWSP = '\u200b';

/**
 * Makes text unable to ping or to render as a mention: `@everyone`/`@here` and `<@id>`, `<@&id>`,
 * `<#id>`, `</cmd:id>`, `<t:…>` get a zero-width space. `allowed_mentions` is the second lock.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<(?=[@#/]|t:)/g, `<${ZWSP}`);
}

/**
 * Plain text → text safe inside Discord markdown. Inline code stays code (the catalog writes
 * commands as \`/sa-admin resume\`, and nothing inside a code span can ping or link).
 */
export function safeText(text: string): string {
  return neutralizeMentions(
    escapeMarkdown(text, {
      heading: true,
      bulletedList: true,
      numberedList: true,
      maskedLink: true,
      inlineCode: false,
    }),
  );
}

/** Cuts to `max` UTF-16 units (conservative for Discord's character counts), never inside a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

// ------------------------------------------------------------------ buttons

const ACTION_CODES: Readonly<Record<ActionId, string>> = {
  'practice.show': 'ps',
  'practice.again': 'pa',
  'practice.hard': 'ph',
  'practice.good': 'pg',
  'practice.easy': 'pe',
  'practice.next': 'pn',
  'upload.confirm': 'uc',
  'upload.cancel': 'ux',
  'answer.private': 'ap',
  'feedback.show': 'fb',
  'practice.write': 'pw',
  'history.show': 'hs',
  'settings.open': 'so',
  // Slack's App Home only; Discord has no home.
  'home.practice': 'hp',
  'forget.confirm': 'fc',
  'forget.cancel': 'fx',
};

const CUSTOM_ID_PREFIX = 'sa:';

/** A view action as a button custom id: `sa:<code>:<value>` (question keys are at most 80 characters). */
export function encodeAction(id: ActionId, value: string): string {
  return `${CUSTOM_ID_PREFIX}${ACTION_CODES[id]}:${value}`;
}

/** The view action a button or modal custom id stands for, or null when it is not ours. */
export function decodeAction(customId: string): { id: ActionId; value: string } | null {
  if (!customId.startsWith(CUSTOM_ID_PREFIX)) return null;
  const rest = customId.slice(CUSTOM_ID_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon < 0) return null;
  const code = rest.slice(0, colon);
  const entry = Object.entries(ACTION_CODES).find(([, c]) => c === code);
  return entry ? { id: entry[0] as ActionId, value: rest.slice(colon + 1) } : null;
}

const BUTTON_STYLES: Readonly<
  Record<ViewAction['style'], ButtonStyle.Primary | ButtonStyle.Danger | ButtonStyle.Secondary>
> = {
  primary: ButtonStyle.Primary,
  danger: ButtonStyle.Danger,
  default: ButtonStyle.Secondary,
};

function buttonRows(actions: readonly ViewAction[]): DiscordMessage['components'] {
  const buttons: APIButtonComponentWithCustomId[] = actions
    .map((a) => ({ action: a, customId: encodeAction(a.id, a.value) }))
    .filter(({ customId }) => customId.length <= LIMITS.customId)
    .slice(0, LIMITS.buttonsPerRow * LIMITS.rows)
    .map(({ action, customId }) => ({
      type: ComponentType.Button,
      style: BUTTON_STYLES[action.style],
      label: truncate(action.label, LIMITS.buttonLabel),
      custom_id: customId,
    }));
  const rows: DiscordMessage['components'] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow)
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  return rows;
}

// ------------------------------------------------------------------ blocks → markdown

const INDENT = '\u2003';
const SNOWFLAKE = /^\d{15,21}$/;

/**
 * A ref as Discord markup, `<@id>` / `<#id>`: the client shows the current name, and with
 * `allowed_mentions: {parse: []}` it pings nobody; an instant is `<t:unix:f>`, shown in the
 * reader's own zone. A non-Discord id shows as escaped text.
 */
export function discordRef(r: Ref): string {
  if (r.ref === 'time') return /^\d{1,12}$/.test(r.id) ? `<t:${r.id}:f>` : safeText(r.name);
  if (r.ref === 'command') {
    // `</sa-admin subscribe:id>`: clickable, and shown in the reader's language (`/sa-관리 구독`).
    // Only what Discord has registered: a Slack-only subcommand (`vote-emoji`) stays code.
    const id = commandIds.get(r.id);
    return id ? `</${r.id}:${id}>` : `\`${r.name.replace(/`/g, '')}\``;
  }
  if (SNOWFLAKE.test(r.id)) return r.ref === 'user' ? `<@${r.id}>` : `<#${r.id}>`;
  return safeText(refText(r));
}

/** The application's command ids by command path (`sa-quiz`, `sa-admin subscribe`), once read (global commands only). */
let commandIds: ReadonlyMap<string, string> = new Map();

/** Sets the ids `discordRef` makes command mentions with (src/adapters/discord/discord-adapter.ts). */
export function setCommandIds(ids: ReadonlyMap<string, string>): void {
  commandIds = new Map([...ids].filter(([, id]) => SNOWFLAKE.test(id)));
}

/** Rich text as safe markdown with its refs as Discord markup. */
function richMarkdown(t: RichText, lines: (raw: string) => string = safeText): string {
  const refs: Ref[] = [];
  return replaceRefTokens(lines(withRefTokens(t, refs)), refs, discordRef);
}

function listItem(item: string): string {
  const [first = '', ...rest] = item.split('\n');
  const lines = [`• ${safeText(first.trim())}`];
  for (const line of rest) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    lines.push(
      trimmed.startsWith('- ')
        ? `${INDENT}◦ ${safeText(trimmed.slice(2).trim())}`
        : `${INDENT}${safeText(trimmed)}`,
    );
  }
  return lines.join('\n');
}

function unix(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

function blockText(block: ViewBlock): string {
  switch (block.kind) {
    case 'text':
      return richMarkdown(block.text);
    case 'section':
      return block.heading === 'Q.'
        ? `### Q. ${safeText(block.text)}`
        : `**${safeText(block.heading)}**\n${safeText(block.text)}`;
    case 'list': {
      const items = block.items.map((item) => richMarkdown(item, listItem));
      return block.heading === ''
        ? items.join('\n')
        : [`**${safeText(block.heading)}**`, ...items].join('\n');
    }
    case 'fields':
      return block.fields.map((f) => `**${safeText(f.label)}**: ${safeText(f.value)}`).join('\n');
    case 'time':
      return `**${safeText(block.label)}**: <t:${unix(block.at)}:F> (<t:${unix(block.at)}:R>)`;
    case 'link':
      return /^https?:\/\/[^\s()<>]+$/.test(block.url)
        ? `[${safeText(block.label)}](${block.url})`
        : `${safeText(block.label)}: ${safeText(block.url)}`;
    case 'divider':
      return '───';
  }
}

/** Splits text into pieces of at most `max`, preferring line breaks, never splitting a surrogate pair. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  const flush = (): void => {
    if (current !== '') pieces.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    flush();
    let rest = line;
    while (rest.length > max) {
      let cut = max;
      if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut--;
      // Never leave an escaping backslash at the end of a piece.
      while (cut > 1 && rest.charAt(cut - 1) === '\\') cut--;
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  flush();
  return pieces;
}

/** Block texts packed into embed descriptions of at most `max` characters. */
function descriptions(blocks: readonly ViewBlock[], max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const text of blocks.map(blockText).filter((t) => t !== '')) {
    const candidate = current === '' ? text : `${current}\n\n${text}`;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current !== '') out.push(current);
    const pieces = splitText(text, max);
    current = pieces.pop() ?? '';
    out.push(...pieces);
  }
  if (current !== '') out.push(current);
  return out;
}

/**
 * A view as one or more Discord messages: the title on the first embed, the footer on the last,
 * buttons under the last message. Each message stays within 10 embeds and 6000 characters.
 */
export function renderView(view: View): DiscordMessage[] {
  const color = TONE_COLORS[view.tone];
  const title = view.title === '' ? '' : truncate(safeText(view.title), LIMITS.title);
  // The footer is plain text on Discord (no markdown), so it is only neutralised.
  const footer = view.footer ? truncate(neutralizeMentions(view.footer), 256) : '';
  const budget = LIMITS.messageTotal - footer.length;
  const bodies = descriptions(view.blocks, LIMITS.description);
  if (bodies.length === 0) bodies.push('');

  const messages: APIEmbed[][] = [[]];
  let used = 0;
  bodies.forEach((description, index) => {
    const embed: APIEmbed = { color };
    if (index === 0 && title !== '') embed.title = title;
    if (description !== '') embed.description = description;
    const size = (embed.title?.length ?? 0) + description.length;
    let current = messages[messages.length - 1] ?? [];
    if (current.length >= LIMITS.embedsPerMessage || (current.length > 0 && used + size > budget)) {
      current = [];
      messages.push(current);
      used = 0;
    }
    current.push(embed);
    used += size;
  });
  const lastEmbeds = messages[messages.length - 1] ?? [];
  const lastEmbed = lastEmbeds[lastEmbeds.length - 1];
  if (lastEmbed && footer !== '') lastEmbed.footer = { text: footer };
  const rows = buttonRows(view.actions);
  return messages.map((embeds, i) => ({ embeds, components: i === messages.length - 1 ? rows : [] }));
}

/** The size Discord counts against the 6000-character message limit. */
export function messageSize(message: DiscordMessage): number {
  return message.embeds.reduce(
    (sum, e) =>
      sum +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0),
    0,
  );
}

/** A thread name for a question: its `Q.` text (or the view title), one line, at most 100 characters. */
export function threadName(view: View): string {
  const question = view.blocks.find((b) => b.kind === 'section' && b.heading === 'Q.');
  const text = question?.kind === 'section' ? question.text : view.title;
  const name = text.replace(/\s+/g, ' ').trim();
  return truncate(name === '' ? 'sa-quiz' : name, LIMITS.threadName);
}
