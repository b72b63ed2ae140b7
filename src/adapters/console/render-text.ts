import { plainText, type RichText, type View, type ViewBlock } from '../../core/views.js';

/** Renders a view for the terminal: a title rule, indented sections, numbered buttons. */

const WIDTH = 72;

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '' : `${pad}${line}`))
    .join('\n');
}

function listItem(item: RichText): string {
  const [first, ...rest] = plainText(item).split('\n');
  return [`  • ${first ?? ''}`, ...rest.map((l) => `    ${l}`)].join('\n');
}

function block(b: ViewBlock): string {
  switch (b.kind) {
    case 'text':
      return indent(plainText(b.text), '  ');
    case 'section':
      return b.heading === 'Q.' ? `  Q. ${b.text}` : `  [${b.heading}]\n${indent(b.text, '    ')}`;
    case 'list':
      return [b.heading === '' ? null : `  [${b.heading}]`, ...b.items.map(listItem)]
        .filter((l) => l !== null)
        .join('\n');
    case 'fields':
      return b.fields.map((f) => `  ${f.label}: ${f.value}`).join('\n');
    case 'time':
      return `  ${b.label}: ${b.fallback}`;
    case 'link':
      return `  ${b.label}: ${b.url}`;
    case 'divider':
      return `  ${'·'.repeat(WIDTH - 4)}`;
  }
}

export function renderText(v: View, prefix = ''): string {
  const mark = v.tone === 'error' ? '✖ ' : v.tone === 'success' ? '✔ ' : '';
  const title =
    v.title === ''
      ? ''
      : `${prefix}── ${mark}${v.title} ${'─'.repeat(Math.max(3, WIDTH - v.title.length * 1.6 - prefix.length))}`;
  const lines = [title, ...v.blocks.map(block)];
  if (v.title === '' && mark !== '') lines[1] = `  ${mark}${(lines[1] ?? '').trimStart()}`;
  if (v.actions.length > 0) lines.push(`  ${v.actions.map((a, i) => `[${i + 1}] ${a.label}`).join('   ')}`);
  if (v.footer) lines.push(`  ${v.footer}`);
  return lines.filter((l) => l !== '').join('\n');
}
