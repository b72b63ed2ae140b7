import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The injected clock of a service process (SA_QUIZ_CLOCK_FILE): an ISO instant in a file that the
 * service reads at every use. Writes are atomic (a temporary file renamed over the old one), so a
 * process never reads half an instant.
 */
export class ClockFile {
  private constructor(
    private readonly dir: string,
    readonly path: string,
  ) {}

  static create(start: string | Date): ClockFile {
    const dir = mkdtempSync(join(tmpdir(), 'sa-quiz-clock-'));
    const clock = new ClockFile(dir, join(dir, 'now'));
    clock.set(start);
    return clock;
  }

  now(): Date {
    return new Date(readFileSync(this.path, 'utf8').trim());
  }

  set(at: string | Date): void {
    const instant = new Date(at);
    if (Number.isNaN(instant.getTime())) throw new Error(`not an instant: ${String(at)}`);
    const next = `${this.path}.next`;
    writeFileSync(next, instant.toISOString());
    renameSync(next, this.path);
  }

  advance(ms: number): Date {
    const next = new Date(this.now().getTime() + ms);
    this.set(next);
    return next;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
