/**
 * Weekday patterns of a periodic VRP (Cordeau, Gendreau & Laporte 1997, "A tabu search heuristic for
 * periodic and multi-depot vehicle routing problems", Networks 30): a customer visited f times a
 * week gets one pattern from a family of day sets that partition the service days. With service
 * days d0..d(n−1) and f dividing n, the family of frequency f has n/f patterns, pattern i =
 * {d(i), d(i + n/f), d(i + 2n/f), …}: for Mon–Sat, f = 3 gives Mon-Wed-Fri and Tue-Thu-Sat, f = 2
 * gives Mon-Thu, Tue-Fri, Wed-Sat, f = 1 single days, f = 6 every day. Patterns of one family are
 * disjoint, so lines of different patterns never compete for a vehicle on the same day.
 * Day names are plain strings (the domain's weekday codes); the order of the week is `WEEK`.
 * Bad arguments (a frequency that does not divide the days, an unknown weekday) throw
 * `SolverInputError` naming the argument.
 */
import { SolverInputError } from '../errors.ts';

/** The week in order; weekday codes as in src/domain/dataset.ts. */
export const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Frequencies the family construction supports for `n` service days: the divisors of n. */
export function supportedFrequencies(n: number): number[] {
  const out: number[] = [];
  for (let f = 1; f <= n; f++) if (n % f === 0) out.push(f);
  return out;
}

/** Smallest supported frequency ≥ `required` (capped at n). */
export function roundUpFrequency(required: number, n: number): number {
  for (const f of supportedFrequencies(n)) if (f >= required) return f;
  return n;
}

/** The patterns of frequency f over `serviceDays` (f must divide their count). */
export function patternFamily<D extends string>(serviceDays: readonly D[], f: number): D[][] {
  const n = serviceDays.length;
  if (!Number.isInteger(f) || f < 1 || n % f !== 0) {
    throw new SolverInputError('frequency', `${f} must divide the ${n} service days`);
  }
  const step = n / f;
  const out: D[][] = [];
  for (let i = 0; i < step; i++) {
    const p: D[] = [];
    for (let k = 0; k < f; k++) p.push(serviceDays[i + k * step]!);
    out.push(p);
  }
  return out;
}

function weekIndex(d: string, field: string): number {
  const i = (WEEK as readonly string[]).indexOf(d);
  if (i < 0) throw new SolverInputError(field, `unknown weekday ${d} (expected one of ${WEEK.join(', ')})`);
  return i;
}

/**
 * Days of demand each visit carries: for visit day v, the calendar days since the previous visit
 * (cyclic over the 7-day week). Parcels arrive every calendar day, so a Mon-Wed-Fri pattern
 * carries 3, 2, 2 days. Returned in the order of `days`.
 */
export function daysCarried(days: readonly string[]): number[] {
  const idx = days.map((d, i) => weekIndex(d, `days[${i}]`)).sort((a, b) => a - b);
  const byDay = new Map<number, number>();
  idx.forEach((d, k) => {
    const prev = idx[(k - 1 + idx.length) % idx.length]!;
    byDay.set(d, idx.length === 1 ? 7 : (d - prev + 7) % 7 || 7);
  });
  return days.map((d, i) => byDay.get(weekIndex(d, `days[${i}]`))!);
}

/** The largest number of days of demand any visit of the pattern carries (capacity sizing). */
export function peakDaysCarried(days: readonly string[]): number {
  return Math.max(...daysCarried(days));
}

/**
 * Mean lead time in hours from the warehouse cut-off to arrival at the village: for each service
 * day s, a parcel sorted by s's cut-off leaves on the first visit on or after s (a visit on day v
 * arriving at `arrival[v]` minutes after midnight; a same-day visit only if it departs after the
 * cut-off, which `ridesSameDay` states); the mean over service days of the hours until arrival.
 */
export function meanLeadTimeHours(
  visits: ReadonlyMap<string, number>,
  serviceDays: readonly string[],
  cutoffMinutes: number,
): number | null {
  if (visits.size === 0) return null;
  const vd = [...visits.entries()].map(([d, a]) => ({ d: weekIndex(d, `visits.${d}`), a }));
  let sum = 0;
  for (const [k, s] of serviceDays.entries()) {
    const si = weekIndex(s, `serviceDays[${k}]`);
    let best = Infinity;
    for (const v of vd) {
      let ahead = (v.d - si + 7) % 7;
      if (ahead === 0 && v.a < cutoffMinutes) ahead = 7;
      best = Math.min(best, ahead * 24 * 60 + v.a - cutoffMinutes);
    }
    sum += best / 60;
  }
  return sum / serviceDays.length;
}

/**
 * Splits items around a centre into k contiguous angular sectors of about equal weight (the sweep
 * idea of Gillett & Miller 1974): sorted by angle, starting after the widest empty gap, then cut
 * where the cumulative weight crosses i/k of the total. Deterministic (ties by index).
 */
export function sweepSplit(items: readonly { angle: number; weight: number }[], k: number): number[] {
  const n = items.length;
  const out = new Array<number>(n).fill(0);
  if (n === 0 || k <= 1) return out;
  const order = [...Array(n).keys()].sort((a, b) => items[a]!.angle - items[b]!.angle || a - b);
  let gapAt = 0;
  let gap = -1;
  for (let i = 0; i < n; i++) {
    const a = items[order[i]!]!.angle;
    const b = items[order[(i + 1) % n]!]!.angle + (i + 1 === n ? 2 * Math.PI : 0);
    if (b - a > gap) {
      gap = b - a;
      gapAt = (i + 1) % n;
    }
  }
  const rot = [...order.slice(gapAt), ...order.slice(0, gapAt)];
  const total = items.reduce((s, it) => s + Math.max(it.weight, 1e-9), 0);
  let cum = 0;
  for (const i of rot) {
    const w = Math.max(items[i]!.weight, 1e-9);
    out[i] = Math.min(k - 1, Math.floor(((cum + w / 2) / total) * k));
    cum += w;
  }
  return out;
}

/**
 * Splits a shift [start, end] (minutes) into `k` consecutive equal slots, each a separate vehicle
 * "type" for the routing solver so a vehicle can run several trips a day (multi-trip VRP by time
 * slots; the slots never overlap, so trips of one vehicle never overlap).
 */
export function shiftSlots(start: number, end: number, k: number): [number, number][] {
  const out: [number, number][] = [];
  if (end <= start || k < 1) return out;
  const len = (end - start) / k;
  for (let i = 0; i < k; i++) out.push([Math.round(start + i * len), Math.round(start + (i + 1) * len)]);
  return out;
}
