/**
 * Assignment of the day's parcels to the day's runs under capacity (pure, no I/O).
 *
 * Chilled and frozen parcels go first (they have fewer options and cannot wait), then ambient ones;
 * within each, most urgent first (due_by, then ready_at, then id). Each goes to the first service
 * option of its village that leaves the warehouse after the parcel is ready and whose every leg
 * has room for its kg and m3 and, for chilled or frozen
 * parcels, a refrigerated vehicle on every leg. Ambient parcels try non-refrigerated options first
 * so they do not take the cold chain's room. A parcel that fits nowhere is overflow with
 * the reason of the best option it missed. Loads never exceed a run's capacity by construction.
 */
import type { Temperature } from '../ingest/schema.ts';
import { formatInstant } from '../domain/time.ts';
import type { Leg, PlannedRun, ServiceDay } from './service-day.ts';

/** A parcel as dispatch sees it. Volumes in m3. */
export interface DispatchParcel {
  readonly id: string;
  readonly carrier: string;
  readonly villageCode: string;
  readonly kg: number;
  readonly m3: number;
  readonly temperature: Temperature;
  readonly readyAt: number;
  readonly dueBy: number | null;
}

/** A parcel placed on a run (legs: last mile first, then upstream). */
export interface Placement {
  readonly parcel: DispatchParcel;
  readonly legs: readonly Leg[];
  readonly arrive: string;
}

/** A parcel not carried today and why. */
export interface Overflow {
  readonly parcel: DispatchParcel;
  /** `no_service`, `not_ready` (ready after the day's services left), `needs_refrigeration` or `capacity`. */
  readonly cause: 'no_service' | 'not_ready' | 'needs_refrigeration' | 'capacity';
  readonly reason: string;
}

/** Running load of one run. */
export interface Load {
  kg: number;
  m3: number;
}

/** Most urgent first: earliest due_by (none last), then earliest ready_at, then id. */
export function byUrgency(a: DispatchParcel, b: DispatchParcel): number {
  const da = a.dueBy ?? Number.POSITIVE_INFINITY;
  const db = b.dueBy ?? Number.POSITIVE_INFINITY;
  return da - db || a.readyAt - b.readyAt || (a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const EPS = 1e-9;

/** True when every leg of `legs` can take `p` (capacity and refrigeration). */
export function fits(p: DispatchParcel, legs: readonly Leg[], runs: ReadonlyMap<string, PlannedRun>, loads: Map<string, Load>): boolean {
  for (const leg of legs) {
    const run = runs.get(leg.runId);
    if (!run) return false;
    if (p.temperature !== 'ambient' && !run.refrigerated) return false;
    const l = loads.get(leg.runId) ?? { kg: 0, m3: 0 };
    if (l.kg + p.kg > run.capacityKg + EPS || l.m3 + p.m3 > run.capacityM3 + EPS) return false;
  }
  return true;
}

/** Adds `p` to the loads of `legs`. */
export function addLoad(p: DispatchParcel, legs: readonly Leg[], loads: Map<string, Load>): void {
  for (const leg of legs) {
    const l = loads.get(leg.runId) ?? { kg: 0, m3: 0 };
    l.kg += p.kg;
    l.m3 += p.m3;
    loads.set(leg.runId, l);
  }
}

/** Assigns `parcels` to the runs of `day`; `loads` starts empty unless given. */
export function assignParcels(
  day: ServiceDay,
  parcels: readonly DispatchParcel[],
  loads: Map<string, Load> = new Map(),
): { placed: Placement[]; overflow: Overflow[]; loads: Map<string, Load> } {
  const placed: Placement[] = [];
  const overflow: Overflow[] = [];
  const cold = (p: DispatchParcel): number => (p.temperature === 'ambient' ? 1 : 0);
  const refrigerated = (o: { legs: readonly Leg[] }): number => (o.legs.some((l) => day.runById.get(l.runId)?.refrigerated) ? 1 : 0);
  for (const p of [...parcels].sort((a, b) => cold(a) - cold(b) || byUrgency(a, b))) {
    const served = day.options.get(p.villageCode) ?? [];
    if (served.length === 0) {
      overflow.push({ parcel: p, cause: 'no_service', reason: `no run or bus trip serves village ${p.villageCode} on ${day.date} (${day.weekday})` });
      continue;
    }
    const all = served.filter((o) => p.readyAt <= o.leavesWarehouse);
    if (all.length === 0) {
      const last = Math.max(...served.map((o) => o.leavesWarehouse));
      overflow.push({
        parcel: p,
        cause: 'not_ready',
        reason: `ready at ${formatInstant(p.readyAt)}, after the last service of village ${p.villageCode} left the warehouse (${formatInstant(last)})`,
      });
      continue;
    }
    // Stable sort: ambient parcels try options without a refrigerated leg first.
    const options = p.temperature === 'ambient' ? [...all].sort((a, b) => refrigerated(a) - refrigerated(b)) : all;
    const option = options.find((o) => fits(p, o.legs, day.runById, loads));
    if (option) {
      addLoad(p, option.legs, loads);
      placed.push({ parcel: p, legs: option.legs, arrive: option.arrive });
      continue;
    }
    const coldOptions = options.filter((o) => o.legs.every((l) => day.runById.get(l.runId)?.refrigerated));
    if (p.temperature !== 'ambient' && coldOptions.length === 0) {
      overflow.push({
        parcel: p,
        cause: 'needs_refrigeration',
        reason: `${p.temperature} parcel needs a refrigerated vehicle; none serves village ${p.villageCode} on ${day.date}`,
      });
      continue;
    }
    const first = (p.temperature !== 'ambient' ? coldOptions : options)[0]!;
    const full = first.legs.find((l) => !fits(p, [l], day.runById, loads)) ?? first.legs[0]!;
    const run = day.runById.get(full.runId)!;
    const load = loads.get(full.runId) ?? { kg: 0, m3: 0 };
    const dim = load.kg + p.kg > run.capacityKg + EPS ? `${run.capacityKg} kg` : `${run.capacityM3} m3`;
    overflow.push({ parcel: p, cause: 'capacity', reason: `capacity: run ${run.id} is full (${dim})` });
  }
  return { placed, overflow, loads };
}
