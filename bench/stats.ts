/** Latency percentiles over recorded samples (milliseconds). */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i];
}

export interface Measurement {
  readonly name: string;
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
}

export function measurement(name: string, count: number, seconds: number, latenciesMs?: number[]): Measurement {
  const sorted = latenciesMs ? [...latenciesMs].sort((a, b) => a - b) : undefined;
  return {
    name,
    count,
    seconds,
    perSecond: count / seconds,
    ...(sorted ? { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) } : {}),
  };
}

export function formatRow(adapter: string, m: Measurement): string {
  const lat = m.p50Ms !== undefined ? `  p50 ${m.p50Ms.toFixed(3)} ms  p99 ${m.p99Ms!.toFixed(3)} ms` : '';
  return `${adapter.padEnd(9)} ${m.name.padEnd(44)} ${String(m.count).padStart(7)} in ${m.seconds.toFixed(2).padStart(6)} s  ${m.perSecond.toFixed(0).padStart(8)}/s${lat}`;
}
