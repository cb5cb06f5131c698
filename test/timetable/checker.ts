/**
 * Independent checker of a weekly timetable against its county dataset and travel matrix. It does
 * not use the planner's bookkeeping: it recomputes policy visits from node flags and demand, replays
 * every line's times on the travel matrix, simulates loads from the stops' drop/pick figures, and
 * re-reads the bus feed. Returns a list of violations (empty when the timetable is valid).
 * Tolerances: 1 minute on times (HH:MM rounding), 1e-6 on loads.
 */
import type { Dataset, TravelMatrix } from '../../src/domain/dataset.ts';
import type { Line, Timetable } from '../../src/domain/timetable.ts';

/** The settings the checker needs (a subset of PlanSettings, passed in by the test). */
export interface CheckSettings {
  readonly serviceDays: readonly string[];
  readonly transferMinutes: number;
  readonly villageServiceMinutes: number;
  readonly hubServiceMinutes: number;
  readonly coldServiceMinutes: number;
  readonly policy: {
    readonly stationVisits: number;
    readonly poorVisits: number;
    readonly otherVisits: number;
    readonly highDemandKgPerDay: number;
    readonly highDemandVisits: number;
  };
}

const hm = (s: string): number => {
  const [h, m] = s.split(':').map(Number);
  return h! * 60 + m!;
};

/** Checks `tt`; every message names the line / village / leg and the rule. */
export function checkTimetable(ds: Dataset, m: TravelMatrix, tt: Timetable, s: CheckSettings): string[] {
  const errors: string[] = [];
  const fleet = new Map(ds.fleet.map((v) => [v.id, v]));
  const lineById = new Map(tt.lines.map((l) => [l.id, l]));
  const mins = (a: string, b: string): number => m.minutes[m.index.get(a)! * m.n + m.index.get(b)!]!;
  const kms = (a: string, b: string): number => m.km[m.index.get(a)! * m.n + m.index.get(b)!]!;
  const TOL = 1.01;

  // ---- lines: depot, times, opening hours, shifts, capacities, refrigeration
  for (const l of tt.lines) {
    const veh = fleet.get(l.vehicle);
    if (!veh) {
      errors.push(`line ${l.id}: vehicle ${l.vehicle} not in fleet.json`);
      continue;
    }
    if (l.stops.length < 3) errors.push(`line ${l.id}: fewer than 3 stops`);
    const first = l.stops[0]!;
    const last = l.stops[l.stops.length - 1]!;
    if (first.node !== veh.depot || last.node !== veh.depot) errors.push(`line ${l.id}: must start and end at its vehicle's depot ${veh.depot}`);
    const depotKind = ds.nodeById.get(veh.depot)?.kind;
    if (l.tier === 'feeder' && depotKind !== 'township_hub') errors.push(`line ${l.id}: feeder not based at a hub`);
    if (l.tier !== 'feeder' && depotKind !== 'county_warehouse') errors.push(`line ${l.id}: ${l.tier} line not based at the warehouse`);
    if (hm(first.depart) < hm(veh.shiftStart) - TOL) errors.push(`line ${l.id}: departs ${first.depart} before shift start ${veh.shiftStart}`);
    if (hm(last.arrive) > hm(veh.shiftEnd) + TOL) errors.push(`line ${l.id}: returns ${last.arrive} after shift end ${veh.shiftEnd}`);
    let km = 0;
    // breaks (kind "break") are no service: the time from a stop's departure to the next real
    // stop's arrival is the matrix travel plus the breaks taken on the way
    let prevI = 0;
    let rest = 0;
    for (let i = 1; i < l.stops.length; i++) {
      const b = l.stops[i]!;
      if (b.kind === 'break') {
        const prevNode = l.stops[prevI]!.node;
        if (b.node !== prevNode) errors.push(`line ${l.id}: break at ${b.node} is not at or after the previous stop ${prevNode}`);
        if (b.toward !== undefined && b.toward !== l.stops[i + 1]?.node) errors.push(`line ${l.id}: roadside break toward ${b.toward} but the next stop is ${l.stops[i + 1]?.node}`);
        if (i === l.stops.length - 1) errors.push(`line ${l.id}: ends with a break`);
        rest += hm(b.depart) - hm(b.arrive);
        continue;
      }
      const a = l.stops[prevI]!;
      const travel = mins(a.node, b.node);
      km += kms(a.node, b.node);
      const gap = hm(b.arrive) - hm(a.depart) - rest;
      if (gap < travel - TOL || gap > travel + TOL) {
        errors.push(`line ${l.id}: ${a.node} → ${b.node} takes ${gap} min (without ${rest} min of breaks), travel matrix says ${travel.toFixed(1)}`);
      }
      prevI = i;
      rest = 0;
      if (i < l.stops.length - 1) {
        const node = ds.nodeById.get(b.node);
        const service = l.coldChain ? s.coldServiceMinutes : node?.kind === 'township_hub' ? (b.dropKg ? s.hubServiceMinutes : 0) : s.villageServiceMinutes;
        const dwell = hm(b.depart) - hm(b.arrive);
        if (dwell < service - TOL) errors.push(`line ${l.id}: ${b.node} dwell ${dwell} min < service ${service}`);
        if (node?.kind === 'village_point') {
          const start = hm(b.depart) - service;
          if (start < hm(node.open) - TOL || start > hm(node.close) + TOL) errors.push(`line ${l.id}: service at ${b.node} starts ${start} min, outside ${node.open}-${node.close}`);
        }
      }
    }
    if (Math.abs(km - l.km) > 0.05 + 1e-3 * km) errors.push(`line ${l.id}: km ${l.km} but the matrix gives ${km.toFixed(2)}`);
    // load simulation: everything dropped is on board at departure; pickups stay until the depot
    let load = l.stops.reduce((a, st) => a + (st.dropKg ?? 0), 0);
    let peak = load;
    for (const st of l.stops) {
      load += (st.pickKg ?? 0) - (st.dropKg ?? 0);
      peak = Math.max(peak, load);
    }
    if (peak > veh.capacityKg + 1e-6) errors.push(`line ${l.id}: peak load ${peak.toFixed(1)} kg > capacity ${veh.capacityKg}`);
    if (l.loadKg > veh.capacityKg + 1e-6) errors.push(`line ${l.id}: loadKg ${l.loadKg} > capacity ${veh.capacityKg}`);
    if (l.loadM3 > veh.capacityM3 + 1e-6) errors.push(`line ${l.id}: loadM3 ${l.loadM3} > capacity ${veh.capacityM3}`);
    const carriesChilled = l.stops.some((st) => (st.chilledKg ?? 0) > 0);
    if ((carriesChilled || l.coldChain) && !veh.refrigerated) errors.push(`line ${l.id}: chilled freight on non-refrigerated ${veh.id}`);
    // an ambient line drops at most the ambient share of a village's down flow (7 days at most)
    if (!veh.refrigerated) {
      for (const st of l.stops) {
        const d = ds.demand.get(st.node);
        if (!d || !st.dropKg) continue;
        if (st.dropKg > d.kgDown * (1 - d.chilledShare) * 7 + 0.01) errors.push(`line ${l.id}: drops ${st.dropKg} kg at ${st.node}, more than its ambient flow`);
      }
    }
    for (const d of l.weekdays) if (!s.serviceDays.includes(d)) errors.push(`line ${l.id}: runs on ${d}, not a service day`);
    // feeder synchronisation
    if (l.tier === 'feeder') {
      const t = l.feedsFrom ? lineById.get(l.feedsFrom) : undefined;
      if (!t) errors.push(`line ${l.id}: feeder without a trunk line (feedsFrom)`);
      else {
        if (!l.weekdays.every((d) => t.weekdays.includes(d))) errors.push(`line ${l.id}: runs on days its trunk ${t.id} does not`);
        const at = t.stops.find((st, i) => i > 0 && st.node === veh.depot && (st.dropKg ?? 0) > 0);
        if (!at) errors.push(`line ${l.id}: trunk ${t.id} drops nothing at hub ${veh.depot}`);
        else if (hm(first.depart) < hm(at.arrive) + s.transferMinutes - TOL) {
          errors.push(`line ${l.id}: leaves ${first.depart}, before trunk ${t.id} arrival ${at.arrive} + ${s.transferMinutes} min transfer`);
        }
      }
    }
  }
  // one vehicle, one line at a time on each weekday
  const byVehDay = new Map<string, Line[]>();
  for (const l of tt.lines) for (const d of l.weekdays) byVehDay.set(`${l.vehicle}|${d}`, [...(byVehDay.get(`${l.vehicle}|${d}`) ?? []), l]);
  for (const [k, ls] of byVehDay) {
    const iv = ls.map((l) => [hm(l.stops[0]!.depart), hm(l.stops[l.stops.length - 1]!.arrive), l.id] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < iv.length; i++) if (iv[i]![0] < iv[i - 1]![1] - TOL) errors.push(`${k}: lines ${iv[i - 1]![2]} and ${iv[i]![2]} overlap`);
  }

  // ---- villages: policy visits actually delivered by lines or bus legs
  const villages = ds.nodes.filter((n) => n.kind === 'village_point');
  const entries = new Map(tt.villages.map((v) => [v.code, v]));
  if (entries.size !== tt.villages.length) errors.push('villages: duplicate entries');
  for (const n of villages) {
    const v = entries.get(n.id);
    if (!v) {
      errors.push(`village ${n.id}: missing from the timetable`);
      continue;
    }
    const d = ds.demand.get(n.id);
    const p = s.policy;
    let req = p.otherVisits;
    if (n.station) req = Math.max(req, p.stationVisits);
    if (n.poor) req = Math.max(req, p.poorVisits);
    if (d && d.kgDown + d.kgUp >= p.highDemandKgPerDay) req = Math.max(req, p.highDemandVisits);
    req = Math.min(req, s.serviceDays.length);
    if (v.mode === 'unserved') {
      if (!v.reason) errors.push(`village ${n.id}: unserved without a reason`);
      continue;
    }
    const days = new Set<string>();
    if (v.mode === 'bus') {
      for (const b of tt.busLegs) if (b.node === n.id && b.direction !== 'up') b.weekdays.forEach((x) => days.add(x));
    } else {
      for (const l of tt.lines) {
        if (l.coldChain) continue;
        if (l.stops.some((st, i) => i > 0 && i < l.stops.length - 1 && st.node === n.id && st.kind !== 'break')) l.weekdays.forEach((x) => days.add(x));
      }
      const line = v.line ? lineById.get(v.line) : undefined;
      if (!line) errors.push(`village ${n.id}: line ${v.line} does not exist`);
      else if (v.mode === 'feeder' && line.tier !== 'feeder') errors.push(`village ${n.id}: mode feeder but line ${line.id} is ${line.tier}`);
    }
    if (days.size < req) errors.push(`village ${n.id}: served ${days.size} days/week < policy ${req}`);
    if (v.visitsPerWeek !== days.size) errors.push(`village ${n.id}: visitsPerWeek ${v.visitsPerWeek} but lines serve ${days.size} days`);
    // chilled freight travels on refrigerated lines
    if (d && d.chilledShare > 0 && v.chilledLine) {
      const cl = lineById.get(v.chilledLine);
      const ok = cl && fleet.get(cl.vehicle)?.refrigerated && cl.stops.some((st) => st.node === n.id && (st.chilledKg ?? 0) > 0);
      if (!ok) errors.push(`village ${n.id}: chilled line ${v.chilledLine} is not a refrigerated line stopping there`);
      else {
        const weekly = cl.stops.filter((st) => st.node === n.id).reduce((a, st) => a + (st.chilledKg ?? 0), 0) * cl.weekdays.length;
        const need = (d.kgDown + d.kgUp) * d.chilledShare * 7;
        if (weekly < need - 0.05) errors.push(`village ${n.id}: chilled ${weekly.toFixed(1)} kg/week carried < ${need.toFixed(1)} needed`);
      }
    }
  }

  // ---- bus legs: trip stops at the node (after the county station when going down), runs those days, capacity
  const trips = new Map(ds.bus.trips.map((t) => [t.tripId, t]));
  const stopNode = new Map(ds.bus.stops.map((st) => [st.stopId, st.nodeId]));
  const usedKg = new Map<string, number>();
  const usedM3 = new Map<string, number>();
  for (const b of tt.busLegs) {
    const t = trips.get(b.tripId);
    if (!t) {
      errors.push(`bus leg ${b.tripId}/${b.node}: unknown trip`);
      continue;
    }
    const seq = t.stopTimes.map((st) => stopNode.get(st.stopId));
    const vi = seq.indexOf(b.node);
    const ci = seq.indexOf(ds.warehouseId);
    if (vi < 0) errors.push(`bus leg ${b.tripId}/${b.node}: trip does not stop at the node`);
    else {
      if (ci < 0) errors.push(`bus leg ${b.tripId}/${b.node}: trip does not stop at the county station`);
      else if (b.direction === 'up' ? vi > ci : vi < ci) errors.push(`bus leg ${b.tripId}/${b.node}: stop order does not match direction ${b.direction ?? 'down'}`);
      const arr = t.stopTimes[vi]!.arrival;
      if (Math.abs(hm(b.arrive) - arr) > TOL) errors.push(`bus leg ${b.tripId}/${b.node}: arrive ${b.arrive} differs from GTFS`);
    }
    for (const d of b.weekdays) if (!t.weekdays.includes(d)) errors.push(`bus leg ${b.tripId}/${b.node}: trip does not run on ${d}`);
    usedKg.set(b.tripId, (usedKg.get(b.tripId) ?? 0) + b.kg);
    usedM3.set(b.tripId, (usedM3.get(b.tripId) ?? 0) + b.m3);
  }
  for (const [id, kg] of usedKg) {
    const t = trips.get(id)!;
    if (kg > t.cargoKg + 1e-6) errors.push(`bus trip ${id}: ${kg} kg booked > cargo ${t.cargoKg}`);
    if ((usedM3.get(id) ?? 0) > t.cargoM3 + 1e-6) errors.push(`bus trip ${id}: m3 booked > cargo ${t.cargoM3}`);
  }

  // ---- totals recomputed
  const kmW = tt.lines.reduce((a, l) => a + l.km * l.weekdays.length, 0);
  if (Math.abs(kmW - tt.totals.kmPerWeek) > 0.05 * Math.max(1, tt.lines.length)) errors.push(`totals: kmPerWeek ${tt.totals.kmPerWeek} but lines sum to ${kmW.toFixed(2)}`);
  const veh = new Set(tt.lines.map((l) => l.vehicle)).size;
  if (veh !== tt.totals.vehicles) errors.push(`totals: vehicles ${tt.totals.vehicles} but lines use ${veh}`);
  return errors;
}
