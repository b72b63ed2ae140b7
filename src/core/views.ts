/**
 * Platform-neutral views: what the core wants shown. Text in a view is plain, unescaped text;
 * each adapter escapes it for its own format (Block Kit mrkdwn, Discord markdown, terminal).
 */

export type Tone = 'question' | 'reveal' | 'practice' | 'info' | 'success' | 'error';

export type ViewBlock =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'section'; readonly heading: string; readonly text: string }
  | { readonly kind: 'list'; readonly heading: string; readonly items: readonly string[] }
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
  | 'answer.private';

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
        lines.push(block.text);
        break;
      case 'section':
        lines.push(`${block.heading}`, block.text);
        break;
      case 'list':
        lines.push(block.heading, ...block.items.map((i) => `- ${i}`));
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
