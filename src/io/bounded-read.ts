/**
 * Reading something whose size is not ours to trust (a platform's file download, a path on the
 * command line) without ever holding more than a limit: the declared size is checked first by the
 * caller, then the bytes are read with a hard cap that stops — and cancels the source — as soon as
 * one byte too many arrives, whatever was declared, with or without a Content-Length.
 */

/** How long a whole download may take, headers and body, before it is given up. */
export const DOWNLOAD_TIMEOUT_MS = 15_000;

/** `2097152` → `2 MB`, for the "file too large" messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/**
 * The bytes of `source`, or null as soon as it turns out to hold more than `maxBytes`. Stopping
 * early ends the iteration, which cancels a web stream (and the connection under it) or destroys
 * a Node stream; at most `maxBytes` plus one chunk is ever held.
 */
export async function readAtMost(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) return null;
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * A fetch response's body, or null when it is larger than `maxBytes`: refused on its
 * Content-Length before reading when that says so, else cut off once the cap is passed. The body is
 * always consumed or cancelled, so the connection is released.
 */
export async function readResponseAtMost(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    return null;
  }
  if (!response.body) return new Uint8Array();
  return readAtMost(response.body, maxBytes);
}
