/**
 * First echelon of the 2E-CVRP: given the freight each satellite needs (the sum of its
 * second-echelon route loads), find the cheapest set of at most K1 truck routes from the depot with
 * split deliveries at satellites allowed (Perboli, Tadei & Vigo 2011; LNS-2E re-solves this
 * sub-problem after every second-echelon change, Breunig et al. 2016 §4.3).
 *
 * Exact method for few satellites: a truck route is a subset S of satellites visited in its
 * optimal TSP order (Held–Karp), so a first-echelon solution is a multiset of at most K1 subsets.
 * Multisets are enumerated once and sorted by cost; for given loads the first multiset whose
 * routes can carry the loads is optimal. Whether a multiset can carry them is a transportation
 * feasibility question answered by Gale's / Hall's supply–demand theorem: for every set T of
 * satellites with freight, load(T) ≤ Q1 · |{routes touching T}| (Gale 1957, "A theorem on flows
 * in networks"). The actual split is then found with a small max-flow. When the enumeration would
 * be too large, a greedy split heuristic is used instead (flagged `exact: false`).
 */
import { type FirstEchelonRoute, type TwoEchelonData, satNode } from './model.ts';

/** Result for given satellite loads. `cost` is Infinity when the loads exceed K1·Q1. */
export interface FirstEchelonResult {
  readonly cost: number;
  readonly routes: readonly FirstEchelonRoute[];
  readonly exact: boolean;
}

interface Multiset {
  /** Bitmasks of the satellite subsets, one per truck. */
  readonly masks: readonly number[];
  readonly cost: number;
  /** touches[T] for every nonempty T: number of routes with S ∩ T ≠ ∅. */
  readonly touches: Uint8Array;
}

/** Largest number of multisets enumerated before falling back to the heuristic. */
const MAX_MULTISETS = 200_000;

/** Cost evaluator for the first echelon of one instance (precomputes TSP tours of all subsets). */
export class FirstEchelon {
  private readonly ns: number;
  /** Optimal tour length from the depot through the subset (Held–Karp), per bitmask. */
  private readonly tourLen: Float64Array;
  /** Optimal visiting order per bitmask (0-based satellites). */
  private readonly tourOrder: number[][];
  private readonly multisets: Multiset[] | null;

  constructor(private readonly d: TwoEchelonData) {
    const ns = d.ns;
    this.ns = ns;
    const full = 1 << ns;
    this.tourLen = new Float64Array(full);
    this.tourOrder = new Array<number[]>(full);
    if (ns <= 12) this.heldKarp();
    this.multisets = ns <= 12 ? this.enumerate() : null;
  }

  private dist(a: number, b: number): number {
    return this.d.dist[a * this.d.n + b]!;
  }

  /** Held–Karp DP over all subsets: dp[mask][last] = shortest depot→…→last path through mask. */
  private heldKarp(): void {
    const ns = this.ns;
    const full = 1 << ns;
    const dp = new Float64Array(full * ns).fill(Infinity);
    const parent = new Int32Array(full * ns).fill(-1);
    for (let s = 0; s < ns; s++) dp[(1 << s) * ns + s] = this.dist(0, satNode(s));
    for (let mask = 1; mask < full; mask++) {
      for (let last = 0; last < ns; last++) {
        const cur = dp[mask * ns + last]!;
        if (!(mask & (1 << last)) || cur === Infinity) continue;
        for (let nx = 0; nx < ns; nx++) {
          if (mask & (1 << nx)) continue;
          const m2 = mask | (1 << nx);
          const v = cur + this.dist(satNode(last), satNode(nx));
          if (v < dp[m2 * ns + nx]!) {
            dp[m2 * ns + nx] = v;
            parent[m2 * ns + nx] = last;
          }
        }
      }
    }
    this.tourOrder[0] = [];
    for (let mask = 1; mask < full; mask++) {
      let best = Infinity;
      let bestLast = -1;
      for (let last = 0; last < ns; last++) {
        if (!(mask & (1 << last))) continue;
        const v = dp[mask * ns + last]! + this.dist(satNode(last), 0);
        if (v < best) {
          best = v;
          bestLast = last;
        }
      }
      this.tourLen[mask] = best;
      const order: number[] = [];
      let m = mask;
      let cur = bestLast;
      while (cur >= 0) {
        order.push(cur);
        const p = parent[m * ns + cur]!;
        m &= ~(1 << cur);
        cur = p;
      }
      this.tourOrder[mask] = order.reverse();
    }
  }

  /** All multisets of 1..K1 nonempty subsets, sorted by cost; null when too many. */
  private enumerate(): Multiset[] | null {
    const { c1, F1, K1 } = this.d.inst;
    const full = 1 << this.ns;
    const subsets = full - 1;
    // count multisets: sum_{k=1..K1} C(subsets + k - 1, k)
    let count = 0;
    let term = 1;
    for (let k = 1; k <= K1; k++) {
      term = (term * (subsets + k - 1)) / k;
      count += term;
      if (count > MAX_MULTISETS) return null;
    }
    const out: Multiset[] = [];
    const masks: number[] = [];
    const rec = (minMask: number, costSoFar: number): void => {
      if (masks.length > 0) {
        const touches = new Uint8Array(full);
        for (let t = 1; t < full; t++) {
          let c = 0;
          for (const m of masks) if (m & t) c++;
          touches[t] = c;
        }
        out.push({ masks: [...masks], cost: costSoFar, touches });
      }
      if (masks.length === K1) return;
      for (let m = minMask; m < full; m++) {
        masks.push(m);
        rec(m, costSoFar + c1 * this.tourLen[m]! + F1);
        masks.pop();
      }
    };
    rec(1, 0);
    out.sort((a, b) => a.cost - b.cost || a.masks.length - b.masks.length);
    return out;
  }

  /** Handling cost Σ h_s · load_s. */
  private handling(loads: ArrayLike<number>): number {
    let h = 0;
    for (let s = 0; s < this.ns; s++) h += this.d.inst.satellites[s]!.handling * loads[s]!;
    return h;
  }

  private firstFeasible(loads: ArrayLike<number>): Multiset | null | undefined {
    if (!this.multisets) return undefined;
    const full = 1 << this.ns;
    const Q1 = this.d.inst.Q1;
    let active = 0;
    for (let s = 0; s < this.ns; s++) if (loads[s]! > 1e-9) active |= 1 << s;
    if (active === 0) return null;
    // load of each subset of active satellites
    const loadOf = new Float64Array(full);
    for (let t = 1; t < full; t++) {
      const low = t & -t;
      const s = 31 - Math.clz32(low);
      loadOf[t] = loadOf[t ^ low]! + ((active & low) !== 0 ? loads[s]! : 0);
    }
    outer: for (const ms of this.multisets) {
      // Gale/Hall: every subset T of the active satellites
      for (let t = active; t > 0; t = (t - 1) & active) {
        if (loadOf[t]! > Q1 * ms.touches[t]! + 1e-7) continue outer;
      }
      return ms;
    }
    return null;
  }

  /** First-echelon cost for the satellite loads (Infinity if no K1-truck solution exists). */
  cost(loads: ArrayLike<number>): number {
    let total = 0;
    for (let s = 0; s < this.ns; s++) total += loads[s]!;
    if (total <= 1e-9) return 0;
    if (total > this.d.inst.K1 * this.d.inst.Q1 + 1e-7) return Infinity;
    const ms = this.firstFeasible(loads);
    if (ms === undefined) return this.greedy(loads).cost;
    if (ms === null) return Infinity;
    return ms.cost + this.handling(loads);
  }

  /** Routes and split loads for the satellite loads. */
  solve(loads: ArrayLike<number>): FirstEchelonResult {
    let total = 0;
    for (let s = 0; s < this.ns; s++) total += loads[s]!;
    if (total <= 1e-9) return { cost: 0, routes: [], exact: true };
    const ms = total > this.d.inst.K1 * this.d.inst.Q1 + 1e-7 ? null : this.firstFeasible(loads);
    if (ms === undefined) return this.greedy(loads);
    if (ms === null) return { cost: Infinity, routes: [], exact: true };
    const split = this.split(ms.masks, loads);
    const routes: FirstEchelonRoute[] = ms.masks.map((m, r) => {
      const order = this.tourOrder[m]!;
      return { satellites: order, loads: order.map((s) => split[r]![s]!) };
    });
    return { cost: ms.cost + this.handling(loads), routes, exact: true };
  }

  /** Transportation split by max-flow (Edmonds–Karp) on source → route (Q1) → satellite → sink (load). */
  private split(masks: readonly number[], loads: ArrayLike<number>): number[][] {
    const R = masks.length;
    const ns = this.ns;
    const N = 2 + R + ns;
    const src = 0;
    const sink = N - 1;
    const cap = new Float64Array(N * N);
    for (let r = 0; r < R; r++) {
      cap[src * N + 1 + r] = this.d.inst.Q1;
      for (let s = 0; s < ns; s++) if (masks[r]! & (1 << s)) cap[(1 + r) * N + 1 + R + s] = Infinity;
    }
    for (let s = 0; s < ns; s++) cap[(1 + R + s) * N + sink] = loads[s]!;
    const flow = new Float64Array(N * N);
    for (;;) {
      const prev = new Int32Array(N).fill(-1);
      prev[src] = src;
      const queue = [src];
      while (queue.length && prev[sink] === -1) {
        const u = queue.shift()!;
        for (let v = 0; v < N; v++) {
          if (prev[v] === -1 && cap[u * N + v]! - flow[u * N + v]! > 1e-9) {
            prev[v] = u;
            queue.push(v);
          }
        }
      }
      if (prev[sink] === -1) break;
      let aug = Infinity;
      for (let v = sink; v !== src; v = prev[v]!) {
        const u = prev[v]!;
        aug = Math.min(aug, cap[u * N + v]! - flow[u * N + v]!);
      }
      for (let v = sink; v !== src; v = prev[v]!) {
        const u = prev[v]!;
        flow[u * N + v] = flow[u * N + v]! + aug;
        flow[v * N + u] = flow[v * N + u]! - aug;
      }
    }
    return masks.map((_, r) => {
      const row: number[] = [];
      for (let s = 0; s < ns; s++) row.push(Math.max(0, flow[(1 + r) * N + 1 + R + s]!));
      return row;
    });
  }

  /** Fallback for many satellites: full out-and-back trucks, then residuals packed nearest-first with splits. */
  private greedy(loads: ArrayLike<number>): FirstEchelonResult {
    const { Q1, K1, c1, F1 } = this.d.inst;
    const routes: { sats: number[]; loads: number[] }[] = [];
    const rest: number[] = [];
    for (let s = 0; s < this.ns; s++) {
      let l = loads[s]!;
      while (l >= Q1 - 1e-9) {
        routes.push({ sats: [s], loads: [Q1] });
        l -= Q1;
      }
      rest.push(Math.max(0, l));
    }
    const todo = rest.map((l, s) => ({ s, l })).filter((x) => x.l > 1e-9);
    todo.sort((a, b) => this.dist(0, satNode(a.s)) - this.dist(0, satNode(b.s)));
    let cur: { sats: number[]; loads: number[] } | null = null;
    let room = 0;
    for (const t of todo) {
      let l = t.l;
      while (l > 1e-9) {
        if (!cur || room <= 1e-9) {
          cur = { sats: [], loads: [] };
          routes.push(cur);
          room = Q1;
        }
        const take = Math.min(room, l);
        cur.sats.push(t.s);
        cur.loads.push(take);
        room -= take;
        l -= take;
      }
    }
    let cost = this.handling(loads);
    const out: FirstEchelonRoute[] = routes.map((r) => {
      let len = 0;
      let prev = 0;
      for (const s of r.sats) {
        len += this.dist(prev, satNode(s));
        prev = satNode(s);
      }
      len += this.dist(prev, 0);
      cost += c1 * len + F1;
      return { satellites: r.sats, loads: r.loads };
    });
    if (routes.length > K1) cost = Infinity;
    return { cost, routes: out, exact: false };
  }
}
