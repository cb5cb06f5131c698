/**
 * Solomon VRPTW text format (also Gehring–Homberger 200–1000 customers): parsing into the solver's
 * `ProblemInput`, and an independent double-precision checker for the CLI and the bench
 * (the benchmark convention: Euclidean distance = travel time, windows bound the start of
 * service, every route back at the depot by its due date, load ≤ Q).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ValidationError } from '../../errors.ts';
import type { Objective, ProblemInput } from '../../../solver/index.ts';

/** One customer row (row 0 is the depot). */
export interface SolomonSite {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly demand: number;
  readonly ready: number;
  readonly due: number;
  readonly service: number;
}

/** A parsed Solomon instance. */
export interface SolomonInstance {
  readonly name: string;
  readonly vehicles: number;
  readonly capacity: number;
  /** `sites[0]` is the depot. */
  readonly sites: readonly SolomonSite[];
}

/** Parses the text of a Solomon/Homberger file (CRLF or LF, whitespace separated). */
export function parseSolomon(text: string, file = 'input'): SolomonInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const name = lines.find((l) => l.length > 0) ?? basename(file);
  const vIdx = lines.findIndex((l) => /^VEHICLE/i.test(l));
  if (vIdx < 0) throw new ValidationError([{ file, field: 'VEHICLE', reason: 'section not found' }]);
  let i = vIdx + 1;
  while (i < lines.length && !/^\d/.test(lines[i]!)) i++;
  const head = (lines[i] ?? '').split(/\s+/).map(Number);
  const vehicles = head[0];
  const capacity = head[1];
  if (vehicles === undefined || capacity === undefined || !Number.isFinite(vehicles) || !Number.isFinite(capacity)) {
    throw new ValidationError([{ file, row: i + 1, field: 'VEHICLE', reason: 'expected "NUMBER CAPACITY"' }]);
  }
  const cIdx = lines.findIndex((l) => /^CUSTOMER/i.test(l));
  if (cIdx < 0) throw new ValidationError([{ file, field: 'CUSTOMER', reason: 'section not found' }]);
  const sites: SolomonSite[] = [];
  for (let k = cIdx + 1; k < lines.length; k++) {
    const l = lines[k]!;
    if (!/^\d/.test(l)) continue;
    const f = l.split(/\s+/).map(Number);
    if (f.length < 7 || f.slice(0, 7).some((x) => !Number.isFinite(x))) {
      throw new ValidationError([{ file, row: k + 1, field: 'CUSTOMER', reason: 'expected 7 numbers' }]);
    }
    const [id, x, y, demand, ready, due, service] = f as [number, number, number, number, number, number, number];
    sites.push({ id, x, y, demand, ready, due, service });
  }
  if (sites.length < 2) throw new ValidationError([{ file, field: 'CUSTOMER', reason: 'needs a depot and at least one customer' }]);
  return { name, vehicles, capacity, sites };
}

/** Reads a benchmark file as text; an unreadable file is a ValidationError naming it (CLI exit 2). */
export async function readInstanceText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new ValidationError([{ file, field: 'FILE', reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` }]);
  }
}

/** Reads and parses a Solomon file. */
export async function readSolomon(file: string): Promise<SolomonInstance> {
  return parseSolomon(await readInstanceText(file), file);
}

/** The benchmark fleet: `count` identical vehicles of capacity `capacity` at location 0, within the depot's window. */
export function benchmarkFleet(count: number, capacity: number, depot: { readonly ready: number; readonly due: number }): ProblemInput['vehicleTypes'] {
  return [{ id: 'vehicle', count, startLocation: 0, endLocation: 0, capacity: [capacity], shiftStart: depot.ready, shiftEnd: depot.due }];
}

/** Euclidean matrix in double precision over the given points. */
export function euclidean(xs: readonly number[], ys: readonly number[]): Float64Array {
  const n = xs.length;
  const m = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const dx = xs[a]! - xs[b]!;
      const dy = ys[a]! - ys[b]!;
      m[a * n + b] = Math.sqrt(dx * dx + dy * dy);
    }
  }
  return m;
}

/** Builds the solver input: location i = site i, job id = customer number. */
export function solomonToProblem(inst: SolomonInstance, objective: Objective): ProblemInput {
  const xs = inst.sites.map((s) => s.x);
  const ys = inst.sites.map((s) => s.y);
  const m = euclidean(xs, ys);
  const depot = inst.sites[0]!;
  return {
    locations: inst.sites.length,
    distance: m,
    duration: m,
    dimensions: 1,
    objective,
    vehicleTypes: benchmarkFleet(inst.vehicles, inst.capacity, depot),
    jobs: inst.sites.slice(1).map((s, k) => ({
      id: String(s.id),
      kind: 'delivery' as const,
      location: k + 1,
      demand: [s.demand],
      service: s.service,
      timeWindows: [[s.ready, s.due] as const],
    })),
  };
}

/** Result of the independent check of a Solomon solution. */
export interface SolomonCheck {
  readonly feasible: boolean;
  readonly distance: number;
  readonly errors: readonly string[];
}

/** Rechecks routes (customer ids) in double precision: every customer once, load ≤ Q, service
 * starts within windows, back at the depot by its due date; returns the total distance. */
export function checkSolomon(inst: SolomonInstance, routes: readonly (readonly number[])[]): SolomonCheck {
  const errors: string[] = [];
  const byId = new Map(inst.sites.map((s) => [s.id, s]));
  const depot = inst.sites[0]!;
  const seen = new Set<number>();
  let total = 0;
  if (routes.length > inst.vehicles) errors.push(`uses ${routes.length} vehicles > ${inst.vehicles}`);
  routes.forEach((route, r) => {
    let t = depot.ready;
    let load = 0;
    let prev = depot;
    let dist = 0;
    for (const id of route) {
      const s = byId.get(id);
      if (s === undefined || s === depot) {
        errors.push(`route ${r}: unknown customer ${id}`);
        continue;
      }
      if (seen.has(id)) errors.push(`customer ${id} visited twice`);
      seen.add(id);
      const d = Math.hypot(s.x - prev.x, s.y - prev.y);
      const dx = s.x - prev.x;
      const dy = s.y - prev.y;
      const dd = Math.sqrt(dx * dx + dy * dy);
      void d;
      dist += dd;
      t = Math.max(t + dd, s.ready);
      if (t > s.due) errors.push(`route ${r}: customer ${id} starts at ${t} > due ${s.due}`);
      t += s.service;
      load += s.demand;
      prev = s;
    }
    const dx = depot.x - prev.x;
    const dy = depot.y - prev.y;
    const back = Math.sqrt(dx * dx + dy * dy);
    dist += back;
    t += back;
    if (t > depot.due) errors.push(`route ${r}: returns at ${t} > depot due ${depot.due}`);
    if (load > inst.capacity) errors.push(`route ${r}: load ${load} > capacity ${inst.capacity}`);
    total += dist;
  });
  for (const s of inst.sites.slice(1)) if (!seen.has(s.id)) errors.push(`customer ${s.id} not served`);
  return { feasible: errors.length === 0, distance: total, errors };
}
