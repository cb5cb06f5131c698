/**
 * A tiny hand-made county (630999) and weekly timetable, small enough to check by hand:
 *
 *   W 630999 warehouse ── trunk L-T (T1 100 kg / 1 m3, mon–fri) ──► H1 630999100
 *   H1 ── feeder L-F (F1 40 kg / 0.4 m3, mon–fri, feeds from L-T) ──► V1 上庄, V2 下庄
 *   W ── direct L-D (C1 refrigerated 50 kg / 0.5 m3, mon/wed/fri) ──► V3 河西, V4 上庄 (same name as V1!)
 *   bus trip B1 (10 kg / 0.1 m3) ──► V3 on tue/thu
 *   V5 阳坡村: no service at all. X1 (200 kg / 2 m3, refrigerated) is a spare for extra runs.
 *
 * 2026-11-30 is a Monday, 2026-12-01 a Tuesday.
 */
import type { Dataset, NetworkNode, Vehicle } from '../../src/domain/dataset.ts';
import type { Timetable } from '../../src/domain/timetable.ts';

export const COUNTY = '630999';
export const W = '630999';
export const H1 = '630999100';
export const H2 = '630999101';
export const V1 = '630999100001';
export const V2 = '630999100002';
export const V3 = '630999101001';
export const V4 = '630999101002';
export const V5 = '630999101003';
export const MONDAY = '2026-11-30';
export const TUESDAY = '2026-12-01';

const node = (id: string, kind: NetworkNode['kind'], name: string, parent: string | null, lon: number, lat: number): NetworkNode => ({
  id,
  kind,
  code: id,
  name,
  parent,
  lon,
  lat,
  station: true,
  poor: false,
  community: false,
  open: '08:00',
  close: '18:00',
  synthetic: true,
  estimated: false,
});

export const NODES: NetworkNode[] = [
  node(W, 'county_warehouse', '测试县仓储物流配送中心', null, 101.0, 36.0),
  node(H1, 'township_hub', '东山镇', W, 101.1, 36.0),
  node(H2, 'township_hub', '西川乡', W, 100.9, 36.0),
  node(V1, 'village_point', '上庄村民委员会', H1, 101.12, 36.01),
  node(V2, 'village_point', '下庄村民委员会', H1, 101.14, 36.02),
  node(V3, 'village_point', '河西村民委员会', H2, 100.88, 36.01),
  node(V4, 'village_point', '上庄村民委员会', H2, 100.86, 35.99),
  node(V5, 'village_point', '阳坡村民委员会', H2, 100.8, 36.1),
];

const vehicle = (id: string, depot: string, capacityKg: number, capacityM3: number, refrigerated: boolean): Vehicle => ({
  id,
  depot,
  capacityKg,
  capacityM3,
  refrigerated,
  shiftStart: '07:00',
  shiftEnd: '19:00',
  costPerKm: 2,
  costPerHour: 40,
  fixedCost: 200,
});

export const FLEET: Vehicle[] = [
  vehicle('T1', W, 100, 1, false),
  vehicle('F1', H1, 40, 0.4, false),
  vehicle('C1', W, 50, 0.5, true),
  vehicle('X1', W, 200, 2, true),
];

/** The fixture dataset (as the loader would produce it). */
export function fixtureDataset(): Dataset {
  return {
    slug: '630999-test',
    countyCode: COUNTY,
    name: '测试县',
    boundary: {
      type: 'Polygon',
      coordinates: [[[100.5, 35.5], [101.5, 35.5], [101.5, 36.5], [100.5, 36.5], [100.5, 35.5]]],
    },
    nodes: NODES,
    nodeById: new Map(NODES.map((n) => [n.id, n])),
    warehouseId: W,
    fleet: FLEET,
    bus: {
      stops: [
        { stopId: 'S-W', name: '县汽车站', lon: 101.0, lat: 36.0, nodeId: W },
        { stopId: 'S-V3', name: '河西', lon: 100.88, lat: 36.01, nodeId: V3 },
      ],
      trips: [
        {
          tripId: 'B1',
          routeId: 'R1',
          routeName: '县城—河西',
          serviceId: 'TT',
          weekdays: ['tue', 'thu'],
          cargoKg: 10,
          cargoM3: 0.1,
          feePerParcel: 5,
          stopTimes: [
            { stopId: 'S-W', sequence: 1, arrival: 540, departure: 540 },
            { stopId: 'S-V3', sequence: 2, arrival: 585, departure: 585 },
          ],
        },
      ],
    },
    demand: new Map(),
    travel: { circuity: 1.3, speedKmh: { default: 40 } },
    roads: [],
  };
}

const MON_FRI = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/** The fixture timetable (hand-made; independent of the planner). */
export function fixtureTimetable(): Timetable {
  return {
    county: COUNTY,
    dataset: '630999-test',
    generatedAt: '2026-11-27T00:00:00Z',
    seed: 1,
    settings: {},
    lines: [
      {
        id: 'L-T',
        tier: 'trunk',
        vehicle: 'T1',
        weekdays: MON_FRI,
        stops: [
          { node: W, arrive: '08:00', depart: '08:00' },
          { node: H1, arrive: '08:30', depart: '08:45' },
          { node: W, arrive: '09:15', depart: '09:15' },
        ],
        km: 30,
        minutes: 75,
        loadKg: 60,
        loadM3: 0.6,
      },
      {
        id: 'L-F',
        tier: 'feeder',
        vehicle: 'F1',
        weekdays: MON_FRI,
        feedsFrom: 'L-T',
        stops: [
          { node: H1, arrive: '09:00', depart: '09:00' },
          { node: V1, arrive: '09:20', depart: '09:30' },
          { node: V2, arrive: '09:50', depart: '10:00' },
          { node: H1, arrive: '10:30', depart: '10:30' },
        ],
        km: 12,
        minutes: 90,
        loadKg: 30,
        loadM3: 0.3,
      },
      {
        id: 'L-D',
        tier: 'direct',
        vehicle: 'C1',
        weekdays: ['mon', 'wed', 'fri'],
        stops: [
          { node: W, arrive: '08:00', depart: '08:00' },
          { node: V3, arrive: '08:40', depart: '08:50' },
          { node: V4, arrive: '09:10', depart: '09:20' },
          { node: W, arrive: '10:00', depart: '10:00' },
        ],
        km: 40,
        minutes: 120,
        loadKg: 30,
        loadM3: 0.3,
      },
    ],
    busLegs: [{ tripId: 'B1', node: V3, weekdays: ['tue', 'thu'], kg: 5, m3: 0.05, arrive: '09:45', feePerWeek: 10 }],
    villages: [],
    totals: { vehicles: 3, kmPerWeek: 0, vehicleHoursPerWeek: 0, costPerWeek: 0, busFeesPerWeek: 0 },
  };
}

/** One feed row (JSON form) with sensible defaults; override any column. */
export function row(trackingNo: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    carrier: 'SF',
    tracking_no: trackingNo,
    dest_code: V1,
    weight_kg: 2,
    volume_l: 10,
    temperature: 'ambient',
    ready_at: '2026-11-30T06:00:00+08:00',
    due_by: '2026-12-03T18:00:00+08:00',
    ...over,
  };
}
