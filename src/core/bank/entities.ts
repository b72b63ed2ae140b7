/**
 * HTML character references in the two markdown formats (`&amp;`, `&lt;`, `&#10;`, `&#x1F600;`).
 * They are decoded exactly once, after the file's structure is read, so `&amp;lt;` is the text
 * `&lt;` and `&lt;/details&gt;` is text, not the end of a block. The exporter writes the inverse.
 */

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  middot: '·',
  bull: '•',
  times: '×',
  deg: '°',
  larr: '←',
  rarr: '→',
  harr: '↔',
  rArr: '⇒',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
};

const REFERENCE = /&(?:#([0-9]+)|#[xX]([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));/g;
/** An `&` that starts something the decoder would read as a reference (known name or not). */
const REFERENCE_START = /&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)/g;

function fromCodePoint(code: number): string {
  // As browsers do: NUL, surrogates and values beyond Unicode become U+FFFD.
  if (code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    return '\ufffd';
  }
  return String.fromCodePoint(code);
}

/** One pass: each reference is replaced once; unknown names stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, decimal?: string, hex?: string, name?: string) => {
    // Very long digit runs are out of range anyway; they are not parsed.
    const digits = (decimal ?? hex ?? '').replace(/^0+(?=.)/, '');
    if (decimal !== undefined) return fromCodePoint(digits.length > 8 ? -1 : Number.parseInt(digits, 10));
    if (hex !== undefined) return fromCodePoint(digits.length > 7 ? -1 : Number.parseInt(digits, 16));
    return (name !== undefined && Object.hasOwn(NAMED, name) ? NAMED[name] : undefined) ?? whole;
  });
}

/** Text the decoder gives back unchanged and that opens no tag: `&` before a reference, and `<`. */
export function escapeMarkup(text: string): string {
  return text.replace(REFERENCE_START, '&amp;').replace(/</g, '&lt;');
}

/** One character as a numeric reference, for characters that would otherwise be read as structure. */
export function numericReference(ch: string): string {
  return `&#${ch.codePointAt(0)};`;
}
