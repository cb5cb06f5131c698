/**
 * Mutable PVRP solution: `m` routes per day, each customer's chosen pattern (or absent), where
 * each visit sits, and per-route load, travel and duration kept up to date incrementally. An
 * undo log (`begin` / `commit` / `rollback`) restores only the routes an iteration touched, so a
 * rejected ruin-and-recreate step costs about as much as the step itself.
 */
import type { PeriodicData } from './model.ts';

export class PeriodicState {
  readonly t: number;
  readonly m: number;
  /** Number of routes: route `d * m + k` is vehicle k on day d. */
  readonly nRoutes: number;
  readonly routes: number[][];
  readonly load: Float64Array;
  /** Travel distance of each route. */
  readonly len: Float64Array;
  /** Travel + service time of each route. */
  readonly dur: Float64Array;
  /** Chosen pattern per node (index into `data.patterns[c]`), -1 when absent. */
  readonly pat: Int32Array;
  /** Route of node c on day d at `c * t + d`, -1 when not visited that day. */
  readonly where: Int32Array;
  /** Position of node c in that route. */
  readonly pos: Int32Array;
  /** Total travel distance. */
  travel = 0;
  /** Absent customers and their total penalty. */
  absent: number[] = [];
  penaltySum = 0;
  /** Penalty of leaving each customer out (per node). */
  readonly penalty: Float64Array;

  // Undo log.
  private readonly touched: Uint8Array;
  private readonly touchedList: number[] = [];
  private readonly savedRoutes: number[][] = [];
  private readonly savedStats: number[] = [];
  private readonly changed: Uint8Array;
  private readonly changedList: number[] = [];
  private readonly savedPat: number[] = [];
  private savedAbsent: number[] = [];
  private savedTravel = 0;
  private savedPenalty = 0;

  constructor(
    readonly data: PeriodicData,
    penalty: Float64Array,
  ) {
    this.t = data.t;
    this.m = data.m;
    this.nRoutes = this.t * this.m;
    this.routes = Array.from({ length: this.nRoutes }, () => []);
    this.load = new Float64Array(this.nRoutes);
    this.len = new Float64Array(this.nRoutes);
    this.dur = new Float64Array(this.nRoutes);
    this.pat = new Int32Array(data.nNodes).fill(-1);
    this.where = new Int32Array(data.nNodes * this.t).fill(-1);
    this.pos = new Int32Array(data.nNodes * this.t);
    this.touched = new Uint8Array(this.nRoutes);
    this.changed = new Uint8Array(data.nNodes);
    this.penalty = penalty;
    for (let c = 1; c < data.nNodes; c++) {
      this.absent.push(c);
      this.penaltySum += penalty[c]!;
    }
  }

  /** Penalty weights per unit of excess load and excess duration (capacity and duration are soft). */
  lambdaLoad = 1;
  lambdaDuration = 1;

  /** Penalised cost: travel, absent customers' penalties, and the weighted excess load and duration. */
  cost(): number {
    return this.travel + this.penaltySum + this.lambdaLoad * this.excessLoad() + this.lambdaDuration * this.excessDuration();
  }

  /** Total load above capacity over all routes. */
  excessLoad(): number {
    let s = 0;
    const cap = this.data.capacity;
    for (let r = 0; r < this.nRoutes; r++) {
      const e = this.load[r]! - cap[Math.floor(r / this.m)]!;
      if (e > 1e-9) s += e;
    }
    return s;
  }

  /** Total duration above the limit over all routes. */
  excessDuration(): number {
    let s = 0;
    const lim = this.data.maxDuration;
    for (let r = 0; r < this.nRoutes; r++) {
      const e = this.dur[r]! - lim[Math.floor(r / this.m)]!;
      if (e > 1e-9) s += e;
    }
    return s;
  }

  /** Every customer visited and every route within capacity and duration. */
  feasible(): boolean {
    return this.absent.length === 0 && this.excessLoad() === 0 && this.excessDuration() === 0;
  }

  /** Starts an undoable step. */
  begin(): void {
    this.savedAbsent = this.absent.slice();
    this.savedTravel = this.travel;
    this.savedPenalty = this.penaltySum;
  }

  /** Keeps the changes since `begin`. */
  commit(): void {
    for (const r of this.touchedList) this.touched[r] = 0;
    for (const c of this.changedList) this.changed[c] = 0;
    this.touchedList.length = 0;
    this.savedRoutes.length = 0;
    this.savedStats.length = 0;
    this.changedList.length = 0;
    this.savedPat.length = 0;
  }

  /** Undoes the changes since `begin`. */
  rollback(): void {
    const t = this.t;
    for (let k = 0; k < this.changedList.length; k++) {
      const c = this.changedList[k]!;
      this.pat[c] = this.savedPat[k]!;
      for (let d = 0; d < t; d++) this.where[c * t + d] = -1;
    }
    for (let k = 0; k < this.touchedList.length; k++) {
      const r = this.touchedList[k]!;
      const route = this.savedRoutes[k]!;
      this.routes[r] = route;
      this.load[r] = this.savedStats[3 * k]!;
      this.len[r] = this.savedStats[3 * k + 1]!;
      this.dur[r] = this.savedStats[3 * k + 2]!;
      this.reindex(r, 0);
    }
    this.absent = this.savedAbsent;
    this.travel = this.savedTravel;
    this.penaltySum = this.savedPenalty;
    this.commit();
  }

  private touch(r: number): void {
    if (this.touched[r]) return;
    this.touched[r] = 1;
    this.touchedList.push(r);
    this.savedRoutes.push(this.routes[r]!.slice());
    this.savedStats.push(this.load[r]!, this.len[r]!, this.dur[r]!);
  }

  private markChanged(c: number): void {
    if (this.changed[c]) return;
    this.changed[c] = 1;
    this.changedList.push(c);
    this.savedPat.push(this.pat[c]!);
  }

  /** Day of route r. */
  dayOf(r: number): number {
    return Math.floor(r / this.m);
  }

  /** Rewrites `where`/`pos` of route r from position `from` on. */
  reindex(r: number, from: number): void {
    const route = this.routes[r]!;
    const t = this.t;
    const d = this.dayOf(r);
    for (let i = from; i < route.length; i++) {
      const c = route[i]!;
      this.where[c * t + d] = r;
      this.pos[c * t + d] = i;
    }
  }

  /** Removes the visit of c on day d (the customer keeps its pattern). */
  removeVisit(c: number, d: number): void {
    const t = this.t;
    const r = this.where[c * t + d]!;
    const i = this.pos[c * t + d]!;
    this.touch(r);
    const route = this.routes[r]!;
    const N = this.data.nNodes;
    const dist = this.data.dist;
    const prev = i > 0 ? route[i - 1]! : 0;
    const next = i + 1 < route.length ? route[i + 1]! : 0;
    const delta = dist[prev * N + next]! - dist[prev * N + c]! - dist[c * N + next]!;
    route.splice(i, 1);
    this.len[r]! += delta;
    this.dur[r]! += delta - this.data.service[c]!;
    this.load[r]! -= this.data.demand[c]!;
    this.travel += delta;
    this.where[c * t + d] = -1;
    this.reindex(r, i);
  }

  /** Inserts c on route r at position i (c must not be visited that day). */
  insertVisit(c: number, r: number, i: number): void {
    this.touch(r);
    const route = this.routes[r]!;
    const N = this.data.nNodes;
    const dist = this.data.dist;
    const prev = i > 0 ? route[i - 1]! : 0;
    const next = i < route.length ? route[i]! : 0;
    const delta = dist[prev * N + c]! + dist[c * N + next]! - dist[prev * N + next]!;
    route.splice(i, 0, c);
    this.len[r]! += delta;
    this.dur[r]! += delta + this.data.service[c]!;
    this.load[r]! += this.data.demand[c]!;
    this.travel += delta;
    this.reindex(r, i);
  }

  /** Removes every visit of c and marks it absent. */
  removeCustomer(c: number): void {
    const p = this.pat[c]!;
    if (p < 0) return;
    for (const d of this.data.patternDays[c]![p]!) this.removeVisit(c, d);
    this.markChanged(c);
    this.pat[c] = -1;
    this.absent.push(c);
    this.penaltySum += this.penalty[c]!;
  }

  /** Records that c now follows pattern p (its visits are inserted by the caller). */
  assignPattern(c: number, p: number): void {
    this.markChanged(c);
    this.pat[c] = p;
    const k = this.absent.indexOf(c);
    if (k >= 0) {
      this.absent[k] = this.absent[this.absent.length - 1]!;
      this.absent.pop();
      this.penaltySum -= this.penalty[c]!;
    }
  }

  /** Sets c's pattern without touching the absent list (the caller keeps it consistent). */
  setPatternRaw(c: number, p: number): void {
    this.markChanged(c);
    this.pat[c] = p;
  }

  /** Replaces route r wholesale (used by the local search); the caller keeps `travel` consistent. */
  replaceRoute(r: number, route: number[]): void {
    this.touch(r);
    this.routes[r] = route;
    this.recomputeRoute(r);
    this.reindex(r, 0);
  }

  /** Recomputes load, travel and duration of route r from scratch. */
  recomputeRoute(r: number): void {
    const route = this.routes[r]!;
    const N = this.data.nNodes;
    const dist = this.data.dist;
    let load = 0;
    let len = 0;
    let svc = 0;
    let prev = 0;
    for (const c of route) {
      len += dist[prev * N + c]!;
      load += this.data.demand[c]!;
      svc += this.data.service[c]!;
      prev = c;
    }
    len += dist[prev * N]!;
    this.travel += len - this.len[r]!;
    this.load[r] = load;
    this.len[r] = len;
    this.dur[r] = len + svc;
  }

  /** A deep copy of the routes and patterns (for the best solution). */
  snapshot(): { routes: number[][]; pat: Int32Array } {
    return { routes: this.routes.map((r) => r.slice()), pat: this.pat.slice() };
  }
}
