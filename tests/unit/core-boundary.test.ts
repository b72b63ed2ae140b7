import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The core stays free of platforms, drivers and the system clock (DESIGN.md, style rules 1 and 3). */

const coreDir = join(import.meta.dirname, '..', '..', 'src', 'core');
const FORBIDDEN = [
  /^@slack\//,
  /^discord\.js/,
  /^@discordjs\//,
  /^drizzle-orm/,
  /^postgres$/,
  /^@electric-sql\//,
  /^node-cron/,
  /^pino/,
  /^node:(fs|http|net|child_process)/,
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('src/core boundary', () => {
  const files = sources(coreDir);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('imports no platform, database, scheduler or I/O module', () => {
    const offences: string[] = [];
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      for (const match of code.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        const target = match[1] ?? '';
        if (
          FORBIDDEN.some((p) => p.test(target)) ||
          target.includes('/adapters/') ||
          target.includes('/db/')
        ) {
          offences.push(`${relative(coreDir, file)} imports ${target}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it('never reads the system clock', () => {
    const offences = files
      .filter((f) => /Date\.now\(\)|new Date\(\)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(coreDir, f));
    expect(offences).toEqual([]);
  });
});
