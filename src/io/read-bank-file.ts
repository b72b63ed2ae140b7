import { type FileHandle, open } from 'node:fs/promises';
import { MAX_BANK_BYTES, parseBankBytes } from '../core/bank/parse.js';
import type { ParsedBank } from '../core/bank/types.js';
import type { Locale } from '../core/types.js';
import { formatBytes, readAtMost } from './bounded-read.js';

/**
 * A bank file named on the command line, read without ever holding more than the bank limit: a
 * regular file is refused on its size before a byte is read; anything else that can be opened (a
 * device such as /dev/zero, a FIFO, `<(...)`) is read through the capped stream and refused once
 * it passes the limit. Too large is a bank error of that file (`too_long`, line 1), reported like
 * any other; a file that cannot be read at all (missing, a directory) is `unreadable` with the
 * system's error code.
 */

export type BankFileRead = { readonly bank: ParsedBank } | { readonly unreadable: string };

const CHUNK_BYTES = 64 * 1024;

async function* chunksOf(handle: FileHandle): AsyncGenerator<Uint8Array> {
  for (;;) {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

function tooLarge(file: string, detail: string): BankFileRead {
  return { bank: { format: null, questions: [], errors: [{ file, line: 1, code: 'too_long', detail }] } };
}

/** A file's bytes, read with the cap; or why not (too large, with what was seen; unreadable, with the code). */
export async function readFileAtMost(
  file: string,
  maxBytes: number,
): Promise<{ readonly bytes: Uint8Array } | { readonly tooLarge: string } | { readonly unreadable: string }> {
  const limit = formatBytes(maxBytes);
  let bytes: Uint8Array | null;
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) return { unreadable: 'EISDIR' };
    if (info.isFile() && info.size > maxBytes) return { tooLarge: `${info.size} bytes (at most ${limit})` };
    bytes = await readAtMost(chunksOf(handle), maxBytes);
  } catch (error) {
    return { unreadable: (error as NodeJS.ErrnoException).code ?? String(error) };
  } finally {
    await handle?.close().catch(() => {});
  }
  return bytes ? { bytes } : { tooLarge: `more than ${limit}` };
}

export async function readBankFile(
  file: string,
  locale: Locale | undefined,
  maxBytes = MAX_BANK_BYTES,
): Promise<BankFileRead> {
  const read = await readFileAtMost(file, maxBytes);
  if ('unreadable' in read) return read;
  if ('tooLarge' in read) return tooLarge(file, read.tooLarge);
  return { bank: parseBankBytes(file, read.bytes, locale) };
}
