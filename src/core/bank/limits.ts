/** Bounds on what one upload may hold, checked while reading so nothing unbounded is built. */

/** Bytes of one bank file. */
export const MAX_BANK_BYTES = 2 * 1024 * 1024;
/** Questions in one upload (entries per file, distinct questions per import); also a fair per-workspace cap. */
export const MAX_QUESTIONS_PER_UPLOAD = 5000;
/** Characters of a title. */
export const MAX_TITLE = 300;
/** Characters of a definition or one benefit or risk. */
export const MAX_FIELD = 6000;
/** Key points of one question in one language. */
export const MAX_KEY_POINTS = 8;
/** Characters of one key point's text. */
export const MAX_KEY_POINT_TEXT = 300;
/** Alternatives (terms) of one key point. */
export const MAX_KEY_POINT_TERMS = 24;
/** Characters of one term. */
export const MAX_TERM = 80;
