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
import type { JobInput, Objective, ProblemInput, ShipmentInput, TimeWindow, VehicleTypeInput } from './input.ts';
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

/** Reads a dense `locations²` matrix (distance or duration), every entry finite and >= 0. */
function readMatrix(m: ArrayLike<number> | undefined, name: string, nLoc: number): Float64Array {
  if (m === undefined || typeof m.length !== 'number') fail(name, 'must be an array');
  if (m.length !== nLoc * nLoc) fail(name, `must have locations² = ${nLoc * nLoc} entries, got ${m.length}`);
  const out = new Float64Array(nLoc * nLoc);
  for (let i = 0; i < out.length; i++) {
    const v = m[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(`${name}[${i}]`, 'must be a finite number >= 0');
    out[i] = v;
  }
  return out;
}

/** Attribute names as bits: only those some task requires matter, numbered in order of first use. */
class AttributeBits {
  private readonly bits = new Map<string, number>();

  /** The bit mask of a task's `requires` (validated; at most 30 distinct names). */
  required(req: readonly string[] | undefined, field: string): number {
    if (req === undefined) return 0;
    if (!Array.isArray(req)) fail(field, 'must be an array of strings');
    let m = 0;
    req.forEach((a, i) => {
      if (typeof a !== 'string') fail(`${field}[${i}]`, 'must be a string');
      let b = this.bits.get(a);
      if (b === undefined) {
        b = this.bits.size;
        if (b >= 30) fail(field, 'more than 30 distinct required attributes');
        this.bits.set(a, b);
      }
      m |= 1 << b;
    });
    return m;
  }

  /** The bit mask of a vehicle's `attributes` (names no task requires are ignored). */
  offered(attributes: readonly string[] | undefined): number {
    let m = 0;
    for (const a of attributes ?? []) {
      const b = this.bits.get(a);
      if (b !== undefined) m |= 1 << b;
    }
    return m;
  }
}

/** Per-node arrays while the nodes are read (the node part of `Problem`, plus working lists). */
type NodeData = Pick<
  Problem,
  | 'nodeLoc' | 'nodeService' | 'nodeKind' | 'nodeDel' | 'nodePick' | 'nodeLoad' | 'nodeSize' | 'twStart' | 'twCount'
  | 'partner' | 'requiresMask' | 'penalty' | 'optional' | 'nodeTask'
> & {
  readonly opens: number[];
  readonly closes: number[];
  readonly heads: number[];
  readonly nodeId: string[];
};

/** What reading a task needs besides the task: sizes, the ids seen so far and the attribute bits. */
interface NodeReader {
  readonly nLoc: number;
  readonly dims: number;
  readonly ids: Set<string>;
  readonly attrs: AttributeBits;
  readonly n: NodeData;
}

function allocNodes(nNodes: number, dims: number): NodeData {
  return {
    nodeLoc: new Int32Array(nNodes),
    nodeService: new Float64Array(nNodes),
    nodeKind: new Uint8Array(nNodes),
    nodeDel: new Float64Array(nNodes * dims),
    nodePick: new Float64Array(nNodes * dims),
    nodeLoad: new Float64Array(nNodes * dims),
    nodeSize: new Float64Array(nNodes),
    twStart: new Int32Array(nNodes),
    twCount: new Int32Array(nNodes),
    opens: [],
    closes: [],
    partner: new Int32Array(nNodes).fill(-1),
    requiresMask: new Int32Array(nNodes),
    penalty: new Float64Array(nNodes),
    optional: new Uint8Array(nNodes),
    nodeTask: new Int32Array(nNodes),
    heads: [],
    nodeId: [],
  };
}

function addWindows(n: NodeData, node: number, tws: TimeWindow[]): void {
  n.twStart[node] = n.opens.length;
  n.twCount[node] = tws.length;
  for (const [a, b] of tws) {
    n.opens.push(a);
    n.closes.push(b);
  }
}

function readPenalty(p: number | undefined, field: string): number {
  if (p === undefined) return MANDATORY_PENALTY;
  return checkNumber(p, field, { min: 0 });
}

function checkTaskId(r: NodeReader, id: unknown, f: string): void {
  if (typeof id !== 'string') fail(`${f}.id`, 'must be a string');
  if (r.ids.has(id)) fail(`${f}.id`, `duplicate id ${id}`);
  r.ids.add(id);
}

/** Reads job i into node i. */
function addJob(r: NodeReader, j: JobInput, i: number): void {
  const { n, dims } = r;
  const f = `jobs[${i}]`;
  checkTaskId(r, j.id, f);
  if (j.kind !== 'delivery' && j.kind !== 'pickup') fail(`${f}.kind`, 'must be delivery|pickup');
  n.nodeLoc[i] = checkLocation(j.location, r.nLoc, `${f}.location`);
  n.nodeService[i] = j.service === undefined ? 0 : checkNumber(j.service, `${f}.service`, { min: 0 });
  const dem = checkDemand(j.demand, dims, `${f}.demand`);
  n.nodeKind[i] = j.kind === 'delivery' ? KIND_DELIVERY : KIND_PICKUP;
  for (let d = 0; d < dims; d++) {
    const v = dem[d]!;
    if (j.kind === 'delivery') n.nodeDel[i * dims + d] = v;
    else n.nodePick[i * dims + d] = v;
    n.nodeLoad[i * dims + d] = v;
    n.nodeSize[i] = n.nodeSize[i]! + v;
  }
  addWindows(n, i, checkWindows(j.timeWindows, `${f}.timeWindows`));
  n.requiresMask[i] = r.attrs.required(j.requires, `${f}.requires`);
  n.penalty[i] = readPenalty(j.penalty, `${f}.penalty`);
  n.optional[i] = j.penalty === undefined ? 0 : 1;
  n.nodeTask[i] = i;
  n.heads.push(i);
  n.nodeId.push(j.id);
}

/** Reads shipment i into nodes p (pickup) and p + 1 (delivery). */
function addShipment(r: NodeReader, s: ShipmentInput, i: number, p: number): void {
  const { n, dims } = r;
  const f = `shipments[${i}]`;
  const q = p + 1;
  checkTaskId(r, s.id, f);
  if (s.pickup === undefined) fail(`${f}.pickup`, 'is required');
  if (s.delivery === undefined) fail(`${f}.delivery`, 'is required');
  n.nodeLoc[p] = checkLocation(s.pickup.location, r.nLoc, `${f}.pickup.location`);
  n.nodeLoc[q] = checkLocation(s.delivery.location, r.nLoc, `${f}.delivery.location`);
  n.nodeService[p] = s.pickup.service === undefined ? 0 : checkNumber(s.pickup.service, `${f}.pickup.service`, { min: 0 });
  n.nodeService[q] =
    s.delivery.service === undefined ? 0 : checkNumber(s.delivery.service, `${f}.delivery.service`, { min: 0 });
  const dem = checkDemand(s.demand, dims, `${f}.demand`);
  n.nodeKind[p] = KIND_SHIP_PICKUP;
  n.nodeKind[q] = KIND_SHIP_DELIVERY;
  for (let d = 0; d < dims; d++) {
    const v = dem[d]!;
    n.nodePick[p * dims + d] = v;
    n.nodeLoad[p * dims + d] = v;
    n.nodePick[q * dims + d] = -v;
    n.nodeSize[p] = n.nodeSize[p]! + v;
    n.nodeSize[q] = n.nodeSize[q]! + v;
  }
  addWindows(n, p, checkWindows(s.pickup.timeWindows, `${f}.pickup.timeWindows`));
  addWindows(n, q, checkWindows(s.delivery.timeWindows, `${f}.delivery.timeWindows`));
  n.partner[p] = q;
  n.partner[q] = p;
  const m = r.attrs.required(s.requires, `${f}.requires`);
  n.requiresMask[p] = m;
  n.requiresMask[q] = m;
  n.penalty[p] = readPenalty(s.penalty, `${f}.penalty`);
  n.optional[p] = s.penalty === undefined ? 0 : 1;
  n.optional[q] = n.optional[p]!;
  n.nodeTask[p] = i;
  n.nodeTask[q] = i;
  n.heads.push(p);
  n.nodeId.push(s.id, s.id);
}

/** Validates vehicle type i; returns its count. */
function checkVehicleType(t: VehicleTypeInput, i: number, nLoc: number, dims: number, typeIds: Set<string>): number {
  const f = `vehicleTypes[${i}]`;
  if (typeof t.id !== 'string') fail(`${f}.id`, 'must be a string');
  if (typeIds.has(t.id)) fail(`${f}.id`, `duplicate id ${t.id}`);
  typeIds.add(t.id);
  const count = checkNumber(t.count, `${f}.count`, { int: true, min: 0 });
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
  return count;
}

/** The vehicle part of `Problem`. */
type VehicleData = Pick<
  Problem,
  | 'nVeh' | 'vehType' | 'vehIndex' | 'vehStartLoc' | 'vehEndLoc' | 'vehShiftStart' | 'vehShiftEnd'
  | 'vehMaxDur' | 'vehCap' | 'vehFixed' | 'vehCpd' | 'vehCph' | 'vehAttr' | 'needDuration'
>;

/** One route per vehicle of every (validated) type; costs as the objective prices them. */
function buildVehicles(
  types: readonly VehicleTypeInput[],
  nVeh: number,
  dims: number,
  objective: Objective,
  attrs: AttributeBits,
): VehicleData {
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
    const attr = attrs.offered(t.attributes);
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
    nVeh, vehType, vehIndex, vehStartLoc, vehEndLoc, vehShiftStart, vehShiftEnd,
    vehMaxDur, vehCap, vehFixed, vehCpd, vehCph, vehAttr, needDuration,
  };
}

/** Validates `input` (throws `SolverInputError` naming the field) and builds the internal problem. */
export function buildProblem(input: ProblemInput): Problem {
  const nLoc = checkNumber(input.locations, 'locations', { int: true, min: 1 });
  const dims = checkNumber(input.dimensions, 'dimensions', { int: true, min: 0 });
  const objective: Objective = input.objective ?? 'cost';
  if (objective !== 'cost' && objective !== 'distance' && objective !== 'hierarchical') {
    fail('objective', 'must be one of cost|distance|hierarchical');
  }
  const dist = readMatrix(input.distance, 'distance', nLoc);
  const time = readMatrix(input.duration, 'duration', nLoc);

  const jobs = input.jobs ?? [];
  if (!Array.isArray(jobs)) fail('jobs', 'must be an array');
  const shipments = input.shipments ?? [];
  if (!Array.isArray(shipments)) fail('shipments', 'must be an array');
  const nNodes = jobs.length + 2 * shipments.length;
  const attrs = new AttributeBits();
  const reader: NodeReader = { nLoc, dims, ids: new Set<string>(), attrs, n: allocNodes(nNodes, dims) };
  jobs.forEach((j, i) => addJob(reader, j, i));
  shipments.forEach((s, i) => addShipment(reader, s, i, jobs.length + 2 * i));

  const types = input.vehicleTypes;
  if (!Array.isArray(types)) fail('vehicleTypes', 'must be an array');
  const typeIds = new Set<string>();
  let nVeh = 0;
  types.forEach((t, i) => (nVeh += checkVehicleType(t, i, nLoc, dims, typeIds)));

  const { opens, closes, heads, ...nodes } = reader.n;
  return {
    input,
    objective,
    nLoc,
    dist,
    time,
    dims,
    nNodes,
    nJobs: jobs.length,
    ...nodes,
    twOpen: Float64Array.from(opens),
    twClose: Float64Array.from(closes),
    heads: Int32Array.from(heads),
    ...buildVehicles(types, nVeh, dims, objective, attrs),
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
