/**
 * Local search for the PVRP, first improvement until no move improves:
 * - pattern move: take a customer out of all its days and put it back with its cheapest allowed
 *   pattern at the cheapest positions (priced by the insertion cost on each affected day); this
 *   also covers relocating a single visit within a day or between the vehicles of a day;
 * - per day, between routes on granular neighbour lists: swap and 2-opt* (tail exchange);
 * - per route: 2-opt and or-opt of strings of 2–3 visits (also reversed).
 * All moves keep every route within capacity and duration, so a feasible solution stays feasible.
 */
import type { PeriodicState } from './state.ts';
import { insertCustomer } from './ruin-recreate.ts';
import { Rng } from '../util/rng.ts';

/** Local search parameters. */
export interface LocalSearchParams {
  /** Number of nearest neighbours tried per customer in the inter-route moves. */
  readonly granularity: number;
}

const EPS = 1e-9;
const noBlink = new Rng(0);

/** Runs the local search on a feasible `st` (changes are recorded in its undo log). Returns the gain. */
export function localSearch(st: PeriodicState, prm: LocalSearchParams): number {
  const start = st.travel;
  let improved = true;
  let rounds = 0;
  while (improved && rounds < 50) {
    improved = false;
    rounds++;
    if (patternMoves(st)) improved = true;
    for (let d = 0; d < st.t; d++) if (interRoute(st, d, prm.granularity)) improved = true;
    for (let r = 0; r < st.nRoutes; r++) {
      if (twoOpt(st, r)) improved = true;
      if (orOpt(st, r)) improved = true;
    }
  }
  return start - st.travel;
}

function patternMoves(st: PeriodicState): boolean {
  let any = false;
  const N = st.data.nNodes;
  for (let c = 1; c < N; c++) {
    if (st.pat[c]! < 0) continue;
    const before = st.travel;
    st.removeCustomer(c);
    insertCustomer(st, c, noBlink, 0, true);
    if (st.travel < before - EPS) any = true;
  }
  return any;
}

/** Swap and 2-opt* between the routes of day d. */
function interRoute(st: PeriodicState, d: number, k: number): boolean {
  const data = st.data;
  const N = data.nNodes;
  const dist = data.dist;
  const t = st.t;
  const cap = data.capacity[d]!;
  const maxDur = data.maxDuration[d]!;
  const demand = data.demand;
  const service = data.service;
  let any = false;
  for (let u = 1; u < N; u++) {
    if (st.where[u * t + d]! < 0) continue;
    const nb = data.neighbours[u]!;
    let tried = 0;
    for (let jn = 0; jn < nb.length && tried < k; jn++) {
      const v = nb[jn]!;
      const r2 = st.where[v * t + d]!;
      if (r2 < 0) continue;
      tried++;
      const r1 = st.where[u * t + d]!;
      if (r2 === r1) continue;
      const a = st.routes[r1]!;
      const b = st.routes[r2]!;
      const i = st.pos[u * t + d]!;
      const j = st.pos[v * t + d]!;
      const pu = i > 0 ? a[i - 1]! : 0;
      const nu = i + 1 < a.length ? a[i + 1]! : 0;
      const pv = j > 0 ? b[j - 1]! : 0;
      const nv = j + 1 < b.length ? b[j + 1]! : 0;
      // Swap u and v.
      const d1 = dist[pu * N + v]! + dist[v * N + nu]! - dist[pu * N + u]! - dist[u * N + nu]!;
      const d2 = dist[pv * N + u]! + dist[u * N + nv]! - dist[pv * N + v]! - dist[v * N + nv]!;
      if (
        d1 + d2 < -EPS &&
        st.load[r1]! - demand[u]! + demand[v]! <= cap + 1e-9 &&
        st.load[r2]! - demand[v]! + demand[u]! <= cap + 1e-9 &&
        st.dur[r1]! + d1 - service[u]! + service[v]! <= maxDur + 1e-9 &&
        st.dur[r2]! + d2 - service[v]! + service[u]! <= maxDur + 1e-9
      ) {
        const na = a.slice();
        const nbr = b.slice();
        na[i] = v;
        nbr[j] = u;
        st.replaceRoute(r1, na);
        st.replaceRoute(r2, nbr);
        any = true;
        continue;
      }
      // 2-opt*: a[..i] + b[j..] and b[..j-1] + a[i+1..] (creates the edge u -> v).
      const gain = dist[u * N + v]! + dist[pv * N + nu]! - dist[u * N + nu]! - dist[pv * N + v]!;
      if (gain < -EPS) {
        const na = a.slice(0, i + 1).concat(b.slice(j));
        const nbr = b.slice(0, j).concat(a.slice(i + 1));
        if (fits(st, na, cap, maxDur) && fits(st, nbr, cap, maxDur)) {
          st.replaceRoute(r1, na);
          st.replaceRoute(r2, nbr);
          any = true;
          continue;
        }
      }
      // 2-opt* other orientation: b[..j] + a[i..] and a[..i-1] + b[j+1..] (creates the edge v -> u).
      const gain2 = dist[v * N + u]! + dist[pu * N + nv]! - dist[v * N + nv]! - dist[pu * N + u]!;
      if (gain2 < -EPS) {
        const nbr = b.slice(0, j + 1).concat(a.slice(i));
        const na = a.slice(0, i).concat(b.slice(j + 1));
        if (fits(st, na, cap, maxDur) && fits(st, nbr, cap, maxDur)) {
          st.replaceRoute(r1, na);
          st.replaceRoute(r2, nbr);
          any = true;
        }
      }
    }
  }
  return any;
}

function fits(st: PeriodicState, route: number[], cap: number, maxDur: number): boolean {
  const data = st.data;
  const N = data.nNodes;
  let load = 0;
  let dur = 0;
  let prev = 0;
  for (const c of route) {
    load += data.demand[c]!;
    dur += data.dist[prev * N + c]! + data.service[c]!;
    prev = c;
  }
  dur += data.dist[prev * N]!;
  return load <= cap + 1e-9 && dur <= maxDur + 1e-9;
}

/** 2-opt within route r (reversal keeps load; duration changes like distance). */
function twoOpt(st: PeriodicState, r: number): boolean {
  const route = st.routes[r]!;
  const n = route.length;
  if (n < 3) return false;
  const N = st.data.nNodes;
  const dist = st.data.dist;
  let any = false;
  let improved = true;
  const a = route.slice();
  while (improved) {
    improved = false;
    for (let i = 0; i < n - 1; i++) {
      const p = i > 0 ? a[i - 1]! : 0;
      const x = a[i]!;
      for (let j = i + 1; j < n; j++) {
        const y = a[j]!;
        const q = j + 1 < n ? a[j + 1]! : 0;
        const delta = dist[p * N + y]! + dist[x * N + q]! - dist[p * N + x]! - dist[y * N + q]!;
        if (delta < -EPS) {
          for (let lo = i, hi = j; lo < hi; lo++, hi--) {
            const tmp = a[lo]!;
            a[lo] = a[hi]!;
            a[hi] = tmp;
          }
          improved = true;
          any = true;
          break;
        }
      }
      if (improved) break;
    }
  }
  if (any) st.replaceRoute(r, a);
  return any;
}

/** Or-opt within route r: move a string of 2 or 3 visits elsewhere in the route, possibly reversed. */
function orOpt(st: PeriodicState, r: number): boolean {
  const N = st.data.nNodes;
  const dist = st.data.dist;
  let a = st.routes[r]!.slice();
  let any = false;
  let improved = true;
  while (improved) {
    improved = false;
    const n = a.length;
    for (let len = 2; len <= 3 && !improved; len++) {
      for (let i = 0; i + len <= n && !improved; i++) {
        const p = i > 0 ? a[i - 1]! : 0;
        const f = a[i]!;
        const l = a[i + len - 1]!;
        const q = i + len < n ? a[i + len]! : 0;
        const removeGain = dist[p * N + f]! + dist[l * N + q]! - dist[p * N + q]!;
        // Insert between positions (k-1, k) of the route without the string.
        const rest = a.slice(0, i).concat(a.slice(i + len));
        for (let k = 0; k <= rest.length; k++) {
          if (k === i) continue;
          const x = k > 0 ? rest[k - 1]! : 0;
          const y = k < rest.length ? rest[k]! : 0;
          const base = dist[x * N + y]!;
          const fwd = dist[x * N + f]! + dist[l * N + y]! - base;
          const rev = dist[x * N + l]! + dist[f * N + y]! - base;
          if (fwd < removeGain - EPS || rev < removeGain - EPS) {
            const seg = a.slice(i, i + len);
            if (rev < fwd) seg.reverse();
            a = rest.slice(0, k).concat(seg, rest.slice(k));
            improved = true;
            any = true;
            break;
          }
        }
      }
    }
  }
  if (any) st.replaceRoute(r, a);
  return any;
}
