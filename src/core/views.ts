/**
 * Platform-neutral views: what the core wants shown. Text in a view is plain, unescaped text;
 * each adapter escapes it for its own format (Block Kit mrkdwn, Discord markdown, terminal).
 */

export type Tone = 'question' | 'reveal' | 'practice' | 'info' | 'success' | 'error';

/**
 * A person, a channel or a point in time inside text. Each platform shows it natively, so it
 * always reads as the current name (Slack `<@U…>`/`<#C…>`, Discord `<@id>`/`<#id>`, never pinging
 * anyone there) or as the time in the reader's own zone (Slack `<!date>`, Discord `<t:>`);
 * `name` is for plain text (console, logs) and may be empty when the platform did not say.
 */
export interface Ref {
  /**
   * A person, a channel, one of the bot's slash commands (`id`: `sa-admin subscribe`), an
   * instant (`id`: its Unix time in seconds, `name`: the time in the channel's zone, see `timeRef`)
   * or an emoji (`id`: its short name, `star`; `name`: the character, see `emojiRef`).
   */
  readonly ref: 'user' | 'channel' | 'command' | 'time' | 'emoji';
  readonly id: string;
  readonly name: string;
  /**
   * Shown where a notification would be unwelcome (a person named in a message they are not
   * part of). Where a mention always notifies (a Slack channel or thread message), a quiet ref
   * is shown by its name when the name is known.
   */
  readonly quiet?: boolean;
}

export type Inline = string | Ref;
/** Text that may hold refs; a plain string is the common case. */
export type RichText = string | readonly Inline[];

export function userRef(id: string, name: string, quiet = false): Ref {
  return quiet ? { ref: 'user', id, name, quiet } : { ref: 'user', id, name };
}

export function channelRef(id: string, name: string): Ref {
  return { ref: 'channel', id, name };
}

/** The bot's slash command `path` (`sa-quiz`, `sa-admin subscribe`) as a ref: Discord can make it a clickable mention. */
export function commandRef(path: string): Ref {
  return { ref: 'command', id: path, name: `/${path}` };
}

/**
 * A concrete instant inside text ("next question: …"), shown in each reader's own zone where the
 * platform can; `fallback` (the time in the channel's zone, with the zone) is the plain text.
 * Not for schedule rules ("weekdays at 09:00"): those stay text with their zone.
 */
export function timeRef(at: Date, fallback: string): Ref {
  return { ref: 'time', id: String(Math.floor(at.getTime() / 1000)), name: fallback };
}

/** Emoji characters by short name, for platforms that show the character rather than the name. */
const EMOJI_CHARACTERS: Readonly<Record<string, string>> = { star: '⭐', tada: '🎉', '+1': '👍', heart: '❤️' };

/**
 * An emoji by its short name (`star`, as Slack names reactions): shown as `:star:` where the
 * platform reads names, as the character elsewhere (`:name:` for a name without a known one).
 */
export function emojiRef(shortName: string): Ref {
  const character = Object.hasOwn(EMOJI_CHARACTERS, shortName) ? EMOJI_CHARACTERS[shortName] : undefined;
  return { ref: 'emoji', id: shortName, name: character ?? `:${shortName}:` };
}

/** Lines of rich text as one rich text, joined by line breaks. */
export function joinLines(lines: readonly RichText[]): RichText {
  if (lines.every((line) => typeof line === 'string')) return lines.join('\n');
  return lines.flatMap((line, i) => [
    ...(i === 0 ? [] : ['\n']),
    ...(typeof line === 'string' ? [line] : line),
  ]);
}

/** A ref as plain text: a user's name (their id if the name is unknown), a channel as `#name`. */
export function refText(r: Ref): string {
  if (r.ref === 'channel') return `#${r.name === '' ? r.id : r.name}`;
  return r.name === '' ? r.id : r.name;
}

/** Rich text as plain text, refs by name. */
export function plainText(t: RichText): string {
  return typeof t === 'string'
    ? t
    : t.map((part) => (typeof part === 'string' ? part : refText(part))).join('');
}

const REF_OPEN = '\uE000';
const REF_CLOSE = '\uE001';
const REF_MARKERS = /[\uE000\uE001]/g;
const REF_TOKEN = /\uE000(\d+)\uE001/g;

/**
 * Rich text as one string in which every ref is a numbered token (its index in `refs`), for
 * renderers that escape and split strings: escaping leaves the tokens alone, and
 * `replaceRefTokens` turns them into platform markup afterwards. The token's marker characters
 * are removed from the text parts, so no user or bank text can forge a ref.
 */
export function withRefTokens(t: RichText, refs: Ref[]): string {
  if (typeof t === 'string') return t.replace(REF_MARKERS, '');
  return t
    .map((part) => {
      if (typeof part === 'string') return part.replace(REF_MARKERS, '');
      refs.push(part);
      return `${REF_OPEN}${refs.length - 1}${REF_CLOSE}`;
    })
    .join('');
}

/** Replaces the tokens `withRefTokens` made; a token cut by a split is dropped. */
export function replaceRefTokens(text: string, refs: readonly Ref[], render: (r: Ref) => string): string {
  return text
    .replace(REF_TOKEN, (_, index: string) => {
      const r = refs[Number(index)];
      return r ? render(r) : '';
    })
    .replace(REF_MARKERS, '');
}

export type ViewBlock =
  | { readonly kind: 'text'; readonly text: RichText }
  | { readonly kind: 'section'; readonly heading: string; readonly text: string }
  | { readonly kind: 'list'; readonly heading: string; readonly items: readonly RichText[] }
  | {
      readonly kind: 'fields';
      readonly fields: readonly { readonly label: string; readonly value: string }[];
    }
  /** A point in time each platform can show in the reader's own zone (Slack `<!date>`, Discord `<t:>`). */
  | { readonly kind: 'time'; readonly label: string; readonly at: Date; readonly fallback: string }
  | { readonly kind: 'link'; readonly label: string; readonly url: string }
  | { readonly kind: 'divider' };

export type ActionId =
  | 'practice.show'
  | 'practice.again'
  | 'practice.hard'
  | 'practice.good'
  | 'practice.easy'
  | 'practice.next'
  | 'upload.confirm'
  | 'upload.cancel'
  | 'answer.private'
  | 'feedback.show'
  | 'history.show'
  | 'settings.open'
  | 'home.practice'
  | 'practice.write'
  | 'forget.confirm'
  | 'forget.cancel';

export interface ViewAction {
  readonly id: ActionId;
  readonly label: string;
  /** Opaque to the platform: what the core needs back when the button is pressed. */
  readonly value: string;
  readonly style: 'primary' | 'danger' | 'default';
}

export interface View {
  readonly tone: Tone;
  readonly title: string;
  readonly blocks: readonly ViewBlock[];
  readonly actions: readonly ViewAction[];
  readonly footer: string | null;
}

export function view(
  tone: Tone,
  title: string,
  blocks: readonly ViewBlock[] = [],
  extra: Partial<Pick<View, 'actions' | 'footer'>> = {},
): View {
  return { tone, title, blocks, actions: extra.actions ?? [], footer: extra.footer ?? null };
}

/** Plain text of a view, for logs, the console and platform notification fallbacks. */
export function viewToPlainText(v: View): string {
  const lines = [v.title];
  for (const block of v.blocks) {
    switch (block.kind) {
      case 'text':
        lines.push(plainText(block.text));
        break;
      case 'section':
        lines.push(`${block.heading}`, block.text);
        break;
      case 'list':
        lines.push(block.heading, ...block.items.map((i) => `- ${plainText(i)}`));
        break;
      case 'fields':
        lines.push(...block.fields.map((f) => `${f.label}: ${f.value}`));
        break;
      case 'time':
        lines.push(`${block.label}: ${block.fallback}`);
        break;
      case 'link':
        lines.push(`${block.label}: ${block.url}`);
        break;
      case 'divider':
        lines.push('');
        break;
    }
  }
  if (v.footer) lines.push(v.footer);
  return lines.join('\n');
}
