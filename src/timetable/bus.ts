/**
 * Bus legs (客货邮融合): parcels for a village handed to a GTFS trip at the county bus station and
 * dropped at the village's stop; farm products ride a trip the other way. A village may go by bus
 * when a trip stops at the county station and later at a stop mapped to the village node, departs
 * after the warehouse cut-off plus the hand-over time, runs on enough service days for the policy,
 * has cargo room left, the village's ambient flow is small (零散小宗), an inbound trip exists for its
 * pickups, and the weekly fee is below the estimated road cost of visiting it (scheduled-line
 * freight after Ghilas, Demir & Van Woensel 2016, simplified to one leg per direction).
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

/**
 * Chooses bus service for the villages where it is eligible and cheaper than `roadCostPerWeek(v)`,
 * greedily by savings, within each trip's cargo capacity share (bookings accumulate in `usage`).
 * Pass a road cost of Infinity to rescue villages no road line could serve. Deterministic.
 */
export function chooseBus(
  ds: Dataset,
  villages: readonly VillageInfo[],
  s: PlanSettings,
  roadCostPerWeek: (v: VillageInfo) => number,
  usage: BusUsage = { kg: new Map(), m3: new Map() },
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
  const usedKg = usage.kg;
  const usedM3 = usage.m3;
  const cands: { v: VillageInfo; saving: number }[] = [];
  for (const v of villages) {
    if (!byVillage.has(v.node.id)) continue;
    if (v.ambDownKg + v.ambUpKg <= 0 || v.ambDownKg > s.busMaxKgPerVillageDay || v.ambUpKg > s.busMaxKgPerVillageDay) continue;
    const trip = byVillage.get(v.node.id)!.down[0]?.trip;
    if (!trip) continue;
    const fee = weeklyFee(v.parcelsDown * (1 - v.chilledShare), v.ambDownKg, trip, s) + weeklyFee(v.parcelsUp * (1 - v.chilledShare), v.ambUpKg, trip, s);
    const saving = roadCostPerWeek(v) - fee;
    if (saving > 0) cands.push({ v, saving });
  }
  cands.sort((a, b) => b.saving - a.saving || (a.v.node.id < b.v.node.id ? -1 : 1));
  const out = new Map<string, BusChoice>();
  for (const { v } of cands) {
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
    const down = pick(opts.down, 'down', null);
    if (!down) continue;
    const days = s.serviceDays.filter((d) => down.trip.weekdays.includes(d));
    let up: BusLegChoice | null = null;
    if (v.ambUpKg > 0) {
      // the up leg must fit alongside the down leg's booking on shared trips
      usedKg.set(down.trip.tripId, (usedKg.get(down.trip.tripId) ?? 0) + down.kg);
      usedM3.set(down.trip.tripId, (usedM3.get(down.trip.tripId) ?? 0) + down.m3);
      up = pick(opts.up, 'up', days);
      usedKg.set(down.trip.tripId, (usedKg.get(down.trip.tripId) ?? 0) - down.kg);
      usedM3.set(down.trip.tripId, (usedM3.get(down.trip.tripId) ?? 0) - down.m3);
      if (!up) continue;
    }
    for (const leg of [down, up]) {
      if (!leg) continue;
      usedKg.set(leg.trip.tripId, (usedKg.get(leg.trip.tripId) ?? 0) + leg.kg);
      usedM3.set(leg.trip.tripId, (usedM3.get(leg.trip.tripId) ?? 0) + leg.m3);
    }
    const feeDown = weeklyFee(v.parcelsDown * (1 - v.chilledShare), v.ambDownKg, down.trip, s);
    const feeUp = up ? weeklyFee(v.parcelsUp * (1 - v.chilledShare), v.ambUpKg, up.trip, s) : 0;
    out.set(v.node.id, { village: v.node.id, days, down, up, feePerWeek: feeDown + feeUp, feeDownPerWeek: feeDown, feeUpPerWeek: feeUp });
  }
  return out;
}
