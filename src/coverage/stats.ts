/** Small statistics helpers of the coverage metrics: ratios, means and nearest-rank percentiles. */
import type { LeadTimeStats, Ratio } from './types.ts';

/** `num / den` as a `Ratio`; the rate is null when `den` is 0 (a township with no villages). */
export function ratio(num: number, den: number): Ratio {
  return { num, den, rate: den > 0 ? num / den : null };
}

/**
 * Nearest-rank percentile (the smallest sample value with at least `p`% of the sample at or below
 * it): p50 of [1, 2, 3, 4] is 2, p95 of 1..20 is 19. Chosen over interpolation because officials
 * can check it by hand and it is always an observed value. `sorted` must be ascending and non-empty.
 */
export function nearestRank(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** Mean, p50 and p95 (nearest rank) of `values` in hours; nulls when empty. */
export function leadTimeStats(values: readonly number[]): LeadTimeStats {
  if (values.length === 0) return { n: 0, mean: null, p50: null, p95: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { n: sorted.length, mean, p50: nearestRank(sorted, 50), p95: nearestRank(sorted, 95) };
}
