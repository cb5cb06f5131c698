/**
 * Pattern-aware ruin and recreate for the PVRP, after SISR (Christiaens & Vanden Berghe 2020):
 * the ruin removes strings of consecutive visits from the routes of one day around a seed
 * customer and its nearest neighbours; then either
 * - the removed customers lose all their visits and the recreate chooses their pattern anew, as
 *   the allowed pattern whose days' cheapest insertions sum lowest ("pattern mode"), or
 * - only the removed day's visits go and come back on that same day ("day mode").
 * Capacity and duration are soft in the recreate (excess priced by the state's penalty weights, so
 * the search can cross infeasible space on tight instances); the number of vehicles per day is hard.
 * Positions are skipped with a small "blink" probability.
 */
import type { Rng } from '../util/rng.ts';
import type { PeriodicState } from './state.ts';

/** Ruin-and-recreate parameters. */
export interface RuinRecreateParams {
  /** Average number of removed customers (SISR c̄). */
  readonly avgRemoved: number;
  /** Maximum string length (SISR L_max). */
  readonly maxString: number;
  /** Probability of a split string. */
  readonly splitRate: number;
  /** Probability of growing the preserved part of a split string. */
  readonly splitGrow: number;
  /** Probability of a pattern-mode step (otherwise day mode). */
  readonly patternRate: number;
  /** Probability of skipping an insertion position. */
  readonly blink: number;
}

let ruined = new Uint8Array(0);
const ruinedList: number[] = [];
let insCost = new Float64Array(0);
let insRoute = new Int32Array(0);
let insPos = new Int32Array(0);
const picked: number[] = [];
/** Removed visits of day mode: customer, day. */
const dayItems: number[] = [];
const keys: number[] = [];

/**
 * Cheapest feasible insertion of c on day d (writes insCost/insRoute/insPos[d]); Infinity when none.
 */
function bestInsertion(st: PeriodicState, c: number, d: number, rng: Rng, blink: number, strict: boolean): void {
  const data = st.data;
  const N = data.nNodes;
  const dist = data.dist;
  const q = data.demand[c]!;
  const svc = data.service[c]!;
  const cap = data.capacity[d]!;
  const maxDur = data.maxDuration[d]!;
  const lq = st.lambdaLoad;
  const ld = st.lambdaDuration;
  let best = Infinity;
  let bestR = -1;
  let bestI = -1;
  let emptySeen = false;
  const m = st.m;
  const cN = c * N;
  for (let k = 0; k < m; k++) {
    const r = d * m + k;
    const route = st.routes[r]!;
    if (route.length === 0) {
      if (emptySeen) continue;
      emptySeen = true;
    }
    const load = st.load[r]!;
    const dur = st.dur[r]!;
    let fixed = 0;
    if (strict) {
      if (load + q > cap + 1e-9) continue;
      if (dur + svc > maxDur + 1e-9) continue;
    } else fixed = lq * (Math.max(0, load + q - cap) - Math.max(0, load - cap));
    const durExcess = Math.max(0, dur - maxDur);
    const durBase = dur + svc - maxDur;
    let prev = 0;
    for (let i = 0; i <= route.length; i++) {
      const next = i < route.length ? route[i]! : 0;
      const delta = dist[cN + prev]! + dist[cN + next]! - dist[prev * N + next]!;
      let cost = delta + fixed;
      if (durBase + delta > 1e-9) {
        if (strict) cost = Infinity;
        else cost += ld * (durBase + delta - durExcess);
      }
      if (cost < best && !(blink > 0 && rng.next() < blink)) {
        best = cost;
        bestR = r;
        bestI = i;
      }
      prev = next;
    }
  }
  insCost[d] = best;
  insRoute[d] = bestR;
  insPos[d] = bestI;
}

/** Inserts absent customer c with its cheapest feasible pattern; false when none fits. */
export function insertCustomer(st: PeriodicState, c: number, rng: Rng, blink: number, strict: boolean): boolean {
  const data = st.data;
  const t = st.t;
  if (insCost.length < t) {
    insCost = new Float64Array(t);
    insRoute = new Int32Array(t);
    insPos = new Int32Array(t);
  }
  const union = data.unionMask[c]!;
  for (let d = 0; d < t; d++) if (union & (1 << d)) bestInsertion(st, c, d, rng, blink, strict);
  const pds = data.patternDays[c]!;
  let best = Infinity;
  let bestP = -1;
  for (let p = 0; p < pds.length; p++) {
    let s = 0;
    for (const d of pds[p]!) s += insCost[d]!;
    if (s < best) {
      best = s;
      bestP = p;
    }
  }
  if (bestP < 0 || best === Infinity) return false;
  st.assignPattern(c, bestP);
  for (const d of pds[bestP]!) st.insertVisit(c, insRoute[d]!, insPos[d]!);
  return true;
}

/** One step: ruin around a random seed customer, then recreate. */
export function ruinRecreate(st: PeriodicState, rng: Rng, prm: RuinRecreateParams): void {
  const data = st.data;
  const t = st.t;
  const m = st.m;
  if (ruined.length < st.nRoutes) ruined = new Uint8Array(st.nRoutes);
  const N = data.nNodes;
  picked.length = 0;
  dayItems.length = 0;
  const patternMode = rng.next() < prm.patternRate;
  // Seed: a random assigned customer and one of its days.
  let seed = -1;
  for (let tries = 0; tries < 50 && seed < 0; tries++) {
    const c = 1 + rng.int(N - 1);
    if (st.pat[c]! >= 0) seed = c;
  }
  if (seed >= 0) {
    const days = data.patternDays[seed]![st.pat[seed]!]!;
    const d = days[rng.int(days.length)]!;
    let visits = 0;
    let nonEmpty = 0;
    for (let k = 0; k < m; k++) {
      const len = st.routes[d * m + k]!.length;
      visits += len;
      if (len > 0) nonEmpty++;
    }
    const lsMax = Math.min(prm.maxString, visits / Math.max(1, nonEmpty));
    const ksMax = (4 * prm.avgRemoved) / (1 + lsMax) - 1;
    const ks = Math.floor(rng.next() * ksMax) + 1;
    const nb = data.neighbours[seed]!;
    let done = 0;
    for (let j = -1; j < nb.length && done < ks; j++) {
      const c = j < 0 ? seed : nb[j]!;
      let dc = d;
      if (patternMode && st.where[c * t + d]! < 0) {
        // Pattern mode ruins across days: a neighbour not visited on day d is cut on one of its own days.
        const pc = st.pat[c]!;
        if (pc < 0) continue;
        const ds = data.patternDays[c]![pc]!;
        dc = ds[rng.int(ds.length)]!;
      }
      const r = st.where[c * t + dc]!;
      if (r < 0 || ruined[r]) continue;
      const route = st.routes[r]!;
      const n = route.length;
      const l = Math.floor(rng.next() * Math.min(n, lsMax)) + 1;
      let keep = 0;
      if (l < n && rng.next() < prm.splitRate) {
        keep = 1;
        while (l + keep < n && rng.next() < prm.splitGrow) keep++;
      }
      const total = l + keep;
      const pc = st.pos[c * t + dc]!;
      // A window of `total` positions containing pc, inside the route.
      let start = pc - rng.int(total);
      if (start < 0) start = 0;
      if (start + total > n) start = n - total;
      const keepAt = keep > 0 ? start + rng.int(l + 1) : -1;
      for (let i = start; i < start + total; i++) {
        if (keep > 0 && i >= keepAt && i < keepAt + keep) continue;
        picked.push(route[i]!);
      }
      ruined[r] = 1;
      ruinedList.push(r);
      done++;
    }
    for (const r of ruinedList) ruined[r] = 0;
    ruinedList.length = 0;
    for (const c of picked) {
      if (patternMode) st.removeCustomer(c);
      else {
        st.removeVisit(c, d);
        dayItems.push(c, d);
      }
    }
  }
  recreate(st, rng, prm.blink);
}

/**
 * Reinserts the day-mode visits and every absent customer, in an order drawn like SISR's: random,
 * demand descending, far from the depot first, or close first (weights 4/4/2/1).
 */
function recreate(st: PeriodicState, rng: Rng, blink: number): void {
  const data = st.data;
  const u = rng.next() * 11;
  const kind = u < 4 ? 0 : u < 8 ? 1 : u < 10 ? 2 : 3;
  const key = (c: number): number =>
    kind === 0 ? rng.next() : kind === 1 ? -data.demand[c]! : kind === 2 ? -data.dist[c]! : data.dist[c]!;
  // Day-mode visits first (their customers keep their pattern), then the absent customers.
  const nItems = dayItems.length / 2;
  if (nItems > 0) {
    const order: number[] = [];
    keys.length = 0;
    for (let k = 0; k < nItems; k++) {
      order.push(k);
      keys.push(key(dayItems[2 * k]!));
    }
    order.sort((a, b) => keys[a]! - keys[b]! || a - b);
    for (const k of order) {
      const c = dayItems[2 * k]!;
      const d = dayItems[2 * k + 1]!;
      if (insCost.length < st.t) {
        insCost = new Float64Array(st.t);
        insRoute = new Int32Array(st.t);
        insPos = new Int32Array(st.t);
      }
      bestInsertion(st, c, d, rng, blink, false);
      if (insCost[d]! < Infinity) st.insertVisit(c, insRoute[d]!, insPos[d]!);
      else {
        // The visit fits nowhere on its day: drop the customer's other visits too (pattern choice again).
        const p = st.pat[c]!;
        for (const dd of data.patternDays[c]![p]!) if (dd !== d) st.removeVisit(c, dd);
        st.setPatternRaw(c, -1);
        st.absent.push(c);
        st.penaltySum += st.penalty[c]!;
      }
    }
  }
  if (st.absent.length > 0) {
    const list = st.absent.slice();
    const ks = list.map(key);
    const idx = list.map((_, i) => i).sort((a, b) => ks[a]! - ks[b]! || list[a]! - list[b]!);
    for (const i of idx) insertCustomer(st, list[i]!, rng, blink, false);
  }
}
