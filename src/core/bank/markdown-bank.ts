import type { KeyPoint, Locale, NoteSection, QuestionText } from '../types.js';
import { isPlaceholder } from './content.js';
import { KEY_POINTS_LABEL, keyPointsOf } from './key-points.js';
import { buildOutline, itemWithChildren, type OutlineItem, renderChildren } from './outline.js';
import type { RawProfile } from './profile.js';
import { displayTitle, isValidId } from './title.js';
import type { BankError, ParsedQuestion } from './types.js';

/**
 * The question-bank markdown of the first seed: `# N. Category` headings and one
 * `<details><summary>Qn. Title</summary>` block per question (see docs/bank-format.md).
 */

const NUMBERED_HEADING = /^#{1,3}\s+\d+\s*[.)]\s*(.+?)\s*#*\s*$/;
const DETAILS_OPEN = /<details\b([^>]*)>/i;
const DETAILS_CLOSE = /<\/details\s*>/i;
const SUMMARY = /<summary\b[^>]*>([\s\S]*?)<\/summary\s*>/i;
const ID_ATTRIBUTE = /\bid\s*=\s*["']([^"']*)["']/i;
const MARKUP_LINE = /^\s*<\/?(div|br|p|summary)\b[^>]*>\s*$/i;

type Keyword =
  | 'benefits'
  | 'risks'
  | 'keyPoints'
  | 'categories'
  | 'docs'
  | 'followUp'
  | 'aliases'
  | 'brief'
  | 'whenNot'
  | 'pillar'
  | 'domain'
  | 'level'
  | 'lastVerified'
  | 'definitionLabel';

const KEYWORDS: readonly [Keyword, RegExp][] = [
  ['benefits', /^(benefits?|장점|이점)\s*(?::\s*(.*))?$/i],
  ['risks', /^(risks?|단점|위험|리스크|trade-?offs?)\s*(?::\s*(.*))?$/i],
  ['keyPoints', KEY_POINTS_LABEL],
  ['categories', /^(categories|category|카테고리|분류)\s*:\s*(.*)$/i],
  ['docs', /^(docs?|documentation|참고 ?문서|문서|참고)\s*:\s*(.*)$/i],
  ['followUp', /^(follow-?up|꼬리 ?질문|후속 ?질문)\s*:\s*(.*)$/i],
  ['aliases', /^(aliases|alias|별칭)\s*:\s*(.*)$/i],
  ['brief', /^(30[- ]?seconds? answer|in 30 seconds|30초 ?답변|30초 ?요약)\s*(?::\s*(.*))?$/i],
  ['whenNot', /^(when not to use(?: it)?|쓰지 말아야 할 때|사용하지 말아야 할 때)\s*(?::\s*(.*))?$/i],
  ['pillar', /^(pillars?|원칙|기둥)\s*:\s*(.*)$/i],
  ['domain', /^(domains?|exam domains?|시험 도메인|도메인)\s*:\s*(.*)$/i],
  ['level', /^(level|레벨|난이도)\s*:\s*(.*)$/i],
  ['lastVerified', /^(last verified|verified|최종 확인|마지막 확인)\s*:\s*(.*)$/i],
  ['definitionLabel', /^(답변|정의|answer|definition)\s*(?::\s*(.*))?$/i],
];

function stripEmphasis(text: string): string {
  return text
    .replace(/^\*\*(.*)\*\*$/, '$1')
    .replace(/^__(.*)__$/, '$1')
    .trim();
}

function classify(item: OutlineItem): { keyword: Keyword; inline: string } | null {
  const text = stripEmphasis(item.text);
  for (const [keyword, pattern] of KEYWORDS) {
    const match = pattern.exec(text);
    if (match) return { keyword, inline: (match[2] ?? '').trim() };
  }
  return null;
}

/** True when a top-level bullet with this text would be read as `Benefits`, `Docs:` and so on. */
export function isKeywordLine(text: string): boolean {
  return classify({ text, line: 0, indent: 0, children: [], body: [] }) !== null;
}

/** `X란? 설명` → `설명`; `What is X? text` → `text`; a line with no such lead-in stays whole. */
function definitionLead(text: string): string {
  const korean = /^(.{0,80}?)(이란|란|는|은)\s*[?？]\s*(.*)$/u.exec(text);
  if (korean) return (korean[3] ?? '').trim();
  const english = /^what\s+(is|are)\b[^?]{0,80}\?\s*(.*)$/i.exec(text);
  if (english) return (english[2] ?? '').trim();
  return text.trim();
}

/** A lone sub-bullet under `- X란?` is the definition itself, not a one-item list. */
function definitionLines(lead: string, item: OutlineItem): string[] {
  const only = item.body.filter((e) => e !== '');
  const single =
    only.length === 1 && typeof only[0] !== 'string' && only[0]?.children.length === 0 ? only[0] : null;
  const rest = single ? [single.text] : renderChildren(item);
  return lead === '' ? rest : [lead, ...rest];
}

function listOf(item: OutlineItem, inline: string): string[] {
  const items = item.children.map(itemWithChildren).filter((t) => !isPlaceholder(t));
  return isPlaceholder(inline) ? items : [inline, ...items];
}

function splitList(text: string): string[] {
  return text
    .split(/[,，]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

interface Block {
  readonly line: number;
  readonly id: string | null;
  readonly title: string | null;
  readonly category: string | null;
  readonly body: { text: string; line: number }[];
}

function toText(block: Block, title: string): { text: QuestionText; profile: RawProfile } {
  let definition: string[] = [];
  let benefits: string[] = [];
  let risks: string[] = [];
  const notes: NoteSection[] = [];
  const categories = block.category ? [block.category] : [];
  const aliases: string[] = [];
  const keyPoints: KeyPoint[] = [];
  let docs: string | null = null;
  let followUp: string | null = null;
  let listsStarted = false;
  let brief: string[] = [];
  let whenNotToUse: string[] = [];
  const pillars: string[] = [];
  const domains: string[] = [];
  let level = '';
  let lastVerified = '';

  for (const item of buildOutline(block.body)) {
    const found = classify(item);
    if (found?.keyword === 'benefits') {
      benefits = [...benefits, ...listOf(item, found.inline)];
      listsStarted = true;
    } else if (found?.keyword === 'risks') {
      risks = [...risks, ...listOf(item, found.inline)];
      listsStarted = true;
    } else if (found?.keyword === 'keyPoints') {
      keyPoints.push(...keyPointsOf(item, found.inline));
      listsStarted = true;
    } else if (found?.keyword === 'categories') {
      for (const c of splitList(found.inline)) if (!categories.includes(c)) categories.push(c);
    } else if (found?.keyword === 'aliases') {
      aliases.push(...splitList(found.inline));
    } else if (found?.keyword === 'docs') {
      docs = found.inline === '' ? null : found.inline;
    } else if (found?.keyword === 'followUp') {
      followUp = found.inline === '' ? null : found.inline;
    } else if (found?.keyword === 'brief') {
      brief = [...brief, ...definitionLines(isPlaceholder(found.inline) ? '' : found.inline, item)];
    } else if (found?.keyword === 'whenNot') {
      whenNotToUse = [...whenNotToUse, ...listOf(item, found.inline)];
    } else if (found?.keyword === 'pillar') {
      pillars.push(...splitList(found.inline));
    } else if (found?.keyword === 'domain') {
      domains.push(...splitList(found.inline));
    } else if (found?.keyword === 'level') {
      level = found.inline;
    } else if (found?.keyword === 'lastVerified') {
      lastVerified = found.inline;
    } else if (!listsStarted) {
      const lead = found?.keyword === 'definitionLabel' ? found.inline : definitionLead(item.text);
      definition = [...definition, ...definitionLines(isPlaceholder(lead) ? '' : lead, item)];
    } else {
      const items = item.children.map(itemWithChildren).filter((t) => !isPlaceholder(t));
      notes.push({ title: item.text, items });
    }
  }
  const text: QuestionText = {
    title,
    categories,
    definition: definition.join('\n').trim(),
    benefits,
    risks,
    notes,
    docs,
    followUp,
    aliases,
    ...(keyPoints.length > 0 ? { keyPoints } : {}),
  };
  const profile: RawProfile = {
    brief: brief.join('\n').trim(),
    whenNotToUse,
    pillars,
    domains,
    level,
    lastVerified,
  };
  return { text, profile };
}

export function parseMarkdownBank(
  file: string,
  lines: readonly string[],
  locale: Locale,
): {
  questions: ParsedQuestion[];
  errors: BankError[];
} {
  const questions: ParsedQuestion[] = [];
  const errors: BankError[] = [];
  let category: string | null = null;
  let open: {
    line: number;
    id: string | null;
    title: string | null;
    body: { text: string; line: number }[];
  } | null = null;

  const close = (): void => {
    if (!open) return;
    const block: Block = { ...open, category };
    open = null;
    if (block.title === null) {
      errors.push({ file, line: block.line, code: 'missing_summary', detail: '<summary>' });
      return;
    }
    const title = displayTitle(block.title.replace(/<[^>]+>/g, ''));
    if (title === '') {
      errors.push({ file, line: block.line, code: 'empty_title', detail: '' });
      return;
    }
    if (block.id !== null && !isValidId(block.id)) {
      errors.push({ file, line: block.line, code: 'invalid_id', detail: block.id });
      return;
    }
    const { text, profile } = toText(block, title);
    questions.push({ id: block.id, locale, text, profile, file, line: block.line });
  };

  lines.forEach((raw, index) => {
    const line = index + 1;
    if (!open) {
      const heading = NUMBERED_HEADING.exec(raw);
      if (heading) {
        category = (heading[1] ?? '').replace(/\*\*/g, '').trim();
        return;
      }
      const details = DETAILS_OPEN.exec(raw);
      if (!details) return;
      const id = ID_ATTRIBUTE.exec(details[1] ?? '')?.[1]?.trim() ?? null;
      open = { line, id, title: null, body: [] };
      const rest = raw.slice((details.index ?? 0) + details[0].length);
      const summary = SUMMARY.exec(rest);
      if (summary) open.title = summary[1] ?? '';
      if (DETAILS_CLOSE.test(rest)) close();
      return;
    }
    const current: { title: string | null; body: { text: string; line: number }[]; line: number } = open;
    if (DETAILS_OPEN.test(raw)) {
      errors.push({ file, line: current.line, code: 'unclosed_details', detail: `<details> @${line}` });
      open = null;
      const details = DETAILS_OPEN.exec(raw);
      const id = ID_ATTRIBUTE.exec(details?.[1] ?? '')?.[1]?.trim() ?? null;
      open = { line, id, title: SUMMARY.exec(raw)?.[1] ?? null, body: [] };
      return;
    }
    const summary = SUMMARY.exec(raw);
    if (summary && current.title === null) {
      current.title = summary[1] ?? '';
      return;
    }
    if (DETAILS_CLOSE.test(raw)) {
      close();
      return;
    }
    if (MARKUP_LINE.test(raw)) return;
    current.body.push({ text: raw, line });
  });
  if (open !== null) {
    errors.push({
      file,
      line: (open as { line: number }).line,
      code: 'unclosed_details',
      detail: '</details>',
    });
  }
  return { questions, errors };
}
