/**
 * `npm run build`: the production bundle (dist/cli.js and its chunks, as the Dockerfile's CMD
 * runs it). Dependencies stay in node_modules — native ones (PGlite's wasm, resvg), CommonJS ones
 * that find files at run time (Bolt, pino, discord.js) — except the pure-ESM ones listed in
 * BUNDLED: drizzle-orm and zod load as hundreds of small modules whose source an idle process
 * keeps (about 4 MB of RSS); bundled, only what sa-quiz uses is parsed, once.
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const BUNDLED = new Set(['drizzle-orm', 'zod']);
const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys(dependencies)
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

await build({
  entryPoints: ['src/cli.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: true,
  splitting: true,
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
