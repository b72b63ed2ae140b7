import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DigestChart, DigestChartRenderer } from '../core/digest.js';
import { digestSvg, FONT_FAMILY } from './chart-svg.js';

/**
 * The weekly digest's chart as a PNG: the SVG of chart-svg.ts drawn by resvg (@resvg/resvg-js,
 * a native module) with Pretendard (the `pretendard` package's OTF files, Hangul included; the
 * system's fonts are never read, so every machine draws the same image).
 *
 * Each chart is drawn in a worker thread that loads resvg, draws and exits. Nothing is loaded
 * until a digest is drawn, the event loop never waits for a drawing, and the memory goes with
 * the worker: resvg's images hold their pixels (2 MB a chart) outside V8's heap, where the
 * garbage collector does not see them, so drawn in the main thread a Friday with many digests
 * kept ~200 MB more resident; in a worker each drawing costs ~60 ms and the process stays
 * within ~30 MB of where it started.
 */

/** The Regular and Bold OTF files of the `pretendard` package. */
export function pretendardFiles(): string[] {
  const root = dirname(require_().resolve('pretendard/package.json'));
  return ['Regular', 'Bold'].map((weight) =>
    join(root, 'dist', 'public', 'static', `Pretendard-${weight}.otf`),
  );
}

function require_(): NodeJS.Require {
  return createRequire(import.meta.url);
}

/** The worker: CommonJS evaluated as is, so it runs the same under tsx and from the bundle. */
const DRAW = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvg);
const png = new Resvg(workerData.svg, workerData.options).render().asPng();
parentPort.postMessage(png);
`;

/** How long one drawing may take before it is abandoned (it takes well under a second). */
const DRAW_TIMEOUT_MS = 20_000;

function draw(svg: string): Promise<Uint8Array> {
  const workerData = {
    resvg: require_().resolve('@resvg/resvg-js'),
    svg,
    options: {
      font: { fontFiles: pretendardFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
      background: '#ffffff',
    },
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(DRAW, { eval: true, workerData });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`drawing the digest chart took over ${DRAW_TIMEOUT_MS} ms`));
    }, DRAW_TIMEOUT_MS);
    worker.once('message', (png: Uint8Array) => {
      clearTimeout(timer);
      resolve(new Uint8Array(png));
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`the digest chart worker exited with ${code}`));
    });
  });
}

/** Drawings at once, whatever the number of digests due together (each worker holds ~5 MB). */
const MAX_DRAWING = 2;

export function pngChartRenderer(): DigestChartRenderer {
  let drawing = 0;
  const waiting: (() => void)[] = [];
  return {
    async render(chart: DigestChart): Promise<Uint8Array> {
      // A finished drawing hands its slot straight to the next in line.
      if (drawing >= MAX_DRAWING) await new Promise<void>((resolve) => waiting.push(resolve));
      else drawing++;
      try {
        return await draw(digestSvg(chart));
      } finally {
        const next = waiting.shift();
        if (next) next();
        else drawing--;
      }
    },
  };
}
