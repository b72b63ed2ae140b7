/**
 * Where things are in a JSON bank's text, so an error names the line a person sees: the first
 * offending character of a syntax error, and the start and keys of each question entry. One
 * iterative pass (deep nesting cannot overflow the stack); the text is never parsed twice into values.
 */

export interface EntrySpan {
  /** Offset of the entry's first character. */
  readonly start: number;
  /** Offset of each key written directly in the entry (the last one when a key repeats). */
  readonly keys: ReadonlyMap<string, number>;
}

export type JsonScan = { readonly error: number } | { readonly entries: readonly EntrySpan[] };

type Role = 'root' | 'list' | 'entry' | 'other';
type Expect = 'keyOrEnd' | 'key' | 'colon' | 'valueOrEnd' | 'value' | 'commaOrEnd';

interface Frame {
  readonly object: boolean;
  readonly role: Role;
  expect: Expect;
  key: string | null;
  readonly keys: Map<string, number> | null;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';

/** The end of the string starting at `i` (just past its closing quote), or the offset of its first fault as `-1 - offset`. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; ) {
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code < 0x20) return -1 - j;
    if (code === 0x5c) {
      const next = text[j + 1];
      if (next !== undefined && '"\\/bfnrt'.includes(next)) j += 2;
      else if (next === 'u' && HEX4.test(text.slice(j + 2, j + 6))) j += 6;
      else return -1 - j;
    } else {
      j++;
    }
  }
  return -1 - text.length;
}

/** The question list is the root array, or the array under the root object's `questions` key. */
export function scanJson(text: string): JsonScan {
  const stack: Frame[] = [];
  let entries: EntrySpan[] = [];
  let done = false;
  let i = 0;

  const startValue = (parent: Frame | undefined): number | null => {
    const ch = text[i];
    let role: Role = 'other';
    if (parent === undefined) role = ch === '[' ? 'list' : 'root';
    else if (parent.role === 'list') {
      const keys = new Map<string, number>();
      entries.push({ start: i, keys });
      if (ch === '{') {
        stack.push({ object: true, role: 'entry', expect: 'keyOrEnd', key: null, keys });
        i++;
        return null;
      }
    } else if (parent.role === 'root' && parent.object && parent.key === 'questions' && ch === '[') {
      role = 'list';
      entries = []; // a repeated "questions" key: the last one counts, as in JSON.parse
    }
    if (ch === '{' || ch === '[') {
      stack.push({
        object: ch === '{',
        role,
        expect: ch === '{' ? 'keyOrEnd' : 'valueOrEnd',
        key: null,
        keys: null,
      });
      i++;
      return null;
    }
    if (ch === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return -1 - end;
      i = end;
    } else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return i;
      i = NUMBER.lastIndex;
    } else {
      const literal = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (!literal) return i;
      i += literal.length;
    }
    if (stack.length === 0) done = true;
    return null;
  };

  while (true) {
    while (isSpace(text[i])) i++;
    const top = stack[stack.length - 1];
    if (i >= text.length) return done && top === undefined ? { entries } : { error: text.length };
    if (top === undefined) {
      if (done) return { error: i };
      const fault = startValue(undefined);
      if (fault !== null) return { error: fault };
      continue;
    }
    const ch = text[i];
    if ((top.expect === 'keyOrEnd' && ch === '}') || (top.expect === 'valueOrEnd' && ch === ']')) {
      stack.pop();
      i++;
      if (stack.length === 0) done = true;
      continue;
    }
    switch (top.expect) {
      case 'keyOrEnd':
      case 'key': {
        if (ch !== '"') return { error: i };
        const end = stringEnd(text, i);
        if (end < 0) return { error: -1 - end };
        top.key = JSON.parse(text.slice(i, end)) as string;
        top.keys?.set(top.key, i);
        top.expect = 'colon';
        i = end;
        break;
      }
      case 'colon':
        if (ch !== ':') return { error: i };
        top.expect = 'value';
        i++;
        break;
      case 'valueOrEnd':
      case 'value': {
        top.expect = 'commaOrEnd';
        const fault = startValue(top);
        if (fault !== null) return { error: fault };
        break;
      }
      case 'commaOrEnd':
        if (ch === ',') {
          top.expect = top.object ? 'key' : 'value';
          i++;
        } else if (ch === (top.object ? '}' : ']')) {
          stack.pop();
          i++;
          if (stack.length === 0) done = true;
        } else {
          return { error: i };
        }
        break;
    }
  }
}

/** Offset → 1-based line, with the line starts computed once. */
export function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
