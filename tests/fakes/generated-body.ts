import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

/**
 * A download body the fakes make up as they send it: any size (400 MB and more) without ever
 * holding it, one reused chunk written with backpressure, stopping as soon as the client goes.
 */

export interface GeneratedBody {
  /** How many bytes the body has. */
  readonly bytes: number;
  /** Send a Content-Length header (true), or the body chunked with no length at all (false). */
  readonly contentLength: boolean;
  /** Stop sending after this many bytes and keep the connection open: a download that hangs. */
  readonly stallAfter?: number;
}

const CHUNK = Buffer.alloc(64 * 1024, 'x');

/**
 * Sends `body` on `res` with status 200; `progress` is told the bytes handed to the socket so far.
 * Resolves when all was sent, the client went away, or the body stalled.
 */
export async function sendGenerated(
  res: ServerResponse,
  body: GeneratedBody,
  contentType: string,
  progress: (sent: number) => void,
): Promise<void> {
  res.writeHead(200, {
    'content-type': contentType,
    ...(body.contentLength ? { 'content-length': String(body.bytes) } : {}),
  });
  const end = Math.min(body.bytes, body.stallAfter ?? body.bytes);
  let sent = 0;
  let gone = false;
  const closed = once(res, 'close')
    .catch(() => {})
    .then(() => {
      gone = true;
    });
  while (sent < end && !gone) {
    const size = Math.min(CHUNK.length, end - sent);
    const ok = res.write(size === CHUNK.length ? CHUNK : CHUNK.subarray(0, size));
    sent += size;
    progress(sent);
    if (!ok) await Promise.race([once(res, 'drain').catch(() => {}), closed]);
  }
  if (!gone && body.stallAfter === undefined) res.end();
}
