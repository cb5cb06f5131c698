/**
 * Periodic VRP text format of Cordeau, Gendreau & Laporte (1997), type 1: parsing into the
 * solver's `PeriodicInstance`, an independent double-precision checker, and `solve --format pvrp`.
 *
 * ```
 * type m n t              type = 1; m vehicles per day; n customers; t days
 * D Q                     t lines, one per day: maximum route duration (0 = none), capacity
 * i x y d q f a c1 … ca   i = 0..n (0 = depot): coordinates, service time, demand, visit frequency,
 *                         number of allowed combinations, then the combinations
 * ```
 * A combination is an integer whose t-bit binary string, day 1 leftmost, marks the visit days
 * (t = 5: 10 = 01010 = days 2 and 4). Distances are Euclidean, unrounded; cost = total distance;
 * route duration = travel + service times.
 */
import { basename, dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { ValidationError } from '../../errors.ts';
import { SolverInputError, solvePeriodic, type PeriodicInstance, type PeriodicParams } from '../../../solver/index.ts';
import { readInstanceText } from './solomon.ts';

/** One customer record of the file (record 0 is the depot). */
export interface PvrpSite {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly service: number;
  readonly demand: number;
  readonly frequency: number;
  /** The allowed combinations as written in the file. */
  readonly combinations: readonly number[];
}

/** A parsed PVRP file. */
export interface PvrpFile {
  readonly name: string;
  readonly vehiclesPerDay: number;
  readonly days: number;
  /** Per day: maximum duration (0 = none) and capacity. */
  readonly dayLimits: readonly { readonly maxDuration: number; readonly capacity: number }[];
  /** `sites[0]` is the depot, `sites[i]` customer i. */
  readonly sites: readonly PvrpSite[];
}

function bad(file: string, row: number, field: string, reason: string): never {
  throw new ValidationError([{ file, row, field, reason }]);
}

/** Days (1-based) of a combination: bit t-k of the value is day k (day 1 leftmost). */
export function combinationDays(value: number, t: number): number[] {
  const days: number[] = [];
  for (let k = 1; k <= t; k++) if (Math.floor(value / 2 ** (t - k)) % 2 === 1) days.push(k);
  return days;
}

/** Parses the text of a PVRP file; errors name the file, the line and the field. */
export function parsePvrp(text: string, file = 'input'): PvrpFile {
  const lines = text.split(/\r?\n/);
  let ln = 0;
  const next = (what: string): { row: number; f: string[] } => {
    while (ln < lines.length && lines[ln]!.trim() === '') ln++;
    if (ln >= lines.length) bad(file, ln + 1, what, 'unexpected end of file');
    const row = ln + 1;
    return { row, f: lines[ln++]!.trim().split(/\s+/) };
  };
  const num = (row: number, tok: string | undefined, field: string, opts: { int?: boolean; min?: number } = {}): number => {
    if (tok === undefined) bad(file, row, field, 'missing');
    const v = Number(tok);
    if (!Number.isFinite(v)) bad(file, row, field, `"${tok}" is not a number`);
    if (opts.int && !Number.isInteger(v)) bad(file, row, field, `${tok} is not an integer`);
    if (opts.min !== undefined && v < opts.min) bad(file, row, field, `${tok} must be >= ${opts.min}`);
    return v;
  };
  const head = next('header');
  if (head.f.length !== 4) bad(file, head.row, 'header', `expected "type m n t", got ${head.f.length} values`);
  const type = num(head.row, head.f[0], 'type', { int: true });
  if (type !== 1) bad(file, head.row, 'type', `${type} is not a PVRP file (type 1)`);
  const m = num(head.row, head.f[1], 'm (vehicles per day)', { int: true, min: 1 });
  const n = num(head.row, head.f[2], 'n (customers)', { int: true, min: 1 });
  const t = num(head.row, head.f[3], 't (days)', { int: true, min: 1 });
  if (t > 30) bad(file, head.row, 't (days)', `${t} days is more than 30`);
  const dayLimits: { maxDuration: number; capacity: number }[] = [];
  for (let d = 1; d <= t; d++) {
    const l = next(`day ${d} (D Q)`);
    if (l.f.length !== 2) bad(file, l.row, `day ${d} (D Q)`, `expected 2 values, got ${l.f.length}`);
    const maxDuration = num(l.row, l.f[0], `day ${d} D (max duration)`, { min: 0 });
    const capacity = num(l.row, l.f[1], `day ${d} Q (capacity)`, { min: 0 });
    if (capacity <= 0) bad(file, l.row, `day ${d} Q (capacity)`, 'must be > 0');
    dayLimits.push({ maxDuration, capacity });
  }
  const sites: PvrpSite[] = [];
  for (let k = 0; k <= n; k++) {
    const l = next(k === 0 ? 'depot' : `customer ${k}`);
    const what = k === 0 ? 'depot' : `customer ${k}`;
    if (l.f.length < 7) bad(file, l.row, what, `expected at least 7 values (i x y d q f a), got ${l.f.length}`);
    const id = num(l.row, l.f[0], 'i', { int: true });
    if (id !== k) bad(file, l.row, 'i', `expected record ${k}, got ${id}`);
    const x = num(l.row, l.f[1], 'x');
    const y = num(l.row, l.f[2], 'y');
    const service = num(l.row, l.f[3], 'd (service time)', { min: 0 });
    const demand = num(l.row, l.f[4], 'q (demand)', { min: 0 });
    const frequency = num(l.row, l.f[5], 'f (frequency)', { int: true, min: 0 });
    const a = num(l.row, l.f[6], 'a (number of combinations)', { int: true, min: k === 0 ? 0 : 1 });
    if (l.f.length !== 7 + a) bad(file, l.row, 'combinations', `a = ${a} but ${l.f.length - 7} combinations listed`);
    const combinations: number[] = [];
    for (let j = 0; j < a; j++) {
      const c = num(l.row, l.f[7 + j], `combination ${j + 1}`, { int: true, min: 1 });
      if (c >= 2 ** t) bad(file, l.row, `combination ${j + 1}`, `${c} has more than t = ${t} bits`);
      const days = combinationDays(c, t).length;
      // f = 0 with listed combinations (a known quirk of p11): visit on the days of one of them.
      if (frequency > 0 && days !== frequency) bad(file, l.row, `combination ${j + 1}`, `${c} has ${days} visit days, f = ${frequency}`);
      combinations.push(c);
    }
    if (k > 0 && demand > Math.max(...dayLimits.map((d) => d.capacity))) bad(file, l.row, 'q (demand)', `${demand} exceeds every day's capacity`);
    sites.push({ id, x, y, service, demand, frequency, combinations });
  }
  return { name: basename(file), vehiclesPerDay: m, days: t, dayLimits, sites };
}

/** Reads and parses a PVRP file; an unreadable file is a ValidationError (CLI exit 2). */
export async function readPvrp(file: string): Promise<PvrpFile> {
  return parsePvrp(await readInstanceText(file), file);
}

/** The solver's view of a parsed file. */
export function pvrpToInstance(f: PvrpFile): PeriodicInstance {
  const depot = f.sites[0]!;
  return {
    days: f.days,
    vehiclesPerDay: f.vehiclesPerDay,
    dayLimits: f.dayLimits,
    depot: { x: depot.x, y: depot.y },
    customers: f.sites.slice(1).map((s) => ({
      id: s.id,
      x: s.x,
      y: s.y,
      service: s.service,
      demand: s.demand,
      patterns: s.combinations.map((c) => combinationDays(c, f.days)),
    })),
  };
}

/** A route of the output: day 1..t and the customers in order (depot implied at both ends). */
export interface PvrpRoute {
  readonly day: number;
  readonly customers: readonly number[];
}

/**
 * Independent check of a plan: every customer on exactly the days of one allowed combination,
 * at most m routes per day, capacity and duration per route; cost recomputed in double precision.
 */
export function checkPvrp(f: PvrpFile, routes: readonly PvrpRoute[]): { cost: number; feasible: boolean; errors: string[] } {
  const errors: string[] = [];
  const n = f.sites.length - 1;
  const depot = f.sites[0]!;
  const visits: number[][] = Array.from({ length: n + 1 }, () => []);
  const perDay = new Array<number>(f.days + 1).fill(0);
  let cost = 0;
  routes.forEach((r, k) => {
    if (!Number.isInteger(r.day) || r.day < 1 || r.day > f.days) {
      errors.push(`route ${k}: day ${r.day} not in 1..${f.days}`);
      return;
    }
    perDay[r.day]!++;
    const lim = f.dayLimits[r.day - 1]!;
    let px = depot.x;
    let py = depot.y;
    let len = 0;
    let load = 0;
    let svc = 0;
    for (const c of r.customers) {
      const s = Number.isInteger(c) && c >= 1 && c <= n ? f.sites[c]! : undefined;
      if (!s) {
        errors.push(`route ${k}: unknown customer ${c}`);
        continue;
      }
      len += Math.hypot(s.x - px, s.y - py);
      load += s.demand;
      svc += s.service;
      px = s.x;
      py = s.y;
      visits[c]!.push(r.day);
    }
    len += Math.hypot(depot.x - px, depot.y - py);
    cost += len;
    if (load > lim.capacity + 1e-9) errors.push(`day ${r.day} route ${k}: load ${load} > capacity ${lim.capacity}`);
    if (lim.maxDuration > 0 && len + svc > lim.maxDuration + 1e-6) errors.push(`day ${r.day} route ${k}: duration ${(len + svc).toFixed(3)} > ${lim.maxDuration}`);
  });
  for (let d = 1; d <= f.days; d++) if (perDay[d]! > f.vehiclesPerDay) errors.push(`day ${d}: ${perDay[d]} routes > ${f.vehiclesPerDay} vehicles`);
  for (let c = 1; c <= n; c++) {
    const days = visits[c]!.slice().sort((a, b) => a - b).join(',');
    const ok = f.sites[c]!.combinations.some((comb) => combinationDays(comb, f.days).join(',') === days);
    if (!ok) errors.push(`customer ${c}: visited on days [${days}], not an allowed combination`);
  }
  return { cost, feasible: errors.length === 0, errors };
}

/** Options of `solve --format pvrp`. */
export interface PvrpSolveOptions {
  readonly seconds?: number;
  readonly iterations?: number;
  readonly seed: number;
  /** Counts `seconds` on this clock (milliseconds), e.g. process CPU time; wall time otherwise. */
  readonly clock?: () => number;
  /** Search parameter overrides (tuning). */
  readonly params?: Partial<PeriodicParams>;
}

/** The printed result. */
export interface PvrpResult {
  instance: string;
  cost: number;
  feasible: boolean;
  routes: { day: number; customers: number[] }[];
  seconds: number;
  cpuSeconds: number;
  iterations: number;
  /** Best-known value and the gap to it, when a `bks.csv` sits beside or above the file. */
  bks?: number;
  gapPercent?: number;
  /** Customers left out when no complete feasible plan was found. */
  unassigned?: number[];
  errors?: string[];
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Looks for `bks.csv` (columns instance, bks) in the file's folder or its parent. */
async function findBks(file: string, instance: string): Promise<number | undefined> {
  for (const dir of [dirname(file), join(dirname(file), '..')]) {
    let text: string;
    try {
      text = await readFile(join(dir, 'bks.csv'), 'utf8');
    } catch {
      continue;
    }
    const lines = text.trim().split(/\r?\n/);
    const head = lines[0]!.split(',');
    const ci = head.indexOf('instance');
    const cb = head.indexOf('bks');
    if (ci < 0 || cb < 0) continue;
    for (const l of lines.slice(1)) {
      const f = l.split(',');
      if (f[ci] === instance && Number.isFinite(Number(f[cb]))) return Number(f[cb]);
    }
  }
  return undefined;
}

/** Solves one PVRP file; the reported cost and feasibility are the independent checker's. */
export async function solvePvrpFile(file: string, o: PvrpSolveOptions): Promise<PvrpResult> {
  const f = await readPvrp(file);
  const budget = o.seconds === undefined && o.iterations === undefined ? { maxSeconds: 10 } : { maxSeconds: o.seconds, maxIterations: o.iterations };
  const t0 = performance.now();
  const c0 = cpuMs();
  let sol;
  try {
    sol = solvePeriodic(pvrpToInstance(f), { seed: o.seed, ...budget, ...(o.clock ? { clock: o.clock } : {}), ...(o.params ? { params: o.params } : {}) });
  } catch (err) {
    if (err instanceof SolverInputError) throw new ValidationError([{ file, field: err.field, reason: err.reason }]);
    throw err;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = (cpuMs() - c0) / 1000;
  const routes = sol.routes.map((r) => ({ day: r.day, customers: r.customers }));
  const chk = checkPvrp(f, routes);
  const bks = await findBks(file, f.name);
  const round = (x: number, k = 1e4): number => Math.round(x * k) / k;
  return {
    instance: f.name,
    cost: round(chk.cost),
    feasible: chk.feasible,
    routes,
    seconds: round(seconds, 1e3),
    cpuSeconds: round(cpuSeconds, 1e3),
    iterations: sol.iterations,
    ...(bks !== undefined ? { bks, gapPercent: round(((chk.cost - bks) / bks) * 100) } : {}),
    ...(sol.unassigned.length > 0 ? { unassigned: sol.unassigned } : {}),
    ...(chk.feasible ? {} : { errors: chk.errors }),
  };
}

/** `solve --format pvrp` with the CLI's options (`cpuClock`: count seconds in process CPU time). */
export function runPvrp(file: string, o: { seconds?: number; iterations?: number; seed: number; cpuClock?: boolean }): Promise<PvrpResult> {
  return solvePvrpFile(file, { seed: o.seed, seconds: o.seconds, iterations: o.iterations, ...(o.cpuClock ? { clock: cpuMs } : {}) });
}
