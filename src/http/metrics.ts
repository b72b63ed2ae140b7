import type { CounterName, Metrics } from '../core/ports.js';

const HELP: Readonly<Record<CounterName, string>> = {
  rounds_posted_total: 'Questions posted (or found already posted after a crash), by platform.',
  rounds_skipped_total: 'Daily rounds whose whole window was missed, by platform.',
  reveals_total: 'Reveal messages sent, by platform.',
  answers_recorded_total: 'Thread replies stored, by platform and status (counted, extra, late).',
  platform_errors_total: 'Failed platform calls for posts and reveals, by platform and kind.',
  platform_rate_limited_total: 'Rate-limit (429) answers from a platform API, by platform.',
};

/** Upper bounds of the tick-duration histogram, in seconds. */
const TICK_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function labelText(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '';
  const quote = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${entries.map(([k, v]) => `${k}="${quote(v)}"`).join(',')}}`;
}

/** In-process counters and the tick histogram, rendered in the Prometheus text format. */
export class PrometheusMetrics implements Metrics {
  private readonly counters = new Map<CounterName, Map<string, number>>();
  private readonly tickBuckets = TICK_BUCKETS.map(() => 0);
  private tickCount = 0;
  private tickSum = 0;

  count(name: CounterName, labels: Readonly<Record<string, string>> = {}): void {
    const series = this.counters.get(name) ?? new Map<string, number>();
    const key = labelText(labels);
    series.set(key, (series.get(key) ?? 0) + 1);
    this.counters.set(name, series);
  }

  observeTick(seconds: number): void {
    this.tickCount++;
    this.tickSum += seconds;
    TICK_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) this.tickBuckets[i] = (this.tickBuckets[i] ?? 0) + 1;
    });
  }

  render(): string {
    const lines: string[] = [];
    for (const name of Object.keys(HELP) as CounterName[]) {
      lines.push(`# HELP sa_quiz_${name} ${HELP[name]}`, `# TYPE sa_quiz_${name} counter`);
      for (const [labels, value] of this.counters.get(name) ?? [])
        lines.push(`sa_quiz_${name}${labels} ${value}`);
    }
    lines.push('# HELP sa_quiz_tick_duration_seconds How long one scheduler tick took.');
    lines.push('# TYPE sa_quiz_tick_duration_seconds histogram');
    TICK_BUCKETS.forEach((bound, i) => {
      lines.push(`sa_quiz_tick_duration_seconds_bucket{le="${bound}"} ${this.tickBuckets[i] ?? 0}`);
    });
    lines.push(`sa_quiz_tick_duration_seconds_bucket{le="+Inf"} ${this.tickCount}`);
    lines.push(
      `sa_quiz_tick_duration_seconds_sum ${this.tickSum}`,
      `sa_quiz_tick_duration_seconds_count ${this.tickCount}`,
    );
    return `${lines.join('\n')}\n`;
  }
}
