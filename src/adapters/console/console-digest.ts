import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DigestMessage } from '../../core/digest.js';
import type { Channel } from '../../core/types.js';

/** Where the console writes digest images unless told otherwise: `<os temp dir>/sa-quiz`. */
export function defaultDigestDir(): string {
  return join(tmpdir(), 'sa-quiz');
}

/**
 * The weekly digest in the terminal: its text chart, and the chart PNG written to `dir` (one file
 * per channel and week) with its path, so it can be opened in an image viewer.
 */
export async function consoleDigest(dir: string, channel: Channel, digest: DigestMessage): Promise<string> {
  const lines = [digest.text];
  if (digest.image) {
    await mkdir(dir, { recursive: true });
    const path = join(dir, `sa-quiz-digest-${channel.id}-${digest.weekStart}.png`);
    await writeFile(path, digest.image.bytes);
    lines.push('', `🖼  ${path}`);
  }
  return lines.join('\n');
}
