/**
 * Internal problem data: validated once, immutable afterwards, referenced by integer index.
 * Jobs become one node, shipments two (pickup, delivery); every vehicle of every
 * type becomes one potential route.
 *
 * Load model (PyVRP `LoadSegment`, after Vidal et al. 2013): each node carries a `delivery`
 * amount (loaded at the start depot), a `pickup` amount (carried to the end depot; negative for the
 * delivery end of a shipment, which unloads what its pickup loaded) and a `load` value, the
 * peak on board inside the segment relative to its entry; segments concatenate in O(1).
 */
import type { Objective, ProblemInput, TimeWindow } from './input.ts';
import { SolverInputError } from '../errors.ts';

/** Node kinds. */
export const KIND_DELIVERY = 0;
export const KIND_PICKUP = 1;
export const KIND_SHIP_PICKUP = 2;
export const KIND_SHIP_DELIVERY = 3;

/** Cost of leaving a mandatory stop unassigned (dominates any routing cost). */
export const MANDATORY_PENALTY = 1e9;

/** Immutable internal problem. Arrays indexed by node (`n*dims + d` for per-dimension data). */
export interface Problem {
  readonly input: ProblemInput;
  readonly objective: Objective;
  readonly nLoc: number;
  readonly dist: Float64Array;
  readonly time: Float64Array;
  readonly dims: number;
  readonly nNodes: number;
  /** Job nodes are 0..nJobs−1; shipment pickups and deliveries follow in pairs. */
  readonly nJobs: number;
  readonly nodeLoc: Int32Array;
  readonly nodeService: Float64Array;
  readonly nodeKind: Uint8Array;
  readonly nodeDel: Float64Array;
  readonly nodePick: Float64Array;
  readonly nodeLoad: Float64Array;
  /** Sum over dimensions of the demand, used to order insertions. */
  readonly nodeSize: Float64Array;
  readonly twStart: Int32Array;
  readonly twCount: Int32Array;
  readonly twOpen: Float64Array;
  readonly twClose: Float64Array;
  /** Partner node of a shipment end, −1 for jobs. */
  readonly partner: Int32Array;
  readonly requiresMask: Int32Array;
  /** Penalty of leaving the task unassigned (on the pickup end for shipments, 0 on the delivery). */
  readonly penalty: Float64Array;
  /** True when the task is optional (has an explicit penalty). */
  readonly optional: Uint8Array;
  /** Index into `input.jobs` (job nodes) or `input.shipments` (shipment nodes). */
  readonly nodeTask: Int32Array;
  /** Task head nodes: jobs and shipment pickups (the units of insertion). */
  readonly heads: Int32Array;
  readonly nVeh: number;
  readonly vehType: Int32Array;
  readonly vehIndex: Int32Array;
  readonly vehStartLoc: Int32Array;
  readonly vehEndLoc: Int32Array;
  readonly vehShiftStart: Float64Array;
  readonly vehShiftEnd: Float64Array;
  /** +Infinity when unlimited. */
  readonly vehMaxDur: Float64Array;
  readonly vehCap: Float64Array;
  readonly vehFixed: Float64Array;
  readonly vehCpd: Float64Array;
  readonly vehCph: Float64Array;
  readonly vehAttr: Int32Array;
  /** True when a deterministic sample of triples satisfies the triangle inequality on
   * time + service (lets insertion scans stop once a window is missed). */
  readonly timeTriangle: boolean;
  /** True when some vehicle limits duration or prices it (route duration must be simulated). */
  readonly needDuration: boolean;
  /** Node ids as the caller knows them (job id or shipment id). */
  readonly nodeId: readonly string[];
}

function fail(field: string, reason: string): never {
  throw new SolverInputError(field, reason);
}

function checkNumber(v: unknown, field: string, opts: { min?: number; int?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, 'must be a finite number');
  if (opts.int && !Number.isInteger(v)) fail(field, 'must be an integer');
  if (opts.min !== undefined && v < opts.min) fail(field, `must be >= ${opts.min}`);
  return v;
}

function checkLocation(v: unknown, n: number, field: string): number {
  const x = checkNumber(v, field, { int: true });
  if (x < 0 || x >= n) fail(field, `unknown location index ${x} (locations = ${n})`);
  return x;
}

function checkWindows(tws: readonly TimeWindow[] | undefined, field: string): TimeWindow[] {
  if (tws === undefined || tws.length === 0) return [[-Infinity, Infinity]];
  const out: TimeWindow[] = [];
  tws.forEach((w, i) => {
    const f = `${field}[${i}]`;
    if (!Array.isArray(w) || w.length !== 2) fail(f, 'must be a pair [open, close]');
    const [a, b] = w;
    if (typeof a !== 'number' || Number.isNaN(a)) fail(`${f}[0]`, 'must be a number');
    if (typeof b !== 'number' || Number.isNaN(b)) fail(`${f}[1]`, 'must be a number');
    if (b < a) fail(f, `window end ${b} < start ${a}`);
    out.push([a, b]);
  });
  out.sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < out.length; i++) {
    if (out[i]![0] <= out[i - 1]![1]) fail(field, 'time windows must not overlap');
  }
  return out;
}

function checkDemand(d: readonly number[] | undefined, dims: number, field: string): number[] {
  if (!Array.isArray(d)) fail(field, `must be an array of ${dims} numbers`);
  if (d.length !== dims) fail(field, `must have ${dims} entries (dimensions), got ${d.length}`);
  return d.map((x, i) => checkNumber(x, `${field}[${i}]`, { min: 0 }));
}

/** Validates `input` (throws `SolverInputError` naming the field) and builds the internal problem. */
export function buildProblem(input: ProblemInput): Problem {
  const nLoc = checkNumber(input.locations, 'locations', { int: true, min: 1 });
  const dims = checkNumber(input.dimensions, 'dimensions', { int: true, min: 0 });
  const objective: Objective = input.objective ?? 'cost';
  if (objective !== 'cost' && objective !== 'distance' && objective !== 'hierarchical') {
    fail('objective', 'must be one of cost|distance|hierarchical');
  }
  const readMatrix = (m: ArrayLike<number> | undefined, name: string): Float64Array => {
    if (m === undefined || typeof m.length !== 'number') fail(name, 'must be an array');
    if (m.length !== nLoc * nLoc) fail(name, `must have locations² = ${nLoc * nLoc} entries, got ${m.length}`);
    const out = new Float64Array(nLoc * nLoc);
    for (let i = 0; i < out.length; i++) {
      const v = m[i]!;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(`${name}[${i}]`, 'must be a finite number >= 0');
      out[i] = v;
    }
    return out;
  };
  const dist = readMatrix(input.distance, 'distance');
  const time = readMatrix(input.duration, 'duration');

  // Attributes: only those some task requires matter; each becomes one bit.
  const attrBit = new Map<string, number>();
  const maskOf = (req: readonly string[] | undefined, field: string): number => {
    if (req === undefined) return 0;
    if (!Array.isArray(req)) fail(field, 'must be an array of strings');
    let m = 0;
    req.forEach((a, i) => {
      if (typeof a !== 'string') fail(`${field}[${i}]`, 'must be a string');
      let b = attrBit.get(a);
      if (b === undefined) {
        b = attrBit.size;
        if (b >= 30) fail(field, 'more than 30 distinct required attributes');
        attrBit.set(a, b);
      }
      m |= 1 << b;
    });
    return m;
  };

  const jobs = input.jobs ?? [];
  if (!Array.isArray(jobs)) fail('jobs', 'must be an array');
  const shipments = input.shipments ?? [];
  if (!Array.isArray(shipments)) fail('shipments', 'must be an array');
  const nNodes = jobs.length + 2 * shipments.length;
  const nodeLoc = new Int32Array(nNodes);
  const nodeService = new Float64Array(nNodes);
  const nodeKind = new Uint8Array(nNodes);
  const nodeDel = new Float64Array(nNodes * dims);
  const nodePick = new Float64Array(nNodes * dims);
  const nodeLoad = new Float64Array(nNodes * dims);
  const nodeSize = new Float64Array(nNodes);
  const twStart = new Int32Array(nNodes);
  const twCount = new Int32Array(nNodes);
  const opens: number[] = [];
  const closes: number[] = [];
  const partner = new Int32Array(nNodes).fill(-1);
  const requiresMask = new Int32Array(nNodes);
  const penalty = new Float64Array(nNodes);
  const optional = new Uint8Array(nNodes);
  const nodeTask = new Int32Array(nNodes);
  const heads: number[] = [];
  const nodeId: string[] = [];
  const ids = new Set<string>();

  const addWindows = (node: number, tws: TimeWindow[]): void => {
    twStart[node] = opens.length;
    twCount[node] = tws.length;
    for (const [a, b] of tws) {
      opens.push(a);
      closes.push(b);
    }
  };
  const readPenalty = (p: number | undefined, field: string): number => {
    if (p === undefined) return MANDATORY_PENALTY;
    return checkNumber(p, field, { min: 0 });
  };

  jobs.forEach((j, i) => {
    const f = `jobs[${i}]`;
    if (typeof j.id !== 'string') fail(`${f}.id`, 'must be a string');
    if (ids.has(j.id)) fail(`${f}.id`, `duplicate id ${j.id}`);
    ids.add(j.id);
    if (j.kind !== 'delivery' && j.kind !== 'pickup') fail(`${f}.kind`, 'must be delivery|pickup');
    nodeLoc[i] = checkLocation(j.location, nLoc, `${f}.location`);
    nodeService[i] = j.service === undefined ? 0 : checkNumber(j.service, `${f}.service`, { min: 0 });
    const dem = checkDemand(j.demand, dims, `${f}.demand`);
    nodeKind[i] = j.kind === 'delivery' ? KIND_DELIVERY : KIND_PICKUP;
    for (let d = 0; d < dims; d++) {
      const v = dem[d]!;
      if (j.kind === 'delivery') nodeDel[i * dims + d] = v;
      else nodePick[i * dims + d] = v;
      nodeLoad[i * dims + d] = v;
      nodeSize[i] = nodeSize[i]! + v;
    }
    addWindows(i, checkWindows(j.timeWindows, `${f}.timeWindows`));
    requiresMask[i] = maskOf(j.requires, `${f}.requires`);
    penalty[i] = readPenalty(j.penalty, `${f}.penalty`);
    optional[i] = j.penalty === undefined ? 0 : 1;
    nodeTask[i] = i;
    heads.push(i);
    nodeId.push(j.id);
  });
  shipments.forEach((s, i) => {
    const f = `shipments[${i}]`;
    const p = jobs.length + 2 * i;
    const q = p + 1;
    if (typeof s.id !== 'string') fail(`${f}.id`, 'must be a string');
    if (ids.has(s.id)) fail(`${f}.id`, `duplicate id ${s.id}`);
    ids.add(s.id);
    if (s.pickup === undefined) fail(`${f}.pickup`, 'is required');
    if (s.delivery === undefined) fail(`${f}.delivery`, 'is required');
    nodeLoc[p] = checkLocation(s.pickup.location, nLoc, `${f}.pickup.location`);
    nodeLoc[q] = checkLocation(s.delivery.location, nLoc, `${f}.delivery.location`);
    nodeService[p] = s.pickup.service === undefined ? 0 : checkNumber(s.pickup.service, `${f}.pickup.service`, { min: 0 });
    nodeService[q] =
      s.delivery.service === undefined ? 0 : checkNumber(s.delivery.service, `${f}.delivery.service`, { min: 0 });
    const dem = checkDemand(s.demand, dims, `${f}.demand`);
    nodeKind[p] = KIND_SHIP_PICKUP;
    nodeKind[q] = KIND_SHIP_DELIVERY;
    for (let d = 0; d < dims; d++) {
      const v = dem[d]!;
      nodePick[p * dims + d] = v;
      nodeLoad[p * dims + d] = v;
      nodePick[q * dims + d] = -v;
      nodeSize[p] = nodeSize[p]! + v;
      nodeSize[q] = nodeSize[q]! + v;
    }
    addWindows(p, checkWindows(s.pickup.timeWindows, `${f}.pickup.timeWindows`));
    addWindows(q, checkWindows(s.delivery.timeWindows, `${f}.delivery.timeWindows`));
    partner[p] = q;
    partner[q] = p;
    const m = maskOf(s.requires, `${f}.requires`);
    requiresMask[p] = m;
    requiresMask[q] = m;
    penalty[p] = readPenalty(s.penalty, `${f}.penalty`);
    optional[p] = s.penalty === undefined ? 0 : 1;
    optional[q] = optional[p]!;
    nodeTask[p] = i;
    nodeTask[q] = i;
    heads.push(p);
    nodeId.push(s.id, s.id);
  });

  const types = input.vehicleTypes;
  if (!Array.isArray(types)) fail('vehicleTypes', 'must be an array');
  let nVeh = 0;
  const typeIds = new Set<string>();
  types.forEach((t, i) => {
    const f = `vehicleTypes[${i}]`;
    if (typeof t.id !== 'string') fail(`${f}.id`, 'must be a string');
    if (typeIds.has(t.id)) fail(`${f}.id`, `duplicate id ${t.id}`);
    typeIds.add(t.id);
    nVeh += checkNumber(t.count, `${f}.count`, { int: true, min: 0 });
    checkLocation(t.startLocation, nLoc, `${f}.startLocation`);
    checkLocation(t.endLocation, nLoc, `${f}.endLocation`);
    checkDemand(t.capacity, dims, `${f}.capacity`);
    checkNumber(t.shiftStart, `${f}.shiftStart`);
    checkNumber(t.shiftEnd, `${f}.shiftEnd`);
    if (t.shiftEnd < t.shiftStart) fail(`${f}.shiftEnd`, `shift end ${t.shiftEnd} < start ${t.shiftStart}`);
    if (t.maxDuration !== undefined) checkNumber(t.maxDuration, `${f}.maxDuration`, { min: 0 });
    if (t.fixedCost !== undefined) checkNumber(t.fixedCost, `${f}.fixedCost`, { min: 0 });
    if (t.costPerDistance !== undefined) checkNumber(t.costPerDistance, `${f}.costPerDistance`, { min: 0 });
    if (t.costPerDuration !== undefined) checkNumber(t.costPerDuration, `${f}.costPerDuration`, { min: 0 });
    if (t.attributes !== undefined && !Array.isArray(t.attributes)) fail(`${f}.attributes`, 'must be an array of strings');
  });
  const vehType = new Int32Array(nVeh);
  const vehIndex = new Int32Array(nVeh);
  const vehStartLoc = new Int32Array(nVeh);
  const vehEndLoc = new Int32Array(nVeh);
  const vehShiftStart = new Float64Array(nVeh);
  const vehShiftEnd = new Float64Array(nVeh);
  const vehMaxDur = new Float64Array(nVeh);
  const vehCap = new Float64Array(nVeh * dims);
  const vehFixed = new Float64Array(nVeh);
  const vehCpd = new Float64Array(nVeh);
  const vehCph = new Float64Array(nVeh);
  const vehAttr = new Int32Array(nVeh);
  let needDuration = false;
  let v = 0;
  types.forEach((t, ti) => {
    let attr = 0;
    for (const a of t.attributes ?? []) {
      const b = attrBit.get(a);
      if (b !== undefined) attr |= 1 << b;
    }
    for (let k = 0; k < t.count; k++, v++) {
      vehType[v] = ti;
      vehIndex[v] = k;
      vehStartLoc[v] = t.startLocation;
      vehEndLoc[v] = t.endLocation;
      vehShiftStart[v] = t.shiftStart;
      vehShiftEnd[v] = t.shiftEnd;
      vehMaxDur[v] = t.maxDuration ?? Infinity;
      for (let d = 0; d < dims; d++) vehCap[v * dims + d] = t.capacity[d]!;
      if (objective === 'cost') {
        vehFixed[v] = t.fixedCost ?? 0;
        vehCpd[v] = t.costPerDistance ?? 1;
        vehCph[v] = t.costPerDuration ?? 0;
      } else {
        vehCpd[v] = 1;
      }
      vehAttr[v] = attr;
      if (vehMaxDur[v]! < Infinity || vehCph[v]! > 0) needDuration = true;
    }
  });

  return {
    input,
    objective,
    nLoc,
    dist,
    time,
    dims,
    nNodes,
    nJobs: jobs.length,
    nodeLoc,
    nodeService,
    nodeKind,
    nodeDel,
    nodePick,
    nodeLoad,
    nodeSize,
    twStart,
    twCount,
    twOpen: Float64Array.from(opens),
    twClose: Float64Array.from(closes),
    partner,
    requiresMask,
    penalty,
    optional,
    nodeTask,
    heads: Int32Array.from(heads),
    nVeh,
    vehType,
    vehIndex,
    vehStartLoc,
    vehEndLoc,
    vehShiftStart,
    vehShiftEnd,
    vehMaxDur,
    vehCap,
    vehFixed,
    vehCpd,
    vehCph,
    vehAttr,
    needDuration,
    nodeId,
    timeTriangle: sampleTriangle(time, nLoc),
  };
}

/** Earliest service start at `node` for an arrival at `t` (+Infinity when every window has closed).
 * Several windows per node are supported; they are sorted and disjoint. */
export function earliestStart(p: Problem, node: number, t: number): number {
  const s = p.twStart[node]!;
  const e = s + p.twCount[node]!;
  for (let k = s; k < e; k++) {
    if (t <= p.twClose[k]!) {
      const o = p.twOpen[k]!;
      return t > o ? t : o;
    }
  }
  return Infinity;
}

/** Latest service start at `node` not after `t` (−Infinity when no window opens by then). */
export function latestStart(p: Problem, node: number, t: number): number {
  const s = p.twStart[node]!;
  for (let k = s + p.twCount[node]! - 1; k >= s; k--) {
    if (t >= p.twOpen[k]!) {
      const c = p.twClose[k]!;
      return t < c ? t : c;
    }
  }
  return -Infinity;
}

/** Tests the triangle inequality t(a,c) <= t(a,b) + t(b,c) on a deterministic sample of triples
 * (all of them for small matrices). */
function sampleTriangle(time: Float64Array, n: number): boolean {
  const tol = 1e-9;
  if (n <= 30) {
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++)
        for (let c = 0; c < n; c++) if (time[a * n + c]! > time[a * n + b]! + time[b * n + c]! + tol) return false;
    return true;
  }
  let x = 12345;
  for (let k = 0; k < 50000; k++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const a = x % n;
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const b = x % n;
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const c = x % n;
    if (time[a * n + c]! > time[a * n + b]! + time[b * n + c]! + tol) return false;
  }
  return true;
}
