/**
 * Large-neighbourhood search for the 2E-CVRP, after LNS-2E (Breunig, Schmid, Hartl & Vidal 2016,
 * "A large neighbourhood based heuristic for two-echelon routing problems", Computers & OR 76):
 * destroy / repair on the second echelon with satellite reassignment (a removed customer may be
 * reinserted into a route of any satellite, or open a new route at any satellite within Ks/K2),
 * a "close satellite" destroy operator, the first echelon re-solved exactly on the satellite loads
 * after every move (first-echelon.ts), intra-route 2-opt on touched routes, and simulated-annealing
 * acceptance on a geometric schedule. Second-echelon capacity may be exceeded during the search at
 * an adaptive penalty per unit (Vidal et al. 2013, penalised infeasible space), which is what makes
 * tight instances (93–97 % fill) reachable. The annealing is reheated in cycles that restart from the
 * best solution, which makes the outcome robust to the seed. Removal operators: random, related (Shaw 1998),
 * string removal (Christiaens & Vanden Berghe 2020, SISR), route removal, satellite closing.
 * Repair: greedy with blinks (SISR) in random / demand / far-first order, and regret-2.
 *
 * Deterministic for a seed when stopped by `maxIterations`; the clock only enters via `clock`.
 * Part of the 2E-CVRP benchmark module (see index.ts): randomness from the shared `Rng` (mulberry32
 * stream), bad options rejected with `SolverInputError`.
 */
import { SolverInputError } from '../../errors.ts';
import { Rng } from '../../util/rng.ts';
import { FirstEchelon } from './first-echelon.ts';
import {
  type SecondEchelonRoute,
  type TwoEchelonData,
  type TwoEchelonSolution,
  custNode,
  satNode,
  secondRouteLength,
} from './model.ts';

/** Budget and randomness of one LNS run. At least one of maxIterations / maxSeconds must be set. */
export interface LnsOptions {
  readonly seed?: number;
  readonly maxIterations?: number;
  readonly maxSeconds?: number;
  /** Milliseconds clock (default Date.now); only used with maxSeconds. */
  readonly clock?: () => number;
  /** Stop as soon as a feasible solution with cost ≤ target is found (e.g. a proven optimum). */
  readonly target?: number;
  readonly onBest?: (s: TwoEchelonSolution, iteration: number) => void;
}

interface WRoute {
  sat: number;
  cust: number[];
  load: number;
  len: number;
}

interface State {
  routes: WRoute[];
}

function cloneState(s: State): State {
  return { routes: s.routes.map((r) => ({ sat: r.sat, cust: [...r.cust], load: r.load, len: r.len })) };
}

/** Solves a 2E-CVRP instance; returns the best feasible solution found (or the least infeasible). */
export function solveTwoEchelon(d: TwoEchelonData, opts: LnsOptions): TwoEchelonSolution {
  if (opts.maxIterations === undefined && opts.maxSeconds === undefined) {
    throw new SolverInputError('options', 'set at least one of maxIterations, maxSeconds');
  }
  for (const k of ['maxIterations', 'maxSeconds'] as const) {
    const v = opts[k];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0))) throw new SolverInputError(`options.${k}`, 'must be a number >= 0');
  }
  if (opts.seed !== undefined && !Number.isFinite(opts.seed)) throw new SolverInputError('options.seed', 'must be a finite number');
  const lns = new Lns(d, opts);
  return lns.run();
}

class Lns {
  private readonly rng: Rng;
  private readonly fe: FirstEchelon;
  private readonly inst: TwoEchelonData['inst'];
  private readonly near: Int32Array[];
  private penalty: number;
  private readonly clock: () => number;

  constructor(
    private readonly d: TwoEchelonData,
    private readonly opts: LnsOptions,
  ) {
    this.rng = new Rng(opts.seed ?? 1, 'mulberry32');
    this.fe = new FirstEchelon(d);
    this.inst = d.inst;
    this.clock = opts.clock ?? (() => Date.now());
    // neighbour lists by distance (customers only)
    this.near = [];
    for (let c = 0; c < d.nc; c++) {
      const others = [...Array(d.nc).keys()].filter((o) => o !== c);
      others.sort((a, b) => this.cc(c, a) - this.cc(c, b) || a - b);
      this.near.push(Int32Array.from(others));
    }
    let mean = 0;
    for (let c = 0; c < d.nc; c++) mean += this.cs(c, 0);
    this.penalty = Math.max(1e-6, (mean / Math.max(1, d.nc)) / Math.max(1, d.inst.Q2 / Math.max(1, d.nc)));
  }

  private cc(a: number, b: number): number {
    return this.d.dist[custNode(this.d.ns, a) * this.d.n + custNode(this.d.ns, b)]!;
  }
  private cs(c: number, s: number): number {
    return this.d.dist[custNode(this.d.ns, c) * this.d.n + satNode(s)]!;
  }
  /** Distance between two route positions: -1 stands for the satellite. */
  private dd(sat: number, a: number, b: number): number {
    const na = a < 0 ? satNode(sat) : custNode(this.d.ns, a);
    const nb = b < 0 ? satNode(sat) : custNode(this.d.ns, b);
    return this.d.dist[na * this.d.n + nb]!;
  }

  private routeLen(r: WRoute): number {
    return secondRouteLength(this.d, { satellite: r.sat, customers: r.cust });
  }

  private satLoads(s: State): Float64Array {
    const loads = new Float64Array(this.d.ns);
    for (const r of s.routes) loads[r.sat] = loads[r.sat]! + r.load;
    return loads;
  }

  private excess(s: State): number {
    let e = 0;
    for (const r of s.routes) e += Math.max(0, r.load - this.inst.Q2);
    return e;
  }

  /** Real cost (without penalty): SE + FE. */
  private realCost(s: State): { se: number; fe: number } {
    let se = 0;
    for (const r of s.routes) if (r.cust.length) se += this.inst.c2 * r.len + this.inst.F2;
    return { se, fe: this.fe.cost(this.satLoads(s)) };
  }

  run(): TwoEchelonSolution {
    const d = this.d;
    const start = this.clock();
    const maxIt = this.opts.maxIterations ?? Infinity;
    const maxMs = this.opts.maxSeconds !== undefined ? this.opts.maxSeconds * 1000 : Infinity;
    let cur: State = { routes: [] };
    this.repair(cur, [...Array(d.nc).keys()], 1, new Set());
    let curCost = this.penalised(cur);
    let best: State | null = null;
    let bestCost = Infinity;
    let leastBad = cloneState(cur);
    let leastBadCost = curCost;
    const consider = (s: State, it: number): void => {
      if (this.excess(s) > 1e-9) return;
      const { se, fe } = this.realCost(s);
      if (se + fe < bestCost - 1e-9) {
        bestCost = se + fe;
        best = cloneState(s);
        this.opts.onBest?.(this.toSolution(best), it);
      }
    };
    consider(cur, 0);
    const scale = (curCost === Infinity ? 1000 : curCost) / Math.max(1, d.nc);
    const T0 = 0.3 * scale;
    const Tf = 0.001 * scale;
    const cycle = Math.max(1000, 40 * d.nc);
    let feasibleCount = 0;
    let it = 0;
    for (; it < maxIt; it++) {
      if ((it & 63) === 0 && this.clock() - start >= maxMs) break;
      if (this.opts.target !== undefined && bestCost <= this.opts.target + 1e-9) break;
      // reheated annealing: cycles of `cycle` iterations, each cooling geometrically from T0 to Tf
      // and starting from the best solution so far (restarts make the result robust to the seed)
      const pos = it % cycle;
      if (pos === 0 && it > 0 && best) {
        cur = cloneState(best);
        curCost = this.penalised(cur);
      }
      const T = T0 * Math.pow(Tf / T0, pos / cycle);
      const cand = cloneState(cur);
      const { removed, banned } = this.destroy(cand);
      this.repair(cand, removed, this.rng.int(4), banned);
      for (const r of cand.routes) this.twoOpt(r);
      this.relocateLs(cand);
      cand.routes = cand.routes.filter((r) => r.cust.length > 0);
      const cCost = this.penalised(cand);
      if (this.excess(cand) <= 1e-9) feasibleCount++;
      if (cCost < curCost - 1e-9 || (cCost < Infinity && this.rng.next() < Math.exp(-(cCost - curCost) / T))) {
        cur = cand;
        curCost = cCost;
      }
      consider(cand, it);
      if (cCost < leastBadCost) {
        leastBad = cloneState(cand);
        leastBadCost = cCost;
      }
      // adapt the capacity penalty toward ~50 % feasible candidates (Vidal et al. 2013 §4)
      if ((it + 1) % 100 === 0) {
        if (feasibleCount < 40) this.penalty *= 1.3;
        else if (feasibleCount > 60) this.penalty *= 0.8;
        feasibleCount = 0;
        curCost = this.penalised(cur);
      }
    }
    const out = this.toSolution(best ?? leastBad);
    return out;
  }

  private penalised(s: State): number {
    const { se, fe } = this.realCost(s);
    return se + fe + this.penalty * this.excess(s);
  }

  private toSolution(s: State): TwoEchelonSolution {
    const loads = this.satLoads(s);
    const fe = this.fe.solve(loads);
    const second: SecondEchelonRoute[] = s.routes
      .filter((r) => r.cust.length > 0)
      .map((r) => ({ satellite: r.sat, customers: [...r.cust] }));
    let se = 0;
    for (const r of second) se += this.inst.c2 * secondRouteLength(this.d, r) + this.inst.F2;
    const perSat = new Int32Array(this.d.ns);
    for (const r of second) perSat[r.satellite] = perSat[r.satellite]! + 1;
    const feasible =
      this.excess(s) <= 1e-9 &&
      fe.cost < Infinity &&
      second.length <= this.inst.K2 &&
      [...perSat].every((k) => k <= this.inst.Ks);
    return { first: fe.routes, second, cost: se + fe.cost, firstCost: fe.cost, secondCost: se, feasible };
  }

  // ---------------------------------------------------------------- destroy

  private destroy(s: State): { removed: number[]; banned: Set<number> } {
    const nc = this.d.nc;
    const qMax = Math.max(2, Math.min(nc, Math.max(8, Math.round(0.35 * nc))));
    const q = Math.min(nc, 2 + this.rng.int(qMax - 1));
    const op = this.rng.next();
    const banned = new Set<number>();
    let removed: number[];
    if (op < 0.25) removed = this.randomRemoval(s, q);
    else if (op < 0.5) removed = this.relatedRemoval(s, q);
    else if (op < 0.8) removed = this.stringRemoval(s, q);
    else if (op < 0.93) removed = this.routeRemoval(s);
    else {
      // close a satellite: remove all its routes and forbid it in this repair (LNS-2E)
      const used = [...new Set(s.routes.filter((r) => r.cust.length).map((r) => r.sat))];
      if (used.length > 1 || (used.length === 1 && this.d.ns > 1)) {
        const sat = used[this.rng.int(used.length)]!;
        removed = [];
        for (const r of s.routes) if (r.sat === sat) removed.push(...r.cust.splice(0));
        banned.add(sat);
      } else removed = this.randomRemoval(s, q);
    }
    this.refresh(s);
    return { removed, banned };
  }

  private refresh(s: State): void {
    for (const r of s.routes) {
      let l = 0;
      for (const c of r.cust) l += this.d.demand[c]!;
      r.load = l;
      r.len = this.routeLen(r);
    }
  }

  private locate(s: State): Int32Array {
    const where = new Int32Array(this.d.nc).fill(-1);
    s.routes.forEach((r, i) => r.cust.forEach((c) => (where[c] = i)));
    return where;
  }

  private removeCustomers(s: State, cs: number[]): void {
    const set = new Set(cs);
    for (const r of s.routes) r.cust = r.cust.filter((c) => !set.has(c));
  }

  private randomRemoval(s: State, q: number): number[] {
    const all = this.rng.shuffle([...Array(this.d.nc).keys()]).slice(0, q);
    this.removeCustomers(s, all);
    return all;
  }

  private relatedRemoval(s: State, q: number): number[] {
    const seed = this.rng.int(this.d.nc);
    const near = this.near[seed]!;
    const out = [seed];
    // Shaw-style: nearest neighbours of the seed with a randomised skip
    for (let i = 0; i < near.length && out.length < q; i++) if (this.rng.next() < 0.8) out.push(near[i]!);
    this.removeCustomers(s, out);
    return out;
  }

  /** SISR strings: from the seed's route and the routes of its nearest neighbours (Christiaens & Vanden Berghe 2020 §5.1). */
  private stringRemoval(s: State, q: number): number[] {
    const where = this.locate(s);
    const seed = this.rng.int(this.d.nc);
    const touched = new Set<number>();
    const out: number[] = [];
    const maxLen = Math.max(1, Math.min(10, Math.ceil(q / 2)));
    for (const c of [seed, ...this.near[seed]!]) {
      if (out.length >= q) break;
      const ri = where[c]!;
      if (ri < 0 || touched.has(ri)) continue;
      touched.add(ri);
      const r = s.routes[ri]!;
      const len = Math.min(r.cust.length, 1 + this.rng.int(maxLen), q - out.length);
      const pos = r.cust.indexOf(c);
      const startMin = Math.max(0, pos - len + 1);
      const startMax = Math.min(pos, r.cust.length - len);
      const st = startMin + this.rng.int(startMax - startMin + 1);
      out.push(...r.cust.splice(st, len));
    }
    return out;
  }

  private routeRemoval(s: State): number[] {
    const live = s.routes.filter((r) => r.cust.length);
    if (!live.length) return [];
    const r = live[this.rng.int(live.length)]!;
    return r.cust.splice(0);
  }

  // ---------------------------------------------------------------- repair

  /** Insertion cost of c into route r at its best position (penalised); position index. */
  private bestPos(r: WRoute, c: number): { delta: number; pos: number } {
    let best = Infinity;
    let pos = -1;
    const cust = r.cust;
    for (let i = 0; i <= cust.length; i++) {
      const a = i === 0 ? -1 : cust[i - 1]!;
      const b = i === cust.length ? -1 : cust[i]!;
      const delta = this.dd(r.sat, a, c) + this.dd(r.sat, c, b) - this.dd(r.sat, a, b);
      if (delta < best) {
        best = delta;
        pos = i;
      }
    }
    const q = this.d.demand[c]!;
    const exc = Math.max(0, r.load + q - this.inst.Q2) - Math.max(0, r.load - this.inst.Q2);
    return { delta: this.inst.c2 * best + this.penalty * exc, pos };
  }

  /** Options for inserting c: into existing routes or a new route at any allowed satellite. */
  private options(s: State, c: number, banned: Set<number>): { cost: number; route: number; pos: number; sat: number }[] {
    const out: { cost: number; route: number; pos: number; sat: number }[] = [];
    s.routes.forEach((r, i) => {
      if (banned.has(r.sat) && r.cust.length === 0) return;
      const { delta, pos } = this.bestPos(r, c);
      out.push({ cost: delta, route: i, pos, sat: r.sat });
    });
    const live = s.routes.filter((r) => r.cust.length > 0);
    if (live.length < this.inst.K2) {
      for (let sat = 0; sat < this.d.ns; sat++) {
        if (banned.has(sat)) continue;
        if (live.filter((r) => r.sat === sat).length >= this.inst.Ks) continue;
        const q = this.d.demand[c]!;
        out.push({
          cost: this.inst.c2 * 2 * this.cs(c, sat) + this.inst.F2 + this.penalty * Math.max(0, q - this.inst.Q2),
          route: -1,
          pos: 0,
          sat,
        });
      }
    }
    return out;
  }

  private insert(s: State, c: number, o: { route: number; pos: number; sat: number }): void {
    let r: WRoute;
    if (o.route < 0) {
      r = { sat: o.sat, cust: [], load: 0, len: 0 };
      s.routes.push(r);
    } else r = s.routes[o.route]!;
    r.cust.splice(o.pos, 0, c);
    r.load += this.d.demand[c]!;
    r.len = this.routeLen(r);
  }

  /** mode 0: greedy random order, 1: demand-desc, 2: far-first, 3: regret-2. Blinks at 1 %. */
  private repair(s: State, removed: number[], mode: number, banned: Set<number>): void {
    s.routes = s.routes.filter((r) => r.cust.length > 0);
    if (mode === 3) {
      const todo = [...removed];
      while (todo.length) {
        let bestI = 0;
        let bestRegret = -Infinity;
        let bestOpt: { route: number; pos: number; sat: number } | null = null;
        for (let i = 0; i < todo.length; i++) {
          const opts = this.options(s, todo[i]!, banned).sort((a, b) => a.cost - b.cost);
          if (!opts.length) continue;
          const regret = (opts[1]?.cost ?? 1e9) - opts[0]!.cost;
          if (regret > bestRegret) {
            bestRegret = regret;
            bestI = i;
            bestOpt = opts[0]!;
          }
        }
        const c = todo.splice(bestI, 1)[0]!;
        this.insert(s, c, bestOpt ?? this.fallback(s, c));
      }
      return;
    }
    const order = [...removed];
    if (mode === 0) this.rng.shuffle(order);
    else if (mode === 1) order.sort((a, b) => this.d.demand[b]! - this.d.demand[a]! || a - b);
    else order.sort((a, b) => this.minSatDist(b) - this.minSatDist(a) || a - b);
    for (const c of order) {
      const opts = this.options(s, c, banned);
      let best: (typeof opts)[number] | null = null;
      for (const o of opts) {
        if (this.rng.next() < 0.01) continue; // blink (SISR §5.2)
        if (!best || o.cost < best.cost) best = o;
      }
      this.insert(s, c, best ?? opts[0] ?? this.fallback(s, c));
    }
  }

  /** When nothing is allowed (all routes banned and fleet full): cheapest existing route. */
  private fallback(s: State, c: number): { route: number; pos: number; sat: number } {
    let best = { route: -1, pos: 0, sat: 0 };
    let bc = Infinity;
    s.routes.forEach((r, i) => {
      const { delta, pos } = this.bestPos(r, c);
      if (delta < bc) {
        bc = delta;
        best = { route: i, pos, sat: r.sat };
      }
    });
    return best;
  }

  private minSatDist(c: number): number {
    let m = Infinity;
    for (let s = 0; s < this.d.ns; s++) m = Math.min(m, this.cs(c, s));
    return m;
  }

  // ---------------------------------------------------------------- local search

  /** Intra-route 2-opt, first improvement until none (Croes 1958). */
  private twoOpt(r: WRoute): void {
    const a = r.cust;
    const n = a.length;
    if (n < 3) return;
    let improved = true;
    while (improved) {
      improved = false;
      for (let i = 0; i < n - 1; i++) {
        for (let j = i + 1; j < n; j++) {
          const p = i === 0 ? -1 : a[i - 1]!;
          const nx = j === n - 1 ? -1 : a[j + 1]!;
          const delta =
            this.dd(r.sat, p, a[j]!) + this.dd(r.sat, a[i]!, nx) - this.dd(r.sat, p, a[i]!) - this.dd(r.sat, a[j]!, nx);
          if (delta < -1e-10) {
            for (let x = i, y = j; x < y; x++, y--) {
              const t = a[x]!;
              a[x] = a[y]!;
              a[y] = t;
            }
            improved = true;
          }
        }
      }
    }
    r.len = this.routeLen(r);
  }

  /** Inter-route relocate of single customers (penalised SE cost; satellite loads change FE later). */
  private relocateLs(s: State): void {
    let improved = true;
    let guard = 0;
    while (improved && guard++ < 50) {
      improved = false;
      for (let ri = 0; ri < s.routes.length; ri++) {
        const r = s.routes[ri]!;
        for (let i = 0; i < r.cust.length; i++) {
          const c = r.cust[i]!;
          const p = i === 0 ? -1 : r.cust[i - 1]!;
          const nx = i === r.cust.length - 1 ? -1 : r.cust[i + 1]!;
          const q = this.d.demand[c]!;
          const gain =
            this.inst.c2 * (this.dd(r.sat, p, c) + this.dd(r.sat, c, nx) - this.dd(r.sat, p, nx)) +
            this.penalty * (Math.max(0, r.load - this.inst.Q2) - Math.max(0, r.load - q - this.inst.Q2)) +
            (r.cust.length === 1 ? this.inst.F2 : 0);
          for (let rj = 0; rj < s.routes.length; rj++) {
            if (rj === ri) continue;
            const t = s.routes[rj]!;
            if (t.cust.length === 0) continue;
            const { delta, pos } = this.bestPos(t, c);
            if (delta < gain - 1e-9) {
              r.cust.splice(i, 1);
              r.load -= q;
              r.len = this.routeLen(r);
              t.cust.splice(pos, 0, c);
              t.load += q;
              t.len = this.routeLen(t);
              improved = true;
              break;
            }
          }
          if (improved) break;
        }
        if (improved) break;
      }
    }
  }
}
