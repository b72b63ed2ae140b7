/**
 * Turns indented markdown bullets into a tree. Paragraph lines under a bullet stay with it, so
 * prose nested inside a list (the seed's ECS notes) is not lost.
 */
export interface OutlineItem {
  readonly text: string;
  readonly line: number;
  readonly indent: number;
  readonly children: OutlineItem[];
  /** Nested bullets and paragraph lines in the order they were written. */
  readonly body: (OutlineItem | string)[];
}

const BULLET = /^(\s*)[-*+]\s+(.*)$/;
const BARE_BULLET = /^(\s*)[-*+]\s*$/;

function indentOf(raw: string): number {
  let width = 0;
  for (const ch of raw) {
    if (ch === ' ') width += 1;
    else if (ch === '\t') width += 4;
    else break;
  }
  return width;
}

/** Lines (with their 1-based numbers) → top-level items. Lines before the first bullet are dropped. */
export function buildOutline(lines: readonly { text: string; line: number }[]): OutlineItem[] {
  const roots: OutlineItem[] = [];
  const stack: OutlineItem[] = [];
  for (const { text, line } of lines) {
    if (text.trim() === '') {
      stack[stack.length - 1]?.body.push('');
      continue;
    }
    const bullet = BULLET.exec(text) ?? BARE_BULLET.exec(text);
    const indent = indentOf(text);
    if (bullet) {
      const item: OutlineItem = { text: (bullet[2] ?? '').trim(), line, indent, children: [], body: [] };
      while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) {
        parent.children.push(item);
        parent.body.push(item);
      } else {
        roots.push(item);
      }
      stack.push(item);
    } else {
      while (stack.length > 1 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
      stack[stack.length - 1]?.body.push(text.trim());
    }
  }
  return roots;
}

/** An item's children and paragraphs as lines: nested bullets indented two spaces per level. */
export function renderChildren(item: OutlineItem, depth = 0): string[] {
  const lines = renderBody(item, depth);
  while (lines[0] === '') lines.shift();
  while (lines[lines.length - 1] === '') lines.pop();
  return lines.filter((l, i) => l !== '' || lines[i - 1] !== '');
}

function renderBody(item: OutlineItem, depth: number): string[] {
  const lines: string[] = [];
  const pad = '  '.repeat(depth);
  for (const entry of item.body) {
    if (typeof entry === 'string') {
      lines.push(entry === '' ? '' : `${pad}${entry}`);
    } else {
      lines.push(`${pad}- ${entry.text}`);
      lines.push(...renderChildren(entry, depth + 1));
    }
  }
  return lines;
}

/** A list item with its own nested lines, as one string. */
export function itemWithChildren(item: OutlineItem): string {
  return [item.text, ...renderChildren(item, 1)].join('\n');
}
