/**
 * Bus legs (客货邮融合): parcels for a village handed to a GTFS trip at the county bus station and
 * dropped at the village's stop; farm products ride a trip the other way. A village may go by bus
 * when a trip stops at the county station and later at a stop mapped to the village node, departs
 * after the warehouse cut-off plus the hand-over time, runs on enough service days for the policy,
 * has cargo room left, the village's ambient flow is small (零散小宗), an inbound trip exists for its
 * pickups, and what its road visits cost (the caller's estimate: a removal gain from solved lines,
 * or an insertion detour) pays its fee (scheduled-line freight after Ghilas, Demir & Van Woensel
 * 2016, simplified to one leg per direction). Fees are per trip (a locked box shared by the villages
 * on the trip, Yamato-style) or per parcel (`busFeeModel`).
 * Chilled freight never rides a bus: it keeps its cold-chain line.
 */
import type { BusTrip, Dataset, Weekday } from '../domain/dataset.ts';
import { peakDaysCarried } from '../../solver/index.ts';
import type { PlanSettings } from './settings.ts';
import { toMinutes } from './time.ts';
import type { VillageInfo } from './villages.ts';

/** One direction of a bus leg. */
export interface BusLegChoice {
  readonly trip: BusTrip;
  /** Scheduled arrival of the trip at the village stop, minutes after midnight. */
  readonly atVillage: number;
  /** Departure from (down) or arrival at (up) the county station, minutes after midnight. */
  readonly atCounty: number;
  readonly kg: number;
  readonly m3: number;
}

/** The bus service chosen for a village. */
export interface BusChoice {
  readonly village: string;
  readonly days: Weekday[];
  readonly down: BusLegChoice;
  readonly up: BusLegChoice | null;
  readonly feePerWeek: number;
  /** Fee split per direction (for the legs). */
  readonly feeDownPerWeek: number;
  readonly feeUpPerWeek: number;
}

/** Cargo already booked per trip id (kg, m3); shared between successive `chooseBus` calls. */
export interface BusUsage {
  readonly kg: Map<string, number>;
  readonly m3: Map<string, number>;
}

interface TripStop {
  readonly trip: BusTrip;
  readonly countyPos: number;
  readonly villagePos: number;
}

/** Weekly fee of a village's ambient parcels in one direction. */
function weeklyFee(parcelsPerDay: number, kgPerDay: number, trip: BusTrip, s: PlanSettings): number {
  const fee = s.busFeePerParcel ?? trip.feePerParcel;
  // demand rows without parcel counts: parcels from kg at the mean parcel weight
  const parcels = parcelsPerDay > 0 ? parcelsPerDay : kgPerDay / Math.max(1e-9, s.kgPerParcel);
  return fee > 0 ? parcels * 7 * fee : kgPerDay * 7 * s.busFeePerKg;
}

/** A village's bus legs before fees are shared out. */
interface Assigned {
  readonly v: VillageInfo;
  readonly gain: number;
  readonly days: Weekday[];
  readonly down: BusLegChoice;
  readonly up: BusLegChoice | null;
}

/**
 * Chooses bus service for the villages where it is eligible and pays: `roadCostPerWeek(v)` is what
 * serving v on road lines costs per week (yuan). `daysOf(v)` is the village's weekday pattern: its
 * legs ride trips on those days when one runs on all of them (else on every service day of the trip). Villages are booked greedily by that saving, within
 * each trip's cargo capacity share (bookings accumulate in `usage`). Per parcel, a village goes by
 * bus when its own fee is below its road cost. Per trip, a trip's weekly fee (`busFeePerTrip` × the
 * days it carries the box) is shared equally by its legs; the village whose road cost falls furthest
 * short of its shares is dropped, and so on until every remaining village pays its shares (the trips
 * of dropped villages may then cost more than they save, so a trip is used only when its villages
 * together cover it). Pass a road cost of Infinity to rescue villages no road line could serve.
 * Deterministic. Fees in the result are those of this set alone (see `priceBus` for a whole plan).
 */
export function chooseBus(
  ds: Dataset,
  villages: readonly VillageInfo[],
  s: PlanSettings,
  roadCostPerWeek: (v: VillageInfo) => number,
  usage: BusUsage = { kg: new Map(), m3: new Map() },
  daysOf: (v: VillageInfo) => readonly Weekday[] | null = () => null,
): Map<string, BusChoice> {
  const stopNode = new Map(ds.bus.stops.map((st) => [st.stopId, st.nodeId]));
  const cutoff = toMinutes(s.cutoff);
  const byVillage = new Map<string, { down: TripStop[]; up: TripStop[] }>();
  for (const trip of ds.bus.trips) {
    const nodesSeq = trip.stopTimes.map((st) => stopNode.get(st.stopId) ?? '');
    const cp = nodesSeq.indexOf(ds.warehouseId);
    if (cp < 0) continue;
    nodesSeq.forEach((n, i) => {
      if (i === cp || !n) return;
      const e = byVillage.get(n) ?? { down: [], up: [] };
      if (i > cp) e.down.push({ trip, countyPos: cp, villagePos: i });
      else e.up.push({ trip, countyPos: cp, villagePos: i });
      byVillage.set(n, e);
    });
  }
  // tentative bookings on a copy; committed to `usage` for the villages kept
  const usedKg = new Map(usage.kg);
  const usedM3 = new Map(usage.m3);
  const book = (leg: BusLegChoice, sign: 1 | -1): void => {
    usedKg.set(leg.trip.tripId, (usedKg.get(leg.trip.tripId) ?? 0) + sign * leg.kg);
    usedM3.set(leg.trip.tripId, (usedM3.get(leg.trip.tripId) ?? 0) + sign * leg.m3);
  };
  const cands: { v: VillageInfo; saving: number; gain: number }[] = [];
  for (const v of villages) {
    if (!byVillage.has(v.node.id)) continue;
    if (v.ambDownKg + v.ambUpKg <= 0 || v.ambDownKg > s.busMaxKgPerVillageDay || v.ambUpKg > s.busMaxKgPerVillageDay) continue;
    const trip = byVillage.get(v.node.id)!.down[0]?.trip;
    if (!trip) continue;
    const gain = roadCostPerWeek(v);
    const saving = s.busFeeModel === 'parcel' ? gain - parcelFees(v, trip, trip, s).total : gain;
    if (saving > 0) cands.push({ v, saving, gain });
  }
  cands.sort((a, b) => b.saving - a.saving || (a.v.node.id < b.v.node.id ? -1 : 1));
  const assigned: Assigned[] = [];
  for (const { v, gain } of cands) {
    const opts = byVillage.get(v.node.id)!;
    const pick = (list: TripStop[], dir: 'down' | 'up', days: readonly Weekday[] | null): BusLegChoice | null => {
      const sorted = [...list].sort((a, b) => {
        const ta = a.trip.stopTimes[a.villagePos]!.arrival;
        const tb = b.trip.stopTimes[b.villagePos]!.arrival;
        return ta - tb || (a.trip.tripId < b.trip.tripId ? -1 : 1);
      });
      for (const ts of sorted) {
        const county = ts.trip.stopTimes[ts.countyPos]!;
        const vil = ts.trip.stopTimes[ts.villagePos]!;
        if (dir === 'down' && county.departure < cutoff + s.busHandoverMinutes) continue;
        const tripDays = s.serviceDays.filter((d) => ts.trip.weekdays.includes(d));
        if (days ? !days.every((d) => ts.trip.weekdays.includes(d)) : tripDays.length < v.required) continue;
        const useDays = days ?? tripDays;
        const peak = peakDaysCarried(useDays);
        const kg = (dir === 'down' ? v.ambDownKg : v.ambUpKg) * peak;
        const m3 = (dir === 'down' ? v.ambDownM3 : v.ambUpM3) * peak;
        const id = ts.trip.tripId;
        if ((usedKg.get(id) ?? 0) + kg > ts.trip.cargoKg * s.busCapacityShare + 1e-9) continue;
        if ((usedM3.get(id) ?? 0) + m3 > ts.trip.cargoM3 * s.busCapacityShare + 1e-9) continue;
        return {
          trip: ts.trip,
          atVillage: vil.arrival,
          atCounty: dir === 'down' ? county.departure : county.arrival,
          kg,
          m3,
        };
      }
      return null;
    };
    // the box rides on the village's own weekday pattern when a trip runs on those days (the fee is
    // then paid on those days only), else on every service day the trip runs
    const own = daysOf(v);
    const ownDown = own && own.length >= v.required ? pick(opts.down, 'down', own) : null;
    const down = ownDown ?? pick(opts.down, 'down', null);
    if (!down) continue;
    const days = ownDown ? [...own!] : s.serviceDays.filter((d) => down.trip.weekdays.includes(d));
    let up: BusLegChoice | null = null;
    if (v.ambUpKg > 0) {
      // the up leg must fit alongside the down leg's booking on shared trips
      book(down, 1);
      up = pick(opts.up, 'up', days);
      book(down, -1);
      if (!up) continue;
    }
    book(down, 1);
    if (up) book(up, 1);
    assigned.push({ v, gain, days, down, up });
  }
  if (s.busFeeModel === 'trip') {
    // drop the village that pays its trip shares least, until every village pays them
    for (;;) {
      const shares = tripShares(assigned, s);
      let worst = -1;
      let worstBy = 0;
      assigned.forEach((a, i) => {
        const short = a.gain - (shares.get(a.down.trip.tripId) ?? 0) - (a.up ? (shares.get(a.up.trip.tripId) ?? 0) : 0);
        if (short < worstBy - 1e-9) {
          worstBy = short;
          worst = i;
        }
      });
      if (worst < 0) break;
      const a = assigned[worst]!;
      book(a.down, -1);
      if (a.up) book(a.up, -1);
      assigned.splice(worst, 1);
    }
  }
  const out = new Map<string, BusChoice>();
  for (const a of assigned) {
    for (const leg of [a.down, a.up]) {
      if (!leg) continue;
      usage.kg.set(leg.trip.tripId, (usage.kg.get(leg.trip.tripId) ?? 0) + leg.kg);
      usage.m3.set(leg.trip.tripId, (usage.m3.get(leg.trip.tripId) ?? 0) + leg.m3);
    }
    out.set(a.v.node.id, { village: a.v.node.id, days: a.days, down: a.down, up: a.up, feePerWeek: 0, feeDownPerWeek: 0, feeUpPerWeek: 0 });
  }
  return priceBus(out, new Map(villages.map((v) => [v.node.id, v])), s);
}

/** Weekly fee per leg of each trip in `legs` under the per-trip model: the trip's days × fee, shared equally. */
function tripShares(legs: readonly { days: readonly Weekday[]; down: BusLegChoice; up: BusLegChoice | null }[], s: PlanSettings): Map<string, number> {
  const days = new Map<string, Set<string>>();
  const count = new Map<string, number>();
  for (const a of legs) {
    for (const leg of [a.down, a.up]) {
      if (!leg) continue;
      const id = leg.trip.tripId;
      const d = days.get(id) ?? new Set<string>();
      for (const x of a.days) d.add(x);
      days.set(id, d);
      count.set(id, (count.get(id) ?? 0) + 1);
    }
  }
  const out = new Map<string, number>();
  for (const [id, d] of days) out.set(id, (s.busFeePerTrip * d.size) / count.get(id)!);
  return out;
}

/** Per-parcel fees of a village's down and up legs (yuan/week). */
function parcelFees(v: VillageInfo, downTrip: BusTrip, upTrip: BusTrip | null, s: PlanSettings): { down: number; up: number; total: number } {
  const down = weeklyFee(v.parcelsDown * (1 - v.chilledShare), v.ambDownKg, downTrip, s);
  const up = upTrip ? weeklyFee(v.parcelsUp * (1 - v.chilledShare), v.ambUpKg, upTrip, s) : 0;
  return { down, up, total: down + up };
}

/**
 * The fees of a whole plan's bus legs: per parcel, each village's own; per trip, each trip's weekly
 * fee (`busFeePerTrip` × the days it carries the box) shared equally by the legs on it, so the legs
 * add up to the trips' fees. `info` gives the villages' flows (per-parcel model).
 */
export function priceBus(choices: ReadonlyMap<string, BusChoice>, info: ReadonlyMap<string, VillageInfo>, s: PlanSettings): Map<string, BusChoice> {
  const shares = s.busFeeModel === 'trip' ? tripShares([...choices.values()], s) : null;
  const out = new Map<string, BusChoice>();
  for (const [id, c] of choices) {
    let down: number;
    let up: number;
    if (shares) {
      down = shares.get(c.down.trip.tripId) ?? 0;
      up = c.up ? (shares.get(c.up.trip.tripId) ?? 0) : 0;
    } else {
      const f = parcelFees(info.get(id)!, c.down.trip, c.up?.trip ?? null, s);
      down = f.down;
      up = f.up;
    }
    out.set(id, { ...c, feePerWeek: down + up, feeDownPerWeek: down, feeUpPerWeek: up });
  }
  return out;
}
