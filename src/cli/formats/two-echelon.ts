/**
 * `rural-dispatch solve FILE --format 2e`: reads a 2E-CVRP instance in the unified format of
 * Breunig, Schmid, Hartl & Vidal (2016) (described in ../shared/benchmarks/2echelon/README.md) and
 * returns the contract object `{instance, cost, firstEchelon, secondEchelon, seconds}`.
 * Satellite and customer numbers in the output are the file's 1-based positions.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ValidationError } from '../../errors.ts';
import {
  buildData,
  solveTwoEchelon,
  SolverInputError,
  type TwoEchelonData,
  type TwoEchelonInstance,
  type TwoEchelonSolution,
} from '../../../solver/index.ts';

/** Options of `solve --format 2e`: wall-clock budget and RNG seed. */
export interface TwoEchelonCliOptions {
  readonly seconds: number;
  readonly seed: number;
  /** Optional iteration cap (deterministic runs); the time budget still applies. */
  readonly iterations?: number;
}

/** The printed result (the `solve --format 2e` output contract). */
export interface TwoEchelonCliResult {
  readonly instance: string;
  readonly cost: number;
  readonly firstEchelon: { route: number[]; loads: number[] }[];
  readonly secondEchelon: { satellite: number; route: number[] }[];
  readonly seconds: number;
  readonly feasible: boolean;
  /** Seconds until the returned solution was first found. */
  readonly secondsToBest?: number;
}

function nums(group: string, file: string, field: string, count: readonly number[]): number[] {
  const v = group.split(',').map((x) => Number(x.trim()));
  if (!count.includes(v.length) || v.some((x) => !Number.isFinite(x))) {
    throw new ValidationError([{ file, field, reason: `expected ${count.join(' or ')} comma-separated numbers, got "${group}"` }]);
  }
  return v;
}

/** Parses the unified 2E-VRP text format; errors name the file, the data line and the rule. */
export function parseTwoEchelon(text: string, name: string): TwoEchelonInstance {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('!'));
  if (lines.length < 4) {
    throw new ValidationError([{ file: name, field: 'data lines', reason: `expected 4 data lines (trucks, freighters, stores, customers), got ${lines.length}` }]);
  }
  const [K1, Q1, c1, F1] = nums(lines[0]!, name, 'trucks (K1,Q1,c1,F1)', [4]) as [number, number, number, number];
  const [Ks, K2, Q2, c2, F2] = nums(lines[1]!, name, 'city freighters (Ks,K2,Q2,c2,F2)', [5]) as [number, number, number, number, number];
  const stores = lines[2]!.split(/\s+/).map((g) => nums(g, name, 'stores (x,y[,h])', [2, 3]));
  if (stores.length < 2) throw new ValidationError([{ file: name, field: 'stores', reason: 'need a depot and at least one satellite' }]);
  const customers = lines[3]!.split(/\s+/).map((g) => nums(g, name, 'customers (x,y,q)', [3]));
  const depot = stores[0]!;
  return {
    name,
    K1, Q1, c1, F1, Ks, K2, Q2, c2, F2,
    depot: { x: depot[0]!, y: depot[1]! },
    satellites: stores.slice(1).map((s) => ({ x: s[0]!, y: s[1]!, handling: s[2] ?? 0 })),
    customers: customers.map((c) => ({ x: c[0]!, y: c[1]!, q: c[2]! })),
  };
}

/** Reads and parses an instance file. The instance name is the file name without `.dat`. */
export async function readTwoEchelon(file: string): Promise<TwoEchelonInstance> {
  const name = basename(file).replace(/\.dat$/i, '');
  return parseTwoEchelon(await readFile(file, 'utf8'), name);
}

/** Maps a solver solution (0-based) to the 1-based contract object. */
export function toCliResult(inst: TwoEchelonInstance, sol: TwoEchelonSolution, seconds: number): TwoEchelonCliResult {
  return {
    instance: inst.name,
    cost: Math.round(sol.cost * 1e6) / 1e6,
    firstEchelon: sol.first.map((r) => ({ route: r.satellites.map((s) => s + 1), loads: [...r.loads] })),
    secondEchelon: sol.second.map((r) => ({ satellite: r.satellite + 1, route: r.customers.map((c) => c + 1) })),
    seconds: Math.round(seconds * 1000) / 1000,
    feasible: sol.feasible,
  };
}

/** Solves one instance file with the LNS (solver/tiers/two-echelon) within `seconds`. */
export async function runTwoEchelon(file: string, opts: TwoEchelonCliOptions): Promise<Record<string, unknown>> {
  const inst = await readTwoEchelon(file);
  const t0 = Date.now();
  let bestAt = 0;
  let data: TwoEchelonData;
  try {
    data = buildData(inst);
  } catch (err) {
    // The solver's input errors name the instance field; the CLI reports them with the file (exit 2).
    if (err instanceof SolverInputError) throw new ValidationError([{ file, field: err.field, reason: err.reason }]);
    throw err;
  }
  const sol = solveTwoEchelon(data, {
    seed: opts.seed,
    maxSeconds: opts.seconds,
    ...(opts.iterations !== undefined ? { maxIterations: opts.iterations } : {}),
    onBest: () => (bestAt = Date.now()),
  });
  return { ...toCliResult(inst, sol, (Date.now() - t0) / 1000), secondsToBest: Math.round(bestAt - t0) / 1000 };
}

/** One row of the 2E benchmark: cost found, BKS and gap in percent. */
export interface TwoEchelonBenchRow {
  readonly instance: string;
  readonly cost: number;
  readonly bks: number;
  readonly gapPercent: number;
  readonly feasible: boolean;
  readonly seconds: number;
  readonly secondsToBest: number;
}

/**
 * Runs every `instances/*.dat` of a benchmark folder laid out like ../shared/benchmarks/2echelon
 * (with `bks.csv`: instance,bks,…) and returns per-instance gaps; `npm run bench:2e` prints them.
 */
export async function benchTwoEchelon(dir: string, opts: TwoEchelonCliOptions): Promise<TwoEchelonBenchRow[]> {
  const { readdir } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const bks = new Map<string, number>();
  for (const line of (await readFile(join(dir, 'bks.csv'), 'utf8')).split(/\r?\n/).slice(1)) {
    const [inst, v] = line.split(',');
    if (inst && v) bks.set(inst, Number(v));
  }
  const files = (await readdir(join(dir, 'instances'))).filter((f) => f.endsWith('.dat')).sort();
  const rows: TwoEchelonBenchRow[] = [];
  for (const f of files) {
    const r = (await runTwoEchelon(join(dir, 'instances', f), opts)) as unknown as TwoEchelonCliResult;
    const b = bks.get(r.instance) ?? NaN;
    rows.push({ instance: r.instance, cost: r.cost, bks: b, gapPercent: ((r.cost - b) / b) * 100, feasible: r.feasible, seconds: r.seconds, secondsToBest: r.secondsToBest ?? r.seconds });
  }
  return rows;
}

// `tsx src/cli/formats/two-echelon.ts bench DIR [SECONDS] [SEED]` (the npm script bench:2e)
if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href && process.argv[2] === 'bench') {
  const dir = process.argv[3] ?? '../shared/benchmarks/2echelon';
  const seconds = Number(process.argv[4] ?? 30);
  const seed = Number(process.argv[5] ?? 1);
  const rows = await benchTwoEchelon(dir, { seconds, seed });
  for (const r of rows) {
    process.stdout.write(
      `${r.instance.padEnd(24)} cost ${r.cost.toFixed(2).padStart(8)}  bks ${r.bks.toFixed(2).padStart(8)}  gap ${r.gapPercent.toFixed(3).padStart(7)}%  ${r.feasible ? 'feasible' : 'INFEASIBLE'}  best after ${r.secondsToBest.toFixed(2)}s of ${r.seconds.toFixed(1)}s\n`,
    );
  }
  const mean = rows.reduce((s, r) => s + r.gapPercent, 0) / Math.max(1, rows.length);
  process.stdout.write(JSON.stringify({ seconds, seed, meanGapPercent: Math.round(mean * 1e4) / 1e4, rows }) + '\n');
}
