import { describe, expect, it } from 'vitest';
import { buildWeekDigest, type DigestChart, digestChart } from '../../src/core/digest.js';
import { messages } from '../../src/core/i18n/catalog.js';
import { pngChartRenderer, pretendardFiles } from '../../src/digest/chart.js';
import { CHART_HEIGHT, CHART_WIDTH, digestSvg } from '../../src/digest/chart-svg.js';
import { chartBars, isPng } from '../helpers/png-bars.js';

/** Monday to Friday, Wednesday without a round, Thursday's round without answers. */
const WEEK = buildWeekDigest(
  '2025-03-14',
  [
    { localDate: '2025-03-10', rounds: 1, answers: 6 },
    { localDate: '2025-03-11', rounds: 1, answers: 3 },
    { localDate: '2025-03-13', rounds: 1, answers: 0 },
    { localDate: '2025-03-14', rounds: 1, answers: 5 },
  ],
  [
    { userId: 'U1', userName: '김민지', answers: 4, score: 3.2 },
    { userId: 'U2', userName: 'Alice <script>', answers: 3, score: 2.5 },
  ],
  4,
);

describe('weekly digest chart', () => {
  const renderer = pngChartRenderer();

  it('is a PNG with one bar per round day, a day without answers included', async () => {
    const png = await renderer.render(digestChart(messages('ko'), WEEK));
    expect(isPng(png)).toBe(true);
    const read = chartBars(png);
    expect(read).toMatchObject({ width: CHART_WIDTH, height: CHART_HEIGHT, bars: 4 });
    // Every bar the same width: none is cut or merged with another.
    expect(new Set(read.widths).size).toBe(1);
  });

  it('draws as many bars as the week had round days', async () => {
    for (const days of [1, 5, 7]) {
      const chart: DigestChart = {
        ...digestChart(messages('en'), WEEK),
        bars: Array.from({ length: days }, (_, i) => ({ label: `D${i}`, sublabel: '', value: i * 3 })),
      };
      expect(chartBars(await renderer.render(chart)).bars).toBe(days);
    }
  });

  it('escapes names and ships its own font with Hangul', async () => {
    const svg = digestSvg(digestChart(messages('ko'), WEEK));
    expect(svg).toContain('Alice &#60;script&#62;');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('>월<');
    expect(pretendardFiles().map((f) => f.split('/').pop())).toEqual([
      'Pretendard-Regular.otf',
      'Pretendard-Bold.otf',
    ]);
  });
});
