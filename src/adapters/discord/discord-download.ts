import { MAX_BANK_BYTES } from '../../core/bank/parse.js';
import { DOWNLOAD_TIMEOUT_MS, readResponseAtMost } from '../../io/bounded-read.js';

/** Uploads larger than this are refused before anything is parsed: the bank limit itself. */
export const DEFAULT_MAX_UPLOAD_BYTES = MAX_BANK_BYTES;

/**
 * Downloads an interaction attachment (Discord's CDN URL) without reading more than `maxBytes`:
 * null when the file is larger, whatever its declared size says. Throws on HTTP or network errors
 * and once `timeoutMs` has passed.
 */
export async function downloadAttachment(
  url: string,
  maxBytes: number,
  timeoutMs = DOWNLOAD_TIMEOUT_MS,
): Promise<Uint8Array | null> {
  if (!/^https?:\/\//.test(url)) throw new Error('attachment URL is not http(s)');
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new Error(`attachment download failed: HTTP ${response.status}`);
  }
  return readResponseAtMost(response, maxBytes);
}
