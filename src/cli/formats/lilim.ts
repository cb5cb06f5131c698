/**
 * Li & Lim PDPTW text format (../shared/benchmarks/lilim/README.md): first row `K Q speed`, then one
 * tab-separated row per node `id x y demand ready due service pickupId deliveryId` (node 0 = depot).
 * Each pickup/delivery pair becomes one solver `ShipmentInput` whose id is the pickup node id.
 * Includes an independent double-precision checker.
 */
import { basename } from 'node:path';
import { ValidationError } from '../../errors.ts';
import type { Objective, ProblemInput, RouteOutput } from '../../../solver/index.ts';
import { benchmarkFleet, euclidean, readInstanceText } from './solomon.ts';

/** One node row. */
export interface LilimNode {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly demand: number;
  readonly ready: number;
  readonly due: number;
  readonly service: number;
  /** For a delivery: its pickup's id (else 0). */
  readonly pickup: number;
  /** For a pickup: its delivery's id (else 0). */
  readonly delivery: number;
}

/** A parsed Li & Lim instance. */
export interface LilimInstance {
  readonly name: string;
  readonly vehicles: number;
  readonly capacity: number;
  /** `nodes[0]` is the depot. */
  readonly nodes: readonly LilimNode[];
}

/** Parses the text of a Li & Lim file. */
export function parseLilim(text: string, file = 'input.txt'): LilimInstance {
  const rows = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const head = (rows[0] ?? '').split(/\s+/).map(Number);
  if (head.length < 2 || head.some((x) => !Number.isFinite(x))) {
    throw new ValidationError([{ file, row: 1, field: 'header', reason: 'expected "K Q speed"' }]);
  }
  const nodes: LilimNode[] = rows.slice(1).map((l, k) => {
    const f = l.split(/\s+/).map(Number);
    if (f.length < 9 || f.slice(0, 9).some((x) => !Number.isFinite(x))) {
      throw new ValidationError([{ file, row: k + 2, field: 'node', reason: 'expected 9 numbers' }]);
    }
    const [id, x, y, demand, ready, due, service, pickup, delivery] = f as number[] as [
      number, number, number, number, number, number, number, number, number,
    ];
    return { id, x, y, demand, ready, due, service, pickup, delivery };
  });
  if (nodes.length < 3) throw new ValidationError([{ file, field: 'node', reason: 'needs a depot and at least one pair' }]);
  return { name: basename(file).replace(/\.txt$/i, ''), vehicles: head[0]!, capacity: head[1]!, nodes };
}

/** Reads and parses a Li & Lim file. */
export async function readLilim(file: string): Promise<LilimInstance> {
  return parseLilim(await readInstanceText(file), file);
}

/** Builds the solver input: location i = row i; shipment id = pickup node id. */
export function lilimToProblem(inst: LilimInstance, objective: Objective): ProblemInput {
  const idx = new Map(inst.nodes.map((n, i) => [n.id, i]));
  const m = euclidean(
    inst.nodes.map((n) => n.x),
    inst.nodes.map((n) => n.y),
  );
  const depot = inst.nodes[0]!;
  const shipments = inst.nodes
    .filter((n) => n.id !== depot.id && n.delivery !== 0)
    .map((pu) => {
      const di = idx.get(pu.delivery);
      if (di === undefined) throw new ValidationError([{ field: `node ${pu.id}.delivery`, reason: `unknown node ${pu.delivery}` }]);
      const de = inst.nodes[di]!;
      return {
        id: String(pu.id),
        pickup: { location: idx.get(pu.id)!, service: pu.service, timeWindows: [[pu.ready, pu.due] as const] },
        delivery: { location: di, service: de.service, timeWindows: [[de.ready, de.due] as const] },
        demand: [pu.demand],
      };
    });
  return {
    locations: inst.nodes.length,
    distance: m,
    duration: m,
    dimensions: 1,
    objective,
    vehicleTypes: benchmarkFleet(inst.vehicles, inst.capacity, depot),
    jobs: [],
    shipments,
  };
}

/** Node ids of a solver route in visit order (pickup = shipment id, delivery = its partner). */
export function lilimRouteIds(inst: LilimInstance, route: RouteOutput): number[] {
  const byId = new Map(inst.nodes.map((n) => [n.id, n]));
  const ids: number[] = [];
  for (const s of route.steps) {
    if (s.id === undefined) continue;
    const pu = Number(s.id);
    ids.push(s.type === 'shipment_delivery' ? byId.get(pu)!.delivery : pu);
  }
  return ids;
}

/** Rechecks Li & Lim routes (node ids) in double precision: each node once, pickup before its
 * delivery on the same route, load in [0, Q] at every point, windows, depot due; total distance. */
export function checkLilim(
  inst: LilimInstance,
  routes: readonly (readonly number[])[],
): { feasible: boolean; distance: number; errors: string[] } {
  const errors: string[] = [];
  const byId = new Map(inst.nodes.map((n) => [n.id, n]));
  const depot = inst.nodes[0]!;
  const seen = new Set<number>();
  let total = 0;
  routes.forEach((route, r) => {
    let t = depot.ready;
    let load = 0;
    let prev = depot;
    const picked = new Set<number>();
    for (const id of route) {
      const s = byId.get(id);
      if (s === undefined || s === depot) {
        errors.push(`route ${r}: unknown node ${id}`);
        continue;
      }
      if (seen.has(id)) errors.push(`node ${id} visited twice`);
      seen.add(id);
      const dx = s.x - prev.x;
      const dy = s.y - prev.y;
      const d = Math.sqrt(dx * dx + dy * dy);
      total += d;
      t = Math.max(t + d, s.ready);
      if (t > s.due) errors.push(`route ${r}: node ${id} starts at ${t} > due ${s.due}`);
      t += s.service;
      if (s.delivery !== 0) picked.add(id);
      if (s.pickup !== 0 && !picked.has(s.pickup)) errors.push(`route ${r}: delivery ${id} before/without pickup ${s.pickup}`);
      load += s.demand;
      if (load < 0 || load > inst.capacity) errors.push(`route ${r}: load ${load} at node ${id}`);
      prev = s;
    }
    const dx = depot.x - prev.x;
    const dy = depot.y - prev.y;
    const back = Math.sqrt(dx * dx + dy * dy);
    total += back;
    if (t + back > depot.due) errors.push(`route ${r}: returns at ${t + back} > ${depot.due}`);
  });
  for (const n of inst.nodes.slice(1)) if (!seen.has(n.id)) errors.push(`node ${n.id} not served`);
  return { feasible: errors.length === 0, distance: total, errors };
}
