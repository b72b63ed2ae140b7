/**
 * Text from people and files, made safe to store and to show. PostgreSQL refuses NUL in `text`
 * and `jsonb`; other C0 controls are invisible noise; zero-width and bidirectional-override
 * characters make two strings that look alike differ (`IAM\u200b이란?`) or make a name display
 * backwards. Tabs and newlines stay.
 */

// NUL and the C0/C1 controls other than tab, newline and carriage return.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Zero-width space, word joiner and invisible operators, BOM, Mongolian vowel separator, and the
// bidirectional marks, embeddings, overrides and isolates. ZWJ/ZWNJ stay: emoji sequences use them.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const INVISIBLE = /[\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u180E\u061C]/g;

/** What PostgreSQL can store: no NUL or other control characters, no lone surrogates. */
export function storableText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROLS, '');
}

/** Storable, and without characters that are invisible or reorder what is displayed. */
export function visibleText(text: string): string {
  return storableText(text).replace(INVISIBLE, '');
}

/** True when nothing would be seen: empty once invisible characters and spaces are removed. */
export function isBlank(text: string): boolean {
  return visibleText(text).replace(/\s|\u200C|\u200D|[\u3164\u115F\u1160\u2800]/g, '') === '';
}
