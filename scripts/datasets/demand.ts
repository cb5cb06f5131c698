/** Synthetic demand and fleet of one county (seeded). */
import { rng, round, uniform } from './seed.ts';
import type { OutNode, OutVehicle, TownshipPoint } from './types.ts';

/** Demand per village-level unit (parcels/day, kg, m3; down = to the village, up = from it), as CSV lines. */
export function demandRows(code: string, villageNodes: readonly OutNode[]): string[] {
  const rd = rng(`${code}:demand`);
  const rows: string[] = ['code,parcels_down,kg_down,m3_down,parcels_up,kg_up,m3_up,chilled_share'];
  for (const v of villageNodes) {
    const cls = v.community ? 'community' : v.urban_rural_class === '121' || v.urban_rural_class === '122' ? 'town' : v.urban_rural_class === '210' ? 'centre' : 'rural';
    const [dLo, dHi, uLo, uHi] = { community: [25, 60, 2, 6], town: [8, 20, 1, 4], centre: [6, 14, 1, 3], rural: [2, 8, 0.5, 3] }[cls] as [number, number, number, number];
    const pd = round(uniform(rd, dLo, dHi), 1);
    const kd = round(pd * uniform(rd, 1.2, 2.2), 1);
    const md = round(kd * 0.006, 3);
    const pu = round(uniform(rd, uLo, uHi), 1);
    const ku = round(pu * uniform(rd, 3, 8), 1);
    const mu = round(ku * 0.004, 3);
    const ch = round(v.community ? uniform(rd, 0.05, 0.15) : uniform(rd, 0.02, 0.2), 2);
    rows.push([v.code, pd, kd, md, pu, ku, mu, ch].join(','));
  }
  return rows;
}

/** Villages per township code. */
export function villageCounts(villageNodes: readonly OutNode[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of villageNodes) counts.set(v.parent!, (counts.get(v.parent!) ?? 0) + 1);
  return counts;
}

/**
 * Fleet: county trucks at the warehouse, small vans at the bigger hubs. 2 + ⌊villages / 75⌋ trucks
 * (at most 8), the last ⌈trucks / 4⌉ refrigerated: one truck in every county of up to 224
 * village-level units (all demo counties), up to 7 trucks with two refrigerated in the 300–400 unit
 * counties of 西宁 and 海东.
 */
export function buildFleet(
  code: string,
  warehouse: OutNode,
  tPoints: readonly TownshipPoint[],
  seatTownship: string,
  villageNodes: readonly OutNode[],
): OutVehicle[] {
  const fleet: OutVehicle[] = [];
  const nTrucks = Math.max(2, Math.min(8, 2 + Math.floor(villageNodes.length / 75)));
  const nCold = Math.ceil(nTrucks / 4);
  for (let i = 1; i <= nTrucks; i++) {
    const cold = i > nTrucks - nCold;
    fleet.push({
      id: `${code}-T${i}`,
      depot: warehouse.id,
      type: cold ? 'refrigerated light truck' : 'light box truck (4.2 m)',
      capacityKg: cold ? 1000 : 1500,
      capacityM3: cold ? 10 : 16,
      refrigerated: cold,
      shiftStart: '07:30',
      shiftEnd: '18:30',
      costPerKm: cold ? 2.8 : 2.2,
      costPerHour: cold ? 55 : 45,
      fixedCost: cold ? 400 : 300,
    });
  }
  const rv = rng(`${code}:fleet`);
  const counts = villageCounts(villageNodes);
  for (const t of tPoints) {
    if (t.code === seatTownship) continue;
    const n = counts.get(t.code) ?? 0;
    const roll = rv();
    if (n >= 18 || roll < 0.25) {
      fleet.push({
        id: `${t.code}-V1`,
        depot: t.code,
        type: 'small van',
        capacityKg: 600,
        capacityM3: 4,
        refrigerated: false,
        shiftStart: '08:00',
        shiftEnd: '18:00',
        costPerKm: 1.2,
        costPerHour: 35,
        fixedCost: 150,
      });
    }
  }
  return fleet;
}
