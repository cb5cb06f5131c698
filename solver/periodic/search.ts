/**
 * PVRP search: simulated annealing over pattern-aware ruin-and-recreate steps (see
 * ruin-recreate.ts), each new best solution polished by a local search that works per day
 * (relocate, swap, 2-opt*, 2-opt, or-opt on granular neighbour lists) and across days (moving a
 * customer to another allowed pattern, priced by its insertion cost on each affected day).
 *
 * Deterministic for a seed and an iteration budget; time budgets go through the clock injected in
 * the options (solver/stop/budget.ts), the solver never reads the time by itself otherwise.
 */
import { Budget, type BudgetOptions } from '../stop/budget.ts';
import { Rng } from '../util/rng.ts';
import { buildPeriodicData, type PeriodicData, type PeriodicInstance } from './model.ts';
import { insertCustomer, ruinRecreate, type RuinRecreateParams } from './ruin-recreate.ts';
import { PeriodicState } from './state.ts';
import { localSearch, type LocalSearchParams } from './local-search.ts';

/** Tunable parameters of the PVRP search. */
export interface PeriodicParams extends RuinRecreateParams, LocalSearchParams {
  /** Start and final temperature, relative to the mean travel per visit of the first solution. */
  readonly t0: number;
  readonly tf: number;
  /** Penalty of an absent customer per visit, relative to the longest depot round trip. */
  readonly absentWeight: number;
  /** Polish every new best solution with the local search. */
  readonly polishBest: boolean;
  /** Also polish feasible candidates whose cost is within this many temperatures of the current one (0 = off). */
  readonly lsWindow: number;
  /** Target share of candidates within capacity (and duration); the weights adapt every `penaltyPeriod` steps. */
  readonly targetFeasible: number;
  readonly penaltyPeriod: number;
}

/** Default parameters. */
export const DEFAULT_PERIODIC_PARAMS: PeriodicParams = {
  avgRemoved: 10,
  maxString: 10,
  splitRate: 0.5,
  splitGrow: 0.9,
  patternRate: 0.25,
  blink: 0.01,
  t0: 0.5,
  tf: 0.005,
  absentWeight: 1.5,
  polishBest: true,
  lsWindow: 0,
  targetFeasible: 0.5,
  penaltyPeriod: 100,
  granularity: 20,
};

/** Iteration budget when the options set none. */
export const DEFAULT_ITERATIONS = 20_000;

/** Options of `solvePeriodic` (budgets as in solver/stop/budget.ts; none given: `DEFAULT_ITERATIONS`). */
export interface PeriodicOptions extends BudgetOptions {
  readonly seed?: number;
  readonly params?: Partial<PeriodicParams>;
  /** Called with the cost and iteration of every new best complete solution. */
  readonly onBest?: (cost: number, iteration: number) => void;
}

/** One route of the answer. */
export interface PeriodicRoute {
  /** Day 1..days. */
  readonly day: number;
  /** Vehicle 1..vehiclesPerDay. */
  readonly vehicle: number;
  /** Customer ids in visiting order (depot excluded at both ends). */
  readonly customers: number[];
  readonly distance: number;
  readonly load: number;
  /** Travel plus service time. */
  readonly duration: number;
}

/** The answer. */
export interface PeriodicSolution {
  /** Total travel distance over all days. */
  readonly cost: number;
  /** True when every customer is visited on the days of one of its patterns, within all limits. */
  readonly feasible: boolean;
  /** Non-empty routes, by day then vehicle. */
  readonly routes: PeriodicRoute[];
  /** Chosen visit days (1-based) per customer id; absent customers are left out. */
  readonly visitDays: { readonly id: number; readonly days: number[] }[];
  /** Ids of customers left out: when no complete feasible plan was found, the best one found is
   * made feasible by leaving out customers from routes over capacity or duration. */
  readonly unassigned: number[];
  readonly iterations: number;
}

function adapt(lambda: number, share: number, target: number): number {
  if (share < target - 0.05) return Math.min(1e4, lambda * 1.2);
  if (share > target + 0.05) return Math.max(0.01, lambda * 0.85);
  return lambda;
}

function penalties(data: PeriodicData, weight: number): Float64Array {
  const N = data.nNodes;
  let far = 0;
  for (let c = 1; c < N; c++) far = Math.max(far, 2 * data.dist[c]!);
  const pen = new Float64Array(N);
  for (let c = 1; c < N; c++) {
    let visits = Infinity;
    for (const ds of data.patternDays[c]!) visits = Math.min(visits, ds.length);
    pen[c] = weight * (far + 1) * visits;
  }
  return pen;
}

/** Solves a PVRP instance. Throws `SolverInputError` on malformed input. */
export function solvePeriodic(inst: PeriodicInstance, opts: PeriodicOptions = {}): PeriodicSolution {
  const data = buildPeriodicData(inst);
  const prm: PeriodicParams = { ...DEFAULT_PERIODIC_PARAMS, ...opts.params };
  const rng = new Rng(opts.seed ?? 1);
  const unbounded = opts.maxIterations === undefined && opts.maxSeconds === undefined && opts.maxNoImprovement === undefined;
  const budget = new Budget(unbounded ? { ...opts, maxIterations: DEFAULT_ITERATIONS } : opts);
  const st = new PeriodicState(data, penalties(data, prm.absentWeight));
  const N = data.nNodes;
  let maxDist = 0;
  let maxDemand = 1e-9;
  for (let c = 1; c < N; c++) {
    maxDist = Math.max(maxDist, data.dist[c]!);
    maxDemand = Math.max(maxDemand, data.demand[c]!);
  }
  st.lambdaLoad = Math.max(0.1, Math.min(1000, maxDist / maxDemand));
  st.lambdaDuration = 1;

  // First solution: customers far from the depot first, cheapest pattern each.
  const first = Array.from({ length: N - 1 }, (_, i) => i + 1).sort((a, b) => data.dist[b]! - data.dist[a]! || a - b);
  st.begin();
  for (const c of first) if (!insertCustomer(st, c, rng, 0, true)) insertCustomer(st, c, rng, 0, false);
  if (st.feasible()) localSearch(st, prm);
  st.commit();
  let visits = 0;
  for (const r of st.routes) visits += r.length;
  const scale = st.travel / Math.max(1, visits);
  let cur = st.cost();
  let best = st.feasible() ? st.snapshot() : null;
  let bestCost = best ? st.travel : Infinity;
  if (best) opts.onBest?.(bestCost, 0);

  let it = 0;
  let sinceImprovement = 0;
  const t0 = prm.t0 * scale;
  const tf = prm.tf * scale;
  let loadOk = 0;
  let durOk = 0;
  let sampled = 0;
  while (!budget.done(it, sinceImprovement)) {
    const frac = budget.hasHorizon() ? budget.fraction(it) : 0.5;
    const temp = t0 * Math.pow(tf / t0, frac);
    st.begin();
    ruinRecreate(st, rng, prm);
    const exLoad = st.excessLoad();
    const exDur = st.excessDuration();
    if (exLoad === 0) loadOk++;
    if (exDur === 0) durOk++;
    sampled++;
    const feasible = st.absent.length === 0 && exLoad === 0 && exDur === 0;
    let c = st.cost();
    if (feasible && ((prm.polishBest && st.travel < bestCost - 1e-9) || (prm.lsWindow > 0 && c < cur + prm.lsWindow * temp))) {
      localSearch(st, prm);
      c = st.cost();
    }
    if (c < cur - temp * Math.log(rng.next() + 1e-300)) {
      st.commit();
      cur = c;
      if (feasible && st.travel < bestCost - 1e-9) {
        best = st.snapshot();
        bestCost = st.travel;
        sinceImprovement = 0;
        opts.onBest?.(bestCost, it);
      } else sinceImprovement++;
    } else {
      st.rollback();
      sinceImprovement++;
    }
    it++;
    // Adapt the penalty weights towards the target share of capacity/duration-feasible candidates.
    if (sampled === prm.penaltyPeriod) {
      st.lambdaLoad = adapt(st.lambdaLoad, loadOk / sampled, prm.targetFeasible);
      st.lambdaDuration = adapt(st.lambdaDuration, durOk / sampled, prm.targetFeasible);
      loadOk = durOk = sampled = 0;
      cur = st.cost();
    }
  }

  if (!best) {
    // No complete feasible plan found: make the current one feasible by leaving customers out.
    repair(st);
    best = st.snapshot();
  }
  return output(data, best.routes, best.pat, it);
}

/** Removes customers from routes over capacity or duration, then reinserts whoever fits. */
function repair(st: PeriodicState): void {
  const data = st.data;
  const N = data.nNodes;
  st.begin();
  for (let r = 0; r < st.nRoutes; r++) {
    const d = st.dayOf(r);
    while (st.load[r]! > data.capacity[d]! + 1e-9 || st.dur[r]! > data.maxDuration[d]! + 1e-9) {
      const route = st.routes[r]!;
      let worst = route[0]!;
      let score = -Infinity;
      route.forEach((c, i) => {
        const prev = i > 0 ? route[i - 1]! : 0;
        const next = i + 1 < route.length ? route[i + 1]! : 0;
        const gain = data.dist[prev * N + c]! + data.dist[c * N + next]! - data.dist[prev * N + next]!;
        const sc = st.load[r]! > data.capacity[d]! + 1e-9 ? data.demand[c]! * 1e6 + gain : gain + data.service[c]!;
        if (sc > score) {
          score = sc;
          worst = c;
        }
      });
      st.removeCustomer(worst);
    }
  }
  const noBlink = new Rng(0);
  for (const c of st.absent.slice().sort((a, b) => data.dist[b]! - data.dist[a]! || a - b)) insertCustomer(st, c, noBlink, 0, true);
  st.commit();
}

function output(data: PeriodicData, routes: number[][], pat: Int32Array, iterations: number): PeriodicSolution {
  const N = data.nNodes;
  const dist = data.dist;
  const out: PeriodicRoute[] = [];
  let cost = 0;
  routes.forEach((route, r) => {
    if (route.length === 0) return;
    let len = 0;
    let load = 0;
    let svc = 0;
    let prev = 0;
    for (const c of route) {
      len += dist[prev * N + c]!;
      load += data.demand[c]!;
      svc += data.service[c]!;
      prev = c;
    }
    len += dist[prev * N]!;
    cost += len;
    out.push({
      day: Math.floor(r / data.m) + 1,
      vehicle: (r % data.m) + 1,
      customers: route.map((c) => data.ids[c]!),
      distance: len,
      load,
      duration: len + svc,
    });
  });
  const visitDays: { id: number; days: number[] }[] = [];
  const unassigned: number[] = [];
  for (let c = 1; c < N; c++) {
    const p = pat[c]!;
    if (p < 0) unassigned.push(data.ids[c]!);
    else visitDays.push({ id: data.ids[c]!, days: Array.from(data.patternDays[c]![p]!, (d) => d + 1) });
  }
  const withinLimits = out.every((r) => r.load <= data.capacity[r.day - 1]! + 1e-9 && r.duration <= data.maxDuration[r.day - 1]! + 1e-9);
  return { cost, feasible: unassigned.length === 0 && withinLimits, routes: out, visitDays, unassigned, iterations };
}
