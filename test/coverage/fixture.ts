/**
 * `tiny`: a hand-made county for the coverage tests, small enough to check every figure by hand.
 *
 * Warehouse W 630123; townships A 630123100, B 630123200, C 630123300 (no villages).
 *
 * | village       | twp | station | poor | served by                         | days | demand/day down,up |
 * |---------------|-----|---------|------|-----------------------------------|------|--------------------|
 * | A1 …100001    | A   | yes     | yes  | feeder F1 mon–sun                 | 7    | 2, 1               |
 * | A2 …100002    | A   | no      | yes  | feeder F1 mon–sun                 | 7    | 1, 0               |
 * | A3 …100003    | A   | yes     | no   | bus leg mon, thu only             | 2    | 1, 0               |
 * | A4 …100004    | A   | no      | no   | nothing (unserved)                | 0    | 3, 1               |
 * | B1 …200001    | B   | yes     | yes  | feeder F2 mon–sat                 | 6    | 2, 2               |
 * | B2 …200002    | B   | no      | no   | feeder F2 mon–sat + bus leg sun   | 7    | 1, 0               |
 * | K1 …100201 居委会 | A | yes   | no   | feeder F1 mon–sun (community)     | 7    | 4, 0               |
 *
 * Timetable totals: 730 yuan per week (700 yuan vehicle cost + 30 yuan bus fees, which the planner includes), 1000 km per week.
 */
import type { Dataset, NetworkNode, VillageDemand, Weekday } from '../../src/domain/dataset.ts';
import type { Line, Timetable, VillageService } from '../../src/domain/timetable.ts';
import type { Actuals, ActualParcel } from '../../src/coverage/index.ts';

const ALL: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MON_SAT: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

type NodeSpec = Partial<NetworkNode> & Pick<NetworkNode, 'id' | 'kind' | 'name' | 'parent' | 'lon' | 'lat'>;

function node(s: NodeSpec): NetworkNode {
  return {
    code: s.id,
    station: s.kind !== 'village_point',
    poor: false,
    community: false,
    open: '08:00',
    close: '18:00',
    synthetic: false,
    estimated: false,
    ...s,
  };
}

function demand(code: string, parcelsDown: number, parcelsUp: number): VillageDemand {
  return { code, parcelsDown, kgDown: parcelsDown * 2, m3Down: parcelsDown * 0.01, parcelsUp, kgUp: parcelsUp * 3, m3Up: parcelsUp * 0.01, chilledShare: 0 };
}

/** Builds a Dataset from nodes and daily demand, with the county code and boundary of `tiny`. */
export function makeDataset(slug: string, countyCode: string, nodes: NetworkNode[], demands: VillageDemand[]): Dataset {
  return {
    slug,
    countyCode,
    name: slug,
    boundary: {
      type: 'Polygon',
      coordinates: [
        [
          [100.9, 35.9],
          [101.5, 35.9],
          [101.5, 36.5],
          [100.9, 36.5],
          [100.9, 35.9],
        ],
      ],
    },
    nodes,
    nodeById: new Map(nodes.map((n) => [n.id, n])),
    warehouseId: countyCode,
    fleet: [],
    bus: {
      stops: [
        { stopId: 'S0', name: 'bus station', lon: 101.0, lat: 36.0, nodeId: countyCode },
        { stopId: 'S1', name: 'A3 stop', lon: 101.1, lat: 36.3, nodeId: `${countyCode}100003` },
        { stopId: 'S2', name: 'B2 stop', lon: 101.4, lat: 36.1, nodeId: `${countyCode}200002` },
      ],
      trips: [
        {
          tripId: 'T-north',
          routeId: 'R1',
          routeName: 'north',
          serviceId: 'wk',
          weekdays: ['mon', 'thu'],
          cargoKg: 100,
          cargoM3: 1,
          feePerParcel: 3,
          stopTimes: [
            { stopId: 'S0', sequence: 1, arrival: 480, departure: 480 },
            { stopId: 'S1', sequence: 2, arrival: 560, departure: 560 },
          ],
        },
        {
          tripId: 'T-east',
          routeId: 'R2',
          routeName: 'east',
          serviceId: 'sun',
          weekdays: ['sun'],
          cargoKg: 100,
          cargoM3: 1,
          feePerParcel: 3,
          stopTimes: [
            { stopId: 'S0', sequence: 1, arrival: 480, departure: 480 },
            { stopId: 'S2', sequence: 2, arrival: 600, departure: 600 },
          ],
        },
        {
          tripId: 'T-unused',
          routeId: 'R3',
          routeName: 'unused',
          serviceId: 'wk',
          weekdays: ALL,
          cargoKg: 100,
          cargoM3: 1,
          feePerParcel: 3,
          stopTimes: [
            { stopId: 'S0', sequence: 1, arrival: 480, departure: 480 },
            { stopId: 'S2', sequence: 2, arrival: 600, departure: 600 },
          ],
        },
      ],
    },
    demand: new Map(demands.map((d) => [d.code, d])),
    travel: { circuity: 1.3, speedKmh: { default: 40 } },
    roads: [],
  };
}

/** The `tiny` county dataset (table above). */
export function tinyDataset(): Dataset {
  const W = '630123';
  const A = '630123100';
  const B = '630123200';
  const C = '630123300';
  const nodes = [
    node({ id: W, kind: 'county_warehouse', name: '县仓', parent: null, lon: 101.0, lat: 36.0 }),
    node({ id: A, kind: 'township_hub', name: '甲镇', parent: W, lon: 101.1, lat: 36.2 }),
    node({ id: B, kind: 'township_hub', name: '乙乡', parent: W, lon: 101.3, lat: 36.1 }),
    node({ id: C, kind: 'township_hub', name: '丙乡', parent: W, lon: 101.4, lat: 36.4 }),
    node({ id: `${A}001`, kind: 'village_point', name: 'A1', parent: A, lon: 101.12, lat: 36.22, station: true, poor: true }),
    node({ id: `${A}002`, kind: 'village_point', name: 'A2', parent: A, lon: 101.14, lat: 36.24, station: false, poor: true }),
    node({ id: `${A}003`, kind: 'village_point', name: 'A3', parent: A, lon: 101.1, lat: 36.3, station: true, poor: false }),
    node({ id: `${A}004`, kind: 'village_point', name: 'A4', parent: A, lon: 101.05, lat: 36.35, station: false, poor: false }),
    node({ id: `${B}001`, kind: 'village_point', name: 'B1', parent: B, lon: 101.32, lat: 36.12, station: true, poor: true }),
    node({ id: `${B}002`, kind: 'village_point', name: 'B2', parent: B, lon: 101.4, lat: 36.1, station: false, poor: false }),
    node({ id: `${A}201`, kind: 'village_point', name: 'K1 社区', parent: A, lon: 101.11, lat: 36.21, station: true, community: true }),
  ];
  return makeDataset('630123-tiny', W, nodes, [
    demand(`${A}001`, 2, 1),
    demand(`${A}002`, 1, 0),
    demand(`${A}003`, 1, 0),
    demand(`${A}004`, 3, 1),
    demand(`${B}001`, 2, 2),
    demand(`${B}002`, 1, 0),
    demand(`${A}201`, 4, 0),
  ]);
}

function line(id: string, tier: Line['tier'], weekdays: Weekday[], nodes: string[]): Line {
  return {
    id,
    tier,
    vehicle: `v-${id}`,
    weekdays,
    stops: nodes.map((n) => ({ node: n, arrive: '09:00', depart: '09:00' })),
    km: 50,
    minutes: 90,
    loadKg: 100,
    loadM3: 1,
  };
}

function village(code: string, mode: VillageService['mode'], weekdays: Weekday[], lead: number | null): VillageService {
  return { code, mode, weekdays, visitsPerWeek: weekdays.length, line: null, leadTimeHours: lead };
}

/** The timetable of `tiny` (table above); planned lead times A1 3, A2 4, A3 10, B1 5, B2 6, K1 2 hours. */
export function tinyTimetable(): Timetable {
  const W = '630123';
  const A = '630123100';
  const B = '630123200';
  return {
    county: W,
    dataset: '630123-tiny',
    generatedAt: '2026-11-01T00:00:00.000Z',
    seed: 1,
    settings: {},
    lines: [
      line('T1', 'trunk', ALL, [W, A, B, W]),
      line('F1', 'feeder', ALL, [A, `${A}001`, `${A}002`, `${A}201`, A]),
      line('F2', 'feeder', MON_SAT, [B, `${B}001`, `${B}002`, B]),
    ],
    busLegs: [
      { tripId: 'T-north', node: `${A}003`, weekdays: ['mon', 'thu'], kg: 2, m3: 0.01, arrive: '09:20', feePerWeek: 6 },
      { tripId: 'T-east', node: `${B}002`, weekdays: ['sun'], kg: 2, m3: 0.01, arrive: '10:00', feePerWeek: 3 },
    ],
    villages: [
      village(`${A}001`, 'feeder', ALL, 3),
      village(`${A}002`, 'feeder', ALL, 4),
      village(`${A}003`, 'bus', ['mon', 'thu'], 10),
      village(`${A}004`, 'unserved', [], null),
      village(`${B}001`, 'feeder', MON_SAT, 5),
      village(`${B}002`, 'feeder', ALL, 6),
      village(`${A}201`, 'feeder', ALL, 2),
    ],
    totals: { vehicles: 3, kmPerWeek: 1000, vehicleHoursPerWeek: 60, costPerWeek: 730, busFeesPerWeek: 30 },
  };
}

const A1 = '630123100001';
const A2 = '630123100002';
const B1 = '630123200001';

const down = (id: string, village: string, atWarehouse: string, deliveredAt: string | null): ActualParcel => ({
  id,
  village,
  direction: 'down',
  atWarehouse,
  deliveredAt,
  pickedUpAt: null,
});
const up = (id: string, village: string, pickedUpAt: string): ActualParcel => ({
  id,
  village,
  direction: 'up',
  atWarehouse: null,
  deliveredAt: null,
  pickedUpAt,
});

/** Scan facts of `tiny` over two weeks, 2026-11-02 to 2026-11-16 (UTC). */
export const tinyActuals: Actuals = {
  from: '2026-11-02T00:00:00Z',
  to: '2026-11-16T00:00:00Z',
  parcels: [
    down('d1', A1, '2026-11-02T02:00:00Z', '2026-11-02T12:00:00Z'), // 10 h
    down('d2', A1, '2026-11-03T02:00:00Z', '2026-11-04T04:00:00Z'), // 26 h
    down('d3', B1, '2026-11-05T00:00:00Z', '2026-11-07T06:00:00Z'), // 54 h
    down('d4', B1, '2026-11-06T00:00:00Z', null), // not delivered: late
    down('d5', A2, '2026-10-30T00:00:00Z', '2026-11-02T01:00:00Z'), // reached the warehouse before the period
    up('u1', A1, '2026-11-02T03:00:00Z'), // local 11-02 11:00
    up('u2', A1, '2026-11-02T05:00:00Z'), // same local day as u1
    up('u3', A1, '2026-11-02T16:30:00Z'), // local 11-03 00:30: another local day
    up('u4', B1, '2026-11-09T03:00:00Z'),
    up('u5', B1, '2026-11-20T03:00:00Z'), // after the period
  ],
};

