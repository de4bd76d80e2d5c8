// Figures: percentiles of latencies, and a closed-loop load generator (N operations, C in flight).

export interface Latencies {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function latencies(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

export interface LoadResult extends Latencies {
  /** Operations completed per second over the whole run. */
  perSecond: number;
  errors: number;
  firstError?: string;
}

/** Runs `op(i)` for i in [0, total) with `concurrency` in flight; times each from call to resolution. */
export async function closedLoop(total: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<LoadResult> {
  const times: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const t0 = performance.now();
      try {
        await op(i);
        times.push(performance.now() - t0);
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  const seconds = (performance.now() - started) / 1000;
  return { ...latencies(times), perSecond: times.length / seconds, errors, firstError };
}

export const ms = (v: number) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : Math.round(v)} ms` : '–');
export const rate = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)}/s`;
export const ratio = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '–');
export const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

export async function sleep(msecs: number): Promise<void> {
  await new Promise((r) => setTimeout(r, msecs));
}
