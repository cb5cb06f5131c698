/**
 * Village facts the planner works with: the service policy's required visits per week
 * (docs/timetable.md §2), ambient and chilled daily flows, and the pool a village is routed from
 * (its township hub when the hub has a vehicle, else the county warehouse).
 */
import type { Dataset, NetworkNode, TravelMatrix, Vehicle } from '../domain/dataset.ts';
import type { PlanSettings } from './settings.ts';

/** One village as the planner sees it; kg and m3 per calendar day. */
export interface VillageInfo {
  readonly node: NetworkNode;
  readonly hub: string | null;
  readonly required: number;
  readonly parcelsDown: number;
  readonly parcelsUp: number;
  /** Ambient (not chilled) kg and m3 per day, down and up. */
  readonly ambDownKg: number;
  readonly ambDownM3: number;
  readonly ambUpKg: number;
  readonly ambUpM3: number;
  /** Chilled kg and m3 per day, both directions together. */
  readonly chilledKg: number;
  readonly chilledM3: number;
  readonly chilledShare: number;
}

/** Required visits per week under the policy: the largest of the rules that apply, capped at the service days. */
export function requiredVisits(node: NetworkNode, kgPerDay: number, s: PlanSettings): number {
  const p = s.policy;
  let v = p.otherVisits;
  if (node.station) v = Math.max(v, p.stationVisits);
  if (node.poor) v = Math.max(v, p.poorVisits);
  if (kgPerDay >= p.highDemandKgPerDay) v = Math.max(v, p.highDemandVisits);
  return Math.min(v, s.serviceDays.length);
}

/** Builds the village list (network order), with zero demand for villages missing from demand.csv. */
export function villageInfos(ds: Dataset, s: PlanSettings): VillageInfo[] {
  const out: VillageInfo[] = [];
  for (const node of ds.nodes) {
    if (node.kind !== 'village_point') continue;
    const d = ds.demand.get(node.id);
    const sh = d?.chilledShare ?? 0;
    const kgDown = d?.kgDown ?? 0;
    const kgUp = d?.kgUp ?? 0;
    out.push({
      node,
      hub: node.parent,
      required: requiredVisits(node, kgDown + kgUp, s),
      parcelsDown: d?.parcelsDown ?? 0,
      parcelsUp: d?.parcelsUp ?? 0,
      ambDownKg: kgDown * (1 - sh),
      ambDownM3: (d?.m3Down ?? 0) * (1 - sh),
      ambUpKg: kgUp * (1 - sh),
      ambUpM3: (d?.m3Up ?? 0) * (1 - sh),
      chilledKg: (kgDown + kgUp) * sh,
      chilledM3: ((d?.m3Down ?? 0) + (d?.m3Up ?? 0)) * sh,
      chilledShare: sh,
    });
  }
  return out;
}

/** km between two nodes. */
export function km(m: TravelMatrix, a: string, b: string): number {
  return m.km[m.index.get(a)! * m.n + m.index.get(b)!]!;
}

/** Minutes between two nodes. */
export function minutes(m: TravelMatrix, a: string, b: string): number {
  return m.minutes[m.index.get(a)! * m.n + m.index.get(b)!]!;
}

/** Ambient (non-refrigerated) vehicles by depot; refrigerated ones are kept for cold-chain lines. */
export function ambientFleetByDepot(ds: Dataset): Map<string, Vehicle[]> {
  const m = new Map<string, Vehicle[]>();
  for (const v of ds.fleet) {
    if (v.refrigerated) continue;
    const l = m.get(v.depot) ?? [];
    l.push(v);
    m.set(v.depot, l);
  }
  return m;
}
