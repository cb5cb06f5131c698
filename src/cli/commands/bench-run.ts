/**
 * The work of `rural-dispatch bench` (declared in ./bench.ts, this module is loaded when it runs):
 * solves every instance of a benchmark set and compares with the best-known solutions.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../../errors.ts';
import type { Objective } from '../../../solver/index.ts';
import { solveSolomonFile, type SolveResult } from './solve-run.ts';

/** One BKS row. */
interface BksRow {
  vehicles: number;
  distance: number;
  distOnlyVehicles: number;
  distOnlyDistance: number;
}

async function readBks(file: string): Promise<Map<string, BksRow>> {
  const lines = (await readFile(file, 'utf8')).trim().split(/\r?\n/);
  const head = lines[0]!.split(',');
  const col = (name: string, required = true): number => {
    const i = head.indexOf(name);
    if (i < 0 && required) throw new ValidationError([{ file, row: 1, field: name, reason: 'column missing' }]);
    return i;
  };
  // The distance-only columns are optional (the Gehring–Homberger file has hierarchical values only).
  const [ci, cv, cd] = [col('instance'), col('vehicles'), col('distance')];
  const [cov, cod] = [col('dist_only_vehicles', false), col('dist_only_distance', false)];
  const out = new Map<string, BksRow>();
  for (const l of lines.slice(1)) {
    const f = l.split(',');
    out.set(f[ci]!.toUpperCase(), {
      vehicles: Number(f[cv]),
      distance: Number(f[cd]),
      distOnlyVehicles: cov < 0 ? NaN : Number(f[cov]),
      distOnlyDistance: cod < 0 ? NaN : Number(f[cod]),
    });
  }
  return out;
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const pct = (x: number): number => Math.round(x * 1e4) / 1e2;

/** Options of `bench`. */
export interface BenchOptions {
  bks: string;
  seconds?: number;
  iterations?: number;
  seed: number;
  objective: Objective;
  cpuClock?: boolean;
  /** Solve only the instances whose name (without .txt) matches. */
  only?: RegExp;
}

/** Runs the benchmark and returns the summary (also printed). */
export async function benchSolomon(
  dir: string,
  opts: BenchOptions,
  log: (line: string) => void,
): Promise<Record<string, unknown>> {
  const bks = await readBks(opts.bks);
  const only = opts.only;
  const files = (await readdir(dir))
    .filter((f) => f.toLowerCase().endsWith('.txt') && (only === undefined || only.test(f.slice(0, -4))))
    .sort();
  const rows: { instance: string; result: SolveResult; ref?: BksRow; gap: number }[] = [];
  const hier = opts.objective === 'hierarchical';
  log(['instance', 'veh', 'bks_veh', 'distance', 'bks_dist', 'gap%', 'feasible', 'seconds', 'cpu_s'].join('\t'));
  for (const f of files) {
    const result = await solveSolomonFile(join(dir, f), opts);
    const ref = bks.get(result.instance.toUpperCase());
    const refDist = ref ? (hier ? ref.distance : ref.distOnlyDistance) : NaN;
    const gap = result.distance / refDist - 1;
    rows.push({ instance: result.instance, result, gap, ...(ref ? { ref } : {}) });
    log(
      [
        result.instance,
        result.vehicles,
        ref ? (hier ? ref.vehicles : ref.distOnlyVehicles) : '?',
        result.distance.toFixed(2),
        Number.isFinite(refDist) ? refDist.toFixed(2) : '?',
        (gap * 100).toFixed(2),
        result.feasible ? 'yes' : 'NO',
        result.seconds.toFixed(1),
        result.cpuSeconds.toFixed(1),
      ].join('\t'),
    );
  }
  const withRef = rows.filter((r) => r.ref !== undefined);
  const gaps = withRef.map((r) => r.gap);
  const summary: Record<string, unknown> = {
    objective: opts.objective,
    budget: opts.iterations !== undefined ? { iterations: opts.iterations } : { seconds: opts.seconds ?? 10 },
    clock: opts.cpuClock ? 'process CPU time' : 'wall time',
    seed: opts.seed,
    instances: rows.length,
    feasible: rows.filter((r) => r.result.feasible).length,
    CNV: rows.reduce((s, r) => s + r.result.vehicles, 0),
    CTD: Math.round(rows.reduce((s, r) => s + r.result.distance, 0) * 100) / 100,
    totalSeconds: Math.round(rows.reduce((s, r) => s + r.result.seconds, 0) * 10) / 10,
    meanSeconds: Math.round((rows.reduce((s, r) => s + r.result.seconds, 0) / Math.max(1, rows.length)) * 100) / 100,
    meanCpuSeconds: Math.round((rows.reduce((s, r) => s + r.result.cpuSeconds, 0) / Math.max(1, rows.length)) * 100) / 100,
  };
  if (!hier) {
    Object.assign(summary, {
      reference: 'dist_only_distance',
      meanGapPct: pct(gaps.reduce((s, g) => s + g, 0) / Math.max(1, gaps.length)),
      medianGapPct: pct(median(gaps)),
      worstGapPct: pct(Math.max(...gaps)),
      atBks: withRef.filter((r) => r.result.distance <= r.ref!.distOnlyDistance + 0.005).length,
      bksCNV: withRef.reduce((s, r) => s + r.ref!.distOnlyVehicles, 0),
      bksCTD: Math.round(withRef.reduce((s, r) => s + r.ref!.distOnlyDistance, 0) * 100) / 100,
    });
  } else {
    const equal = withRef.filter((r) => r.result.vehicles === r.ref!.vehicles);
    const eqGaps = equal.map((r) => r.gap);
    Object.assign(summary, {
      reference: 'vehicles, then distance',
      vehiclesEqualBks: equal.length,
      vehiclesAboveBks: withRef.filter((r) => r.result.vehicles > r.ref!.vehicles).length,
      vehiclesBelowBks: withRef.filter((r) => r.result.vehicles < r.ref!.vehicles).length,
      meanGapPctWhereEqual: pct(eqGaps.reduce((s, g) => s + g, 0) / Math.max(1, eqGaps.length)),
      medianGapPctWhereEqual: pct(median(eqGaps)),
      worstGapPctWhereEqual: eqGaps.length ? pct(Math.max(...eqGaps)) : null,
      atBks: equal.filter((r) => r.result.distance <= r.ref!.distance + 0.005).length,
      bksCNV: withRef.reduce((s, r) => s + r.ref!.vehicles, 0),
    });
  }
  summary['perInstance'] = rows.map((r) => ({
    instance: r.instance,
    vehicles: r.result.vehicles,
    distance: r.result.distance,
    gapPct: pct(r.gap),
    feasible: r.result.feasible,
    seconds: r.result.seconds,
    cpuSeconds: r.result.cpuSeconds,
  }));
  return summary;
}

/** Runs `bench`: the per-instance table, then the JSON summary, on stdout. */
export async function runBench(set: string, dir: string, opts: BenchOptions): Promise<void> {
  if (set !== 'solomon') throw new ValidationError([{ field: 'set', reason: 'must be solomon' }]);
  const summary = await benchSolomon(dir, opts, (l) => process.stdout.write(l + '\n'));
  process.stdout.write(JSON.stringify(summary) + '\n');
}
