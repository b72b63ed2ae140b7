/** Bounds on what one upload may hold, checked while reading so nothing unbounded is built. */

/** Bytes of one bank file. */
export const MAX_BANK_BYTES = 2 * 1024 * 1024;
/** Questions in one upload (entries per file, distinct questions per import); also a fair per-workspace cap. */
export const MAX_QUESTIONS_PER_UPLOAD = 5000;
/** Characters of a title. */
export const MAX_TITLE = 300;
/** Characters of a definition or one benefit or risk. */
export const MAX_FIELD = 6000;
