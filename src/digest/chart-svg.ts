import type { DigestChart } from '../core/digest.js';

/**
 * The weekly digest's chart as SVG, built by hand: a bar per round day (answers counted) on the
 * left, the week's top scores on the right. Every shape sits on whole pixels, so the bars keep
 * one exact colour (tests/unit/digest-chart.test.ts counts them along a scan line), and a round
 * day without answers still shows a stub of BAR_MIN pixels.
 */

export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 540;
/** The bars' colour, exactly (no gradient, no anti-aliasing inside a bar). */
export const BAR_COLOUR = '#2563eb';
/** The baseline the bars stand on; a scan line just above it crosses every bar. */
export const BASELINE_Y = 430;
/** The height of a bar for a round day nobody answered. */
export const BAR_MIN = 4;
export const FONT_FAMILY = 'Pretendard';

const PLOT = { left: 56, right: 600, top: 150 };
const PANEL = { left: 640, right: 920, top: 150 };
const SCORE_COLOUR = '#f59e0b';
const INK = '#111827';
const MUTED = '#6b7280';
const GRID = '#e5e7eb';

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** At most `max` characters (code points), with an ellipsis when cut. */
function clip(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

function text(
  x: number,
  y: number,
  content: string,
  options: { size: number; weight?: 400 | 700; fill?: string; anchor?: 'start' | 'middle' | 'end' },
): string {
  return (
    `<text x="${x}" y="${y}" font-size="${options.size}" font-weight="${options.weight ?? 400}"` +
    ` fill="${options.fill ?? INK}" text-anchor="${options.anchor ?? 'start'}">${escapeXml(content)}</text>`
  );
}

/** A round number of answers per grid step, so the axis reads 0, 2, 4… or 0, 5, 10… */
function gridStep(max: number): number {
  for (const step of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]) if (max / step <= 5) return step;
  return Math.ceil(max / 5);
}

function bars(chart: DigestChart): string[] {
  const out: string[] = [];
  const height = BASELINE_Y - PLOT.top;
  const max = Math.max(1, ...chart.bars.map((b) => b.value));
  const step = gridStep(max);
  const top = Math.ceil(max / step) * step;
  for (let v = 0; v <= top; v += step) {
    const y = Math.round(BASELINE_Y - (v / top) * height);
    out.push(`<rect x="${PLOT.left}" y="${y}" width="${PLOT.right - PLOT.left}" height="1" fill="${GRID}"/>`);
    out.push(text(PLOT.left - 10, y + 5, String(v), { size: 14, fill: MUTED, anchor: 'end' }));
  }
  out.push(text(PLOT.left - 40, PLOT.top - 34, chart.axisLabel, { size: 14, fill: MUTED }));
  const n = Math.max(1, chart.bars.length);
  const slot = Math.floor((PLOT.right - PLOT.left) / n);
  const width = Math.min(64, Math.floor(slot * 0.6));
  chart.bars.forEach((bar, i) => {
    const x = PLOT.left + i * slot + Math.floor((slot - width) / 2);
    const h = Math.max(BAR_MIN, Math.round((bar.value / top) * height));
    const centre = x + Math.floor(width / 2);
    out.push(`<rect x="${x}" y="${BASELINE_Y - h}" width="${width}" height="${h}" fill="${BAR_COLOUR}"/>`);
    out.push(
      text(centre, BASELINE_Y - h - 10, String(bar.value), { size: 18, weight: 700, anchor: 'middle' }),
    );
    out.push(text(centre, BASELINE_Y + 30, bar.label, { size: 18, weight: 700, anchor: 'middle' }));
    out.push(text(centre, BASELINE_Y + 54, bar.sublabel, { size: 14, fill: MUTED, anchor: 'middle' }));
  });
  return out;
}

function topScores(chart: DigestChart): string[] {
  const out = [text(PANEL.left, PANEL.top - 16, chart.topHeading, { size: 20, weight: 700 })];
  if (chart.top.length === 0) {
    out.push(text(PANEL.left, PANEL.top + 24, chart.emptyTop, { size: 16, fill: MUTED }));
    return out;
  }
  const best = Math.max(...chart.top.map((t) => t.score), 0.000001);
  const full = PANEL.right - PANEL.left;
  chart.top.forEach((entry, i) => {
    const y = PANEL.top + 20 + i * 58;
    out.push(text(PANEL.left, y, `${entry.rank}. ${clip(entry.name, 14)}`, { size: 18, weight: 700 }));
    const w = Math.max(2, Math.round((entry.score / best) * full));
    out.push(`<rect x="${PANEL.left}" y="${y + 8}" width="${w}" height="8" fill="${SCORE_COLOUR}"/>`);
    out.push(text(PANEL.left, y + 34, entry.detail, { size: 14, fill: MUTED }));
  });
  return out;
}

/** The chart as an SVG document; its text in FONT_FAMILY (the renderer supplies the font). */
export function digestSvg(chart: DigestChart): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}"`,
    ` viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${FONT_FAMILY}">`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
    text(40, 58, clip(chart.title, 48), { size: 30, weight: 700 }),
    text(40, 92, clip(chart.subtitle, 80), { size: 18, fill: MUTED }),
    ...bars(chart),
    ...topScores(chart),
    '</svg>',
  ].join('');
}
