/**
 * One routing sub-problem of the timetable (a trunk, feeder or cold-chain VRPTW from one depot on one
 * weekday pattern): posed to the solver through src/routing/problems.ts (`slotProblem`), and its
 * solution mapped back to timed runs in the domain's node ids. Units: km, minutes after midnight, kg,
 * m3, yuan. Each vehicle-day is cut into time slots (solver/tiers/patterns.ts `shiftSlots`), each
 * slot a vehicle type of count 1, so one vehicle may run several lines a day without overlap.
 */
import type { TravelMatrix, Vehicle } from '../domain/dataset.ts';
import { slotId, slotProblem, solveProblem, type SlotVehicle, type StopJob } from '../routing/problems.ts';
import type { RouteOutput } from '../../solver/index.ts';

export type { SlotVehicle, StopJob } from '../routing/problems.ts';

/** A timed stop of a run; times in minutes after midnight (fractional, rounded only for display). */
export interface RunStop {
  readonly node: string;
  readonly jobId: string | null;
  readonly arrive: number;
  readonly depart: number;
  readonly dropKg: number;
  readonly pickKg: number;
  readonly chilledKg: number;
  /** A driver's break (no job): at `node`, or on the road from `node` toward `toward`. */
  readonly kind?: 'break';
  readonly toward?: string;
}

/** A solved run: a future line. */
export interface Run {
  readonly vehicle: Vehicle;
  readonly slot: number;
  readonly stops: readonly RunStop[];
  readonly km: number;
  readonly minutes: number;
  /** Capacity-bound load at departure (kg, m3). */
  readonly loadKg: number;
  readonly loadM3: number;
  /** Driving minutes, summed over legs as the timetable shows them (whole minutes of HH:MM). */
  readonly driving: number;
  /** The jobs its stops serve (to re-schedule the run). */
  readonly jobs: readonly StopJob[];
}

/** Result of one sub-problem. */
export interface RoutingResult {
  readonly runs: Run[];
  readonly unassigned: { id: string; reason: string }[];
}

/** Budget of one sub-problem: iterations (deterministic) or seconds. */
export interface RoutingBudget {
  readonly seed: number;
  readonly iterations?: number;
  readonly seconds?: number;
}

/** The driver rules every run keeps (docs/timetable.md §2 "Driver rules"). */
export interface DriverRules {
  /** Longest continuous driving (minutes) before a break. */
  readonly maxContinuous: number;
  /** Length of a break (minutes). */
  readonly breakMinutes: number;
  /** The daily driving limit (minutes), for reasons. */
  readonly maxDaily?: number;
  /** Driving minutes each vehicle has left on the run's days (absent: no daily limit). */
  readonly drivingLeft?: ReadonlyMap<string, number>;
  /**
   * Keep the solver's departure (as late as the route allows) instead of leaving when the slot
   * opens: cold-chain runs planned in the day's last free window, so the reefers' mornings stay
   * free for ambient work; they are moved earlier once every run is known (phases/timing.ts).
   */
  readonly departLate?: boolean;
}

/** No driver rules (unlimited driving). */
export const NO_DRIVER_RULES: DriverRules = { maxContinuous: Infinity, breakMinutes: 0 };

/** Travel minutes between two nodes of a sub-problem. */
type Minutes = (a: string, b: string) => number;

/** Whole minutes between two times as HH:MM shows them (the checker reads the same numbers). */
const shown = (from: number, to: number): number => Math.round(to) - Math.round(from);

/** A break is taken at a stop when less than this much of the continuous-driving limit is left. */
const AT_STOP_MINUTES = 15;

type Schedule = { ok: true; stops: RunStop[]; driving: number } | { ok: false; at: number; overrun: number };

/**
 * Forward schedule of a stop sequence (docs/timetable.md §2 "Departure rule" and "Driver rules").
 * The run leaves when its slot opens (cut-off + loading for warehouse runs, trunk arrival + transfer
 * for feeders), or later only as far as the first stop's window opens later. Arrive = previous
 * departure + travel (+ breaks); service starts at the latest window opening of the stop's jobs;
 * dwell = the largest service / stopService of its jobs. A break of `breakMinutes` is taken when
 * continuous driving reaches `maxContinuous`: at the current stop when the next leg would pass the
 * limit and less than `AT_STOP_MINUTES` of it is left, else at the roadside where the limit is reached. Driving is counted in the whole minutes the timetable
 * shows. Fails at the first stop whose service would start after its window closes, or at the last
 * stop with jobs when the return is after the slot's end.
 */
function schedule(seq: readonly RunStop[], slot: SlotVehicle, travel: Minutes, jobById: ReadonlyMap<string, StopJob>, rules: DriverRules): Schedule {
  const L = rules.maxContinuous;
  const B = rules.breakMinutes;
  const jobsOf = (st: RunStop): StopJob[] => (st.jobId ?? '').split('+').filter(Boolean).map((id) => jobById.get(id)!);
  let d = slot.start;
  const first = seq[1];
  if (rules.departLate) d = Math.max(slot.start, seq[0]!.depart);
  else if (first && first.jobId !== null) {
    const open = Math.max(...jobsOf(first).map((j) => j.tw[0]));
    d = Math.max(slot.start, Math.min(slot.end, open - travel(seq[0]!.node, first.node)));
  }
  const out: RunStop[] = [{ ...seq[0]!, arrive: d, depart: d }];
  const brk = (node: string, at: number, toward?: string): RunStop => ({
    node, jobId: null, arrive: at, depart: at + B, dropKg: 0, pickKg: 0, chilledKg: 0, kind: 'break', ...(toward ? { toward } : {}),
  });
  let cont = 0;
  let driving = 0;
  let at = seq[0]!.node;
  for (let i = 1; i < seq.length; i++) {
    const st = seq[i]!;
    let left = travel(at, st.node);
    // at the stop when the stretch is nearly used up anyway; else drive on to the limit and rest at
    // the roadside (fewest breaks: one per `maxContinuous` of driving)
    if (cont > 0 && cont + shown(d, d + left) > L && L - cont <= AT_STOP_MINUTES) {
      out.push(brk(at, d));
      d += B;
      cont = 0;
    }
    while (cont + shown(d, d + left) > L) {
      // drive on to a whole minute where the limit is reached, and rest at the roadside
      const stopAt = Math.round(d) + (L - cont);
      driving += L - cont;
      out.push(brk(at, stopAt, st.node));
      left -= stopAt - d;
      d = stopAt + B;
      cont = 0;
    }
    const arrive = d + left;
    cont += shown(d, arrive);
    driving += shown(d, arrive);
    if (st.jobId === null) {
      if (arrive > slot.end + 1e-6) {
        // drop the last stop that has jobs, to free time
        for (let k = i - 1; k >= 1; k--) if (seq[k]!.jobId !== null) return { ok: false, at: k, overrun: arrive - slot.end };
      }
      out.push({ ...st, arrive, depart: arrive });
      d = arrive;
      at = st.node;
      continue;
    }
    const js = jobsOf(st);
    const open = Math.max(...js.map((j) => j.tw[0]));
    const close = Math.min(...js.map((j) => j.tw[1]));
    const service = Math.max(...js.map((j) => Math.max(j.service, j.stopService ?? 0)));
    const start = Math.max(arrive, open);
    if (start > close + 1e-6) return { ok: false, at: i, overrun: 0 };
    out.push({ ...st, arrive, depart: start + service });
    d = start + service;
    at = st.node;
  }
  return { ok: true, stops: out, driving };
}

/** The solver's steps of one route as stops; a delivery and a pickup at the same node one after the other make one stop. */
function stopsOfRoute(r: RouteOutput, nodes: readonly string[], jobById: ReadonlyMap<string, StopJob>): RunStop[] {
  const stops: RunStop[] = [];
  for (const st of r.steps) {
    const node = nodes[st.location]!;
    if (st.type === 'start') {
      stops.push({ node, jobId: null, arrive: st.departure, depart: st.departure, dropKg: 0, pickKg: 0, chilledKg: 0 });
    } else if (st.type === 'end') {
      stops.push({ node, jobId: null, arrive: st.arrival, depart: st.arrival, dropKg: 0, pickKg: 0, chilledKg: 0 });
    } else {
      const j = jobById.get(st.id ?? '');
      if (!j) throw new Error(`solver returned unknown job ${String(st.id)}`);
      const last = stops[stops.length - 1];
      if (last && last.node === node && last.jobId !== null) {
        stops[stops.length - 1] = {
          ...last,
          jobId: `${last.jobId}+${j.id}`,
          depart: st.departure,
          dropKg: last.dropKg + j.dropKg,
          pickKg: last.pickKg + j.pickKg,
          chilledKg: last.chilledKg + j.chilledKg,
        };
      } else {
        stops.push({ node, jobId: j.id, arrive: st.arrival, depart: st.departure, dropKg: j.dropKg, pickKg: j.pickKg, chilledKg: j.chilledKg });
      }
    }
  }
  return stops;
}

/** Weight of a stop (its jobs' largest priority): the lightest stops are dropped first. */
const stopWeight = (st: RunStop, jobById: ReadonlyMap<string, StopJob>): number =>
  Math.max(1, ...(st.jobId ?? '').split('+').map((id) => jobById.get(id)?.priority ?? 1));

/**
 * A solver route as a timed run (`schedule`). A stop whose window closes before the run can reach
 * it is dropped. When the run returns after the slot's end (breaks take time the solver did not
 * see) or drives more than `drivingLeft`, a stop is dropped, the lightest first (poor villages
 * last), among those the one whose removal helps most. Dropped jobs go to `dropped` with the
 * binding rule. `excess`: by how many minutes the solver's route broke a driver rule before the
 * drops (0 when it kept them). Null run when no stop is left.
 */
function runOfRoute(
  stops: RunStop[],
  slot: SlotVehicle,
  travel: { km: Minutes; minutes: Minutes },
  jobById: ReadonlyMap<string, StopJob>,
  rules: DriverRules,
  drivingLeft: number,
  dropped: { id: string; reason: string }[],
): { run: Run | null; excess: number } {
  const drop = (k: number, reason: string): void => {
    for (const id of (stops[k]!.jobId ?? '').split('+')) if (id) dropped.push({ id, reason });
    stops.splice(k, 1);
  };
  const hh = (m: number): string => (m / 60).toFixed(1);
  /** The stop to drop: lightest first, then the best `score` of the run without it. */
  const pick = (score: (t: Schedule) => number): number => {
    let best = -1;
    let bestKey: [number, number] = [Infinity, Infinity];
    for (let k = 1; k < stops.length - 1; k++) {
      const key: [number, number] = [stopWeight(stops[k]!, jobById), score(schedule([...stops.slice(0, k), ...stops.slice(k + 1)], slot, travel.minutes, jobById, rules))];
      if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
        best = k;
        bestKey = key;
      }
    }
    return best < 0 ? stops.length - 2 : best;
  };
  let excess = 0;
  let timed = schedule(stops, slot, travel.minutes, jobById, rules);
  for (;;) {
    if (!timed.ok) {
      if (timed.overrun > 0) {
        excess = Math.max(excess, timed.overrun);
        const k = pick((t) => (t.ok ? 0 : t.overrun > 0 ? t.overrun : 1e6));
        drop(k, `driver rules: with the breaks every ${hh(rules.maxContinuous)} h of driving, the run would return ${Math.ceil(timed.overrun)} min after its ${hh(slot.end - slot.start)} h slot (shift, on-duty limit and the vehicle's other runs)`);
      } else {
        const node = stops[timed.at]!.node;
        excess = Math.max(excess, rules.breakMinutes);
        drop(timed.at, `arrives at ${node} after it closes: no run with the available vehicles reaches it in its opening hours with the drivers' breaks`);
      }
      timed = schedule(stops, slot, travel.minutes, jobById, rules);
      continue;
    }
    if (timed.driving <= drivingLeft + 1e-9 || stops.length <= 2) break;
    excess = Math.max(excess, timed.driving - drivingLeft);
    const over = timed.driving;
    const k = pick((t) => (t.ok ? Math.max(0, t.driving - drivingLeft) : 1e6));
    drop(k, `driving limit: the run would drive ${hh(over)} h, more than the ${hh(drivingLeft)} h its vehicle has left of the ${hh(rules.maxDaily ?? drivingLeft)} h daily limit`);
    timed = schedule(stops, slot, travel.minutes, jobById, rules);
  }
  return { run: finishRun(timed.stops, timed.driving, slot, travel, jobById), excess };
}

/** A timed stop list as a run: km on the matrix, load at departure (every delivery); null without stops. */
function finishRun(kept: RunStop[], driving: number, slot: SlotVehicle, travel: { km: Minutes }, jobById: ReadonlyMap<string, StopJob>): Run | null {
  if (kept.filter((st) => st.jobId !== null).length === 0) return null;
  let km = 0;
  for (let i = 1; i < kept.length; i++) km += travel.km(kept[i - 1]!.node, kept[i]!.node);
  // load at departure: every delivery of the run
  let loadKg = 0;
  let loadM3 = 0;
  for (const st of kept) {
    for (const id of (st.jobId ?? '').split('+')) {
      const j = jobById.get(id);
      if (j && j.kind === 'delivery') {
        loadKg += j.kg;
        loadM3 += j.m3;
      }
    }
  }
  const jobs = kept.flatMap((st) => (st.jobId ?? '').split('+').filter(Boolean).map((id) => jobById.get(id)!));
  return { vehicle: slot.vehicle, slot: slot.slot, stops: kept, km, minutes: kept[kept.length - 1]!.arrive - kept[0]!.depart, loadKg, loadM3, driving, jobs };
}

/** Peak on-board kg and m3 of a stop sequence: every delivery on board at departure, pickups stay until the depot. */
function peakLoad(stops: readonly RunStop[], jobById: ReadonlyMap<string, StopJob>): [number, number] {
  const jobsOf = (st: RunStop): StopJob[] => (st.jobId ?? '').split('+').filter(Boolean).map((id) => jobById.get(id)!);
  let kg = 0, m3 = 0;
  for (const st of stops) for (const j of jobsOf(st)) if (j.kind === 'delivery') { kg += j.kg; m3 += j.m3; }
  let pk = kg, pm = m3;
  for (const st of stops) {
    for (const j of jobsOf(st)) {
      const sign = j.kind === 'delivery' ? -1 : 1;
      kg += sign * j.kg;
      m3 += sign * j.m3;
    }
    pk = Math.max(pk, kg);
    pm = Math.max(pm, m3);
  }
  return [pk, pm];
}

/**
 * Makes the priorities strict on solved runs: each unserved stop (a village's delivery with its
 * pickup), heaviest first, takes the place of a served stop of lower priority when the run stays
 * feasible (windows, slot, breaks, daily driving, capacity), choosing the swap that lengthens its
 * run least. The displaced stop's jobs become unserved with the reason.
 */
function givePriority(
  runs: Run[],
  unassigned: { id: string; reason: string }[],
  slotOf: (r: Run) => SlotVehicle,
  travel: { km: Minutes; minutes: Minutes },
  jobById: ReadonlyMap<string, StopJob>,
  rules: DriverRules,
): void {
  const weight = (id: string): number => jobById.get(id)?.priority ?? 1;
  const open = new Set(unassigned.map((u) => u.id));
  const candidates = [...open].filter((id) => !id.endsWith('#up') && !id.startsWith('hub') && jobById.get(id)?.kind === 'delivery')
    .sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : 1));
  for (const pid of candidates) {
    const p = jobById.get(pid)!;
    const ids = [pid, ...(jobById.has(`${pid}#up`) ? [`${pid}#up`] : [])];
    if (!ids.every((id) => open.has(id))) continue;
    let best: { ri: number; stops: RunStop[]; driving: number; added: number; out: string[] } | null = null;
    for (const [ri, r] of runs.entries()) {
      const slot = slotOf(r);
      const seq = r.stops.filter((st) => st.kind !== 'break');
      const usedByOthers = runs.filter((o, oi) => oi !== ri && o.vehicle.id === r.vehicle.id).reduce((a, o) => a + o.driving, 0);
      const left = (rules.drivingLeft?.get(r.vehicle.id) ?? Infinity) - usedByOthers;
      for (let k = 1; k < seq.length - 1; k++) {
        const out = (seq[k]!.jobId ?? '').split('+').filter(Boolean);
        if (!out.length || out.some((id) => id.startsWith('hub') || weight(id) >= p.priority!)) continue;
        const without = [...seq.slice(0, k), ...seq.slice(k + 1)];
        const stop: RunStop = { node: p.node, jobId: ids.join('+'), arrive: 0, depart: 0, dropKg: ids.reduce((a, id) => a + jobById.get(id)!.dropKg, 0), pickKg: ids.reduce((a, id) => a + jobById.get(id)!.pickKg, 0), chilledKg: ids.reduce((a, id) => a + jobById.get(id)!.chilledKg, 0) };
        for (let at = 1; at < without.length; at++) {
          const cand = [...without.slice(0, at), stop, ...without.slice(at)];
          const [kg, m3] = peakLoad(cand, jobById);
          if (kg > r.vehicle.capacityKg + 1e-6 || m3 > r.vehicle.capacityM3 + 1e-6) continue;
          const t = schedule(cand, slot, travel.minutes, jobById, rules);
          if (!t.ok || t.driving > left + 1e-9) continue;
          const added = t.stops[t.stops.length - 1]!.arrive - t.stops[0]!.depart - r.minutes;
          if (!best || added < best.added - 1e-9) best = { ri, stops: t.stops, driving: t.driving, added, out };
        }
      }
    }
    if (!best) continue;
    const r = runs[best.ri]!;
    runs[best.ri] = finishRun(best.stops, best.driving, slotOf(r), travel, jobById)!;
    for (const id of ids) open.delete(id);
    for (const id of best.out) open.add(id);
    const kept = unassigned.filter((u) => !ids.includes(u.id));
    unassigned.length = 0;
    unassigned.push(...kept, ...best.out.map((id) => ({ id, reason: `gave way to ${p.node}, a village of higher priority (poor, then with a service station), on the vehicles' full runs` })));
  }
}

/**
 * `run` with the stop at `outNode` replaced by a stop serving `inJobs` (at the best position), when
 * it stays feasible within [start, end] (minutes), `drivingLeft`, the driver rules and the vehicle's
 * capacity; else, when `mayDrop` allows, with one more stop taken out too (`also`); else null. Used
 * to make priorities strict across sub-problems (phases/priority.ts).
 */
export function replaceStop(
  matrix: TravelMatrix,
  run: Run,
  window: { start: number; end: number; drivingLeft: number },
  outNode: string,
  inJobs: readonly StopJob[],
  rules: DriverRules,
  mayDrop: (node: string) => boolean = () => false,
): { run: Run; also: string | null } | null {
  const jobById = new Map([...run.jobs, ...inJobs].map((j) => [j.id, j]));
  const at = (table: Float64Array) => (a: string, b: string): number => table[matrix.index.get(a)! * matrix.n + matrix.index.get(b)!]!;
  const travel = { km: at(matrix.km), minutes: at(matrix.minutes) };
  const slot: SlotVehicle = { vehicle: run.vehicle, slot: run.slot, start: window.start, end: window.end, fixedShare: 1 };
  const all = run.stops.filter((st) => st.kind !== 'break');
  const seq = all.filter((st) => st.node !== outNode);
  if (seq.length === all.length) return null;
  const stop: RunStop = {
    node: inJobs[0]!.node, jobId: inJobs.map((j) => j.id).join('+'), arrive: 0, depart: 0,
    dropKg: inJobs.reduce((a, j) => a + j.dropKg, 0), pickKg: inJobs.reduce((a, j) => a + j.pickKg, 0), chilledKg: inJobs.reduce((a, j) => a + j.chilledKg, 0),
  };
  const bestIn = (base: RunStop[]): { stops: RunStop[]; driving: number; end: number } | null => {
    let best: { stops: RunStop[]; driving: number; end: number } | null = null;
    for (let k = 1; k < base.length; k++) {
      const cand = [...base.slice(0, k), stop, ...base.slice(k)];
      const [kg, m3] = peakLoad(cand, jobById);
      if (kg > run.vehicle.capacityKg + 1e-6 || m3 > run.vehicle.capacityM3 + 1e-6) continue;
      const t = schedule(cand, slot, travel.minutes, jobById, rules);
      if (!t.ok || t.driving > window.drivingLeft + 1e-9) continue;
      const end = t.stops[t.stops.length - 1]!.arrive;
      if (!best || end < best.end - 1e-9) best = { stops: t.stops, driving: t.driving, end };
    }
    return best;
  };
  const one = bestIn(seq);
  if (one) return { run: finishRun(one.stops, one.driving, slot, travel, jobById)!, also: null };
  let two: { stops: RunStop[]; driving: number; end: number; also: string } | null = null;
  for (let k = 1; k < seq.length - 1; k++) {
    const node = seq[k]!.node;
    if (!mayDrop(node) || (seq[k]!.jobId ?? '').includes('hub')) continue;
    const b = bestIn([...seq.slice(0, k), ...seq.slice(k + 1)]);
    if (b && (!two || b.end < two.end - 1e-9)) two = { ...b, also: node };
  }
  return two ? { run: finishRun(two.stops, two.driving, slot, travel, jobById)!, also: two.also } : null;
}

/** Solves the VRPTW of `jobs` from `depot` with the offered slots and returns timed runs. */
export function routeJobs(
  matrix: TravelMatrix,
  depot: string,
  jobs: readonly StopJob[],
  slots: readonly SlotVehicle[],
  budget: RoutingBudget,
  rules: DriverRules = NO_DRIVER_RULES,
): RoutingResult {
  if (jobs.length === 0) return { runs: [], unassigned: [] };
  if (slots.length === 0) {
    return { runs: [], unassigned: jobs.map((j) => ({ id: j.id, reason: 'no vehicle available at this depot and pattern' })) };
  }
  // the solver sees each slot shortened by the breaks its longest allowed driving needs (one with
  // the defaults: 8 h a day, a break after 4 h), so the routes it finds leave room for them; the
  // runs are then scheduled on the true times with the breaks in. When a route still broke a
  // driver rule (it drove more than the day allows, or its breaks made it late), the problem is
  // solved once more with that slot shortened by the excess, and the better result is kept
  const jobById = new Map(jobs.map((j) => [j.id, j]));
  const slotById = new Map(slots.map((s) => [slotId(s), s]));
  const slotIdOf = (r: Run): string => `${r.vehicle.id}#${r.slot}`;
  const reserve = (sl: SlotVehicle): number => {
    if (!Number.isFinite(rules.maxContinuous)) return 0;
    const drive = Math.min(sl.end - sl.start, rules.drivingLeft?.get(sl.vehicle.id) ?? Infinity);
    return Math.max(0, Math.ceil(drive / rules.maxContinuous) - 1) * rules.breakMinutes;
  };
  const attempt = (shorten: ReadonlyMap<number, number>): { runs: Run[]; unassigned: { id: string; reason: string }[]; excess: Map<number, number> } => {
    const posed = slots.map((sl) => ({ ...sl, end: Math.max(sl.start, sl.end - reserve(sl) - (shorten.get(sl.slot) ?? 0)) }));
    const { problem, nodes, loc, travel } = slotProblem(matrix, depot, jobs, posed);
    const out = solveProblem(problem, {
      seed: budget.seed,
      ...(budget.iterations !== undefined ? { maxIterations: budget.iterations } : { maxSeconds: budget.seconds ?? 1 }),
    });
    const L = travel.locations;
    const between = (table: Float64Array): Minutes => (a, b) => table[loc.get(a)! * L + loc.get(b)!]!;
    const legs = { km: between(travel.distance), minutes: between(travel.duration) };
    const runs: Run[] = [];
    const extraUnassigned: { id: string; reason: string }[] = [];
    const excess = new Map<number, number>();
    const routes = out.routes.map((r) => {
      const slot = slotById.get(r.vehicleType);
      if (!slot) throw new Error(`solver returned unknown vehicle type ${r.vehicleType}`);
      return { r, slot };
    });
    // a vehicle's runs in time order share what it has left of the daily driving limit
    routes.sort((a, b) => (a.slot.vehicle.id < b.slot.vehicle.id ? -1 : a.slot.vehicle.id > b.slot.vehicle.id ? 1 : a.slot.start - b.slot.start));
    const left = new Map(rules.drivingLeft ?? []);
    for (const { r, slot } of routes) {
      const have = left.get(slot.vehicle.id) ?? Infinity;
      const res = runOfRoute(stopsOfRoute(r, nodes, jobById), slot, legs, jobById, rules, have, extraUnassigned);
      if (res.excess > 0) excess.set(slot.slot, res.excess);
      if (res.run) {
        runs.push(res.run);
        left.set(slot.vehicle.id, have - res.run.driving);
      }
    }
    const unassigned: { id: string; reason: string }[] = [
      ...out.unassigned.map((u) => ({
        id: u.id,
        // every job carries a prohibitive penalty, so an unserved job means no feasible insertion
        reason: u.reason.startsWith('not served: its penalty') ? 'no feasible run with the available vehicles, shifts, capacities and time windows' : u.reason,
      })),
      ...extraUnassigned,
    ];
    givePriority(runs, unassigned, (r) => slotById.get(slotIdOf(r))!, legs, jobById, rules);
    return { runs, unassigned, excess };
  };
  const lost = (u: readonly { id: string }[]): number => u.reduce((a, x) => a + (jobById.get(x.id)?.priority ?? 1), 0);
  const cost = (rs: readonly Run[]): number => rs.reduce((a, r) => a + r.km * r.vehicle.costPerKm + (r.minutes / 60) * r.vehicle.costPerHour, 0);
  let res = attempt(new Map());
  if (res.excess.size) {
    const again = attempt(new Map([...res.excess].map(([k, x]) => [k, Math.ceil(x)])));
    if (lost(again.unassigned) < lost(res.unassigned) || (lost(again.unassigned) === lost(res.unassigned) && cost(again.runs) < cost(res.runs))) res = again;
  }
  const runs = res.runs;
  // stable order: by vehicle id, slot, then departure
  runs.sort((a, b) => (a.vehicle.id < b.vehicle.id ? -1 : a.vehicle.id > b.vehicle.id ? 1 : a.slot - b.slot || a.stops[0]!.depart - b.stops[0]!.depart));
  return { runs, unassigned: res.unassigned };
}
