import { decode } from 'fast-png';
import { BAR_COLOUR, BASELINE_Y } from '../../src/digest/chart-svg.js';

/**
 * Reads a digest chart PNG back: its size, and the bars along a scan line just above the
 * baseline — the runs of pixels of exactly the bars' colour (each bar is one run; a round day
 * nobody answered is a short stub, still crossed by the line).
 */
export function chartBars(png: Uint8Array): {
  width: number;
  height: number;
  bars: number;
  widths: number[];
} {
  const image = decode(png);
  const channels = image.channels;
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(BAR_COLOUR.slice(i, i + 2), 16));
  const y = BASELINE_Y - 2;
  const widths: number[] = [];
  let run = 0;
  for (let x = 0; x < image.width; x++) {
    const at = (y * image.width + x) * channels;
    const hit = image.data[at] === r && image.data[at + 1] === g && image.data[at + 2] === b;
    if (hit) run++;
    if ((!hit || x === image.width - 1) && run > 0) {
      widths.push(run);
      run = 0;
    }
  }
  return { width: image.width, height: image.height, bars: widths.length, widths };
}

/** True when the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 8)).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
}
