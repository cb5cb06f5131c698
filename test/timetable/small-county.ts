/**
 * A small hand-made county for the planner's phase tests: a warehouse W, hub H1 (with a van) east of
 * it, hub H2 (no vehicle) west of it, seven villages, an ambient truck and a reefer at W, and one bus
 * line W → V22 (down in the morning, back in the afternoon). Travel: great-circle km × 1.3 at 40 km/h.
 */
import type { Dataset, NetworkNode, TravelMatrix, Vehicle, VillageDemand } from '../../src/domain/dataset.ts';

export const W = '630000';
export const H1 = '630000001';
export const H2 = '630000002';
/** East of H1, beyond it from W: H1's feeder. */
export const V11 = '630000001001';
export const V12 = '630000001002';
/** High demand: visited every service day. */
export const V13 = '630000001003';
export const V14 = '630000001004';
/** Under H1 but 3 km from W: direct from the warehouse. */
export const V15 = '630000001005';
/** Under H2 (a hub without vehicle): direct from the warehouse; V22 also has the bus. */
export const V21 = '630000002001';
export const V22 = '630000002002';
/** Villages with chilled freight. */
export const CHILLED = [V11, V21];

function node(id: string, kind: NetworkNode['kind'], parent: string | null, lon: number, lat: number): NetworkNode {
  const village = kind === 'village_point';
  return {
    id, kind, code: id, name: id, parent, lon, lat, station: !village, poor: false, community: false,
    open: kind === 'county_warehouse' ? '06:00' : village ? '08:00' : '07:00', close: village ? '19:00' : '20:00',
    synthetic: false, estimated: false,
  };
}

function vehicle(id: string, depot: string, refrigerated: boolean, capacityKg: number): Vehicle {
  return { id, depot, capacityKg, capacityM3: 12, refrigerated, shiftStart: '07:00', shiftEnd: '19:00', costPerKm: 2, costPerHour: 30, fixedCost: 150 };
}

function demand(code: string, kgDown: number, kgUp: number, chilledShare = 0): VillageDemand {
  return { code, parcelsDown: Math.round(kgDown / 2), kgDown, m3Down: kgDown / 200, parcelsUp: Math.round(kgUp / 2), kgUp, m3Up: kgUp / 200, chilledShare };
}

export function smallCounty(): { ds: Dataset; m: TravelMatrix } {
  const nodes = [
    node(W, 'county_warehouse', null, 101.0, 36.0),
    node(H1, 'township_hub', W, 101.3, 36.0),
    node(H2, 'township_hub', W, 100.7, 36.0),
    node(V11, 'village_point', H1, 101.4, 36.05),
    node(V12, 'village_point', H1, 101.42, 35.97),
    node(V13, 'village_point', H1, 101.33, 36.09),
    node(V14, 'village_point', H1, 101.36, 35.92),
    node(V15, 'village_point', H1, 101.03, 36.01),
    node(V21, 'village_point', H2, 100.64, 36.04),
    node(V22, 'village_point', H2, 100.69, 35.94),
  ];
  const dem = [demand(V11, 30, 10, 0.2), demand(V12, 25, 5), demand(V13, 180, 40), demand(V14, 20, 8), demand(V15, 15, 5), demand(V21, 35, 10, 0.3), demand(V22, 12, 6)];
  const ds: Dataset = {
    slug: '630000-small', countyCode: W, name: 'small county',
    boundary: { type: 'Polygon', coordinates: [[[100.5, 35.8], [101.6, 35.8], [101.6, 36.2], [100.5, 36.2], [100.5, 35.8]]] },
    nodes, nodeById: new Map(nodes.map((n) => [n.id, n])), warehouseId: W,
    fleet: [vehicle('T1', W, false, 2000), vehicle('R1', W, true, 800), vehicle('F1', H1, false, 1000)],
    bus: {
      stops: [{ stopId: 'S-W', name: 'station', lon: 101.0, lat: 36.0, nodeId: W }, { stopId: 'S-V22', name: 'V22', lon: 100.69, lat: 35.94, nodeId: V22 }],
      trips: [
        { tripId: 'B-down', routeId: 'B', routeName: 'B', serviceId: 'wk', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], cargoKg: 200, cargoM3: 2, feePerParcel: 0,
          stopTimes: [{ stopId: 'S-W', sequence: 1, arrival: 540, departure: 540 }, { stopId: 'S-V22', sequence: 2, arrival: 580, departure: 580 }] },
        { tripId: 'B-up', routeId: 'B', routeName: 'B', serviceId: 'wk', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], cargoKg: 200, cargoM3: 2, feePerParcel: 0,
          stopTimes: [{ stopId: 'S-V22', sequence: 1, arrival: 900, departure: 900 }, { stopId: 'S-W', sequence: 2, arrival: 940, departure: 940 }] },
      ],
    },
    demand: new Map(dem.map((d) => [d.code, d])),
    travel: { circuity: 1.3, speedKmh: { default: 40 } },
    roads: [],
  };
  const n = nodes.length;
  const km = new Float64Array(n * n);
  const minutes = new Float64Array(n * n);
  const rad = Math.PI / 180;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = nodes[i]!, b = nodes[j]!;
      const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
      km[i * n + j] = 2 * 6371 * Math.asin(Math.sqrt(h)) * 1.3;
      minutes[i * n + j] = (km[i * n + j]! / 40) * 60;
    }
  }
  return { ds, m: { ids: nodes.map((x) => x.id), index: new Map(nodes.map((x, i) => [x.id, i])), n, km, minutes } };
}
