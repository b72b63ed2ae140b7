/** Uploads larger than this are refused before anything is parsed. */
export const DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024;

const DOWNLOAD_TIMEOUT_MS = 15_000;

/** `1048576` → `1 MB`, for the "file too large" message. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/**
 * Downloads an interaction attachment (Discord's CDN URL) without reading more than `maxBytes`:
 * null when the file is larger, whatever its declared size says. Throws on HTTP or network errors.
 */
export async function downloadAttachment(url: string, maxBytes: number): Promise<Uint8Array | null> {
  if (!/^https?:\/\//.test(url)) throw new Error('attachment URL is not http(s)');
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`attachment download failed: HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    return null;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      total += chunk.byteLength;
      if (total > maxBytes) return null;
      chunks.push(chunk);
    }
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
