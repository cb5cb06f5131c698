import { describe, expect, it } from 'vitest';
import { assignParcels, type DispatchParcel, type PlannedRun, type ServiceDay } from '../../src/dispatch/index.ts';

const run = (id: string, refrigerated: boolean, capacityKg: number): PlannedRun => ({
  id,
  kind: 'line',
  lineId: id,
  tier: 'direct',
  tripId: null,
  vehicle: id,
  refrigerated,
  depart: '08:00',
  capacityKg,
  capacityM3: 10,
  feedsFrom: null,
  stops: [
    { seq: 0, node: 'W', arrive: '08:00', depart: '08:00' },
    { seq: 1, node: 'V', arrive: refrigerated ? '08:30' : '09:30', depart: '09:40' },
  ],
});

const parcel = (id: string, kg: number, temperature: DispatchParcel['temperature'], dueBy: number): DispatchParcel => ({
  id,
  carrier: 'SF',
  villageCode: 'V',
  kg,
  m3: 0.01,
  temperature,
  readyAt: 0,
  dueBy,
});

/** 2026-11-30 08:00 +08:00: both runs leave the warehouse then. */
const DEPART = Date.parse('2026-11-30T08:00:00+08:00');

/** Village V is served by an early refrigerated run and a later ordinary one, 10 kg each. */
function day(): ServiceDay {
  const runs = [run('COLD', true, 10), run('WARM', false, 10)];
  return {
    date: '2026-11-30',
    weekday: 'mon',
    runs,
    runById: new Map(runs.map((r) => [r.id, r])),
    options: new Map([
      [
        'V',
        [
          { legs: [{ runId: 'COLD', seq: 1 }], arrive: '08:30', leavesWarehouse: DEPART },
          { legs: [{ runId: 'WARM', seq: 1 }], arrive: '09:30', leavesWarehouse: DEPART },
        ],
      ],
    ]),
  };
}

describe('assignParcels', () => {
  it('when an urgent ambient parcel could take the cold run, then it takes the ordinary run and leaves the cold room to chilled parcels', () => {
    const r = assignParcels(day(), [parcel('1', 8, 'ambient', 1), parcel('2', 8, 'chilled', 2)]);
    expect(r.placed.map((p) => [p.parcel.id, p.legs[0]!.runId])).toEqual([
      ['2', 'COLD'],
      ['1', 'WARM'],
    ]);
    expect(r.overflow).toEqual([]);
  });

  it('when the ordinary run is full, then an ambient parcel may ride the refrigerated run', () => {
    const r = assignParcels(day(), [parcel('1', 8, 'ambient', 1), parcel('2', 8, 'ambient', 2)]);
    expect(r.placed.map((p) => p.legs[0]!.runId).sort()).toEqual(['COLD', 'WARM']);
  });

  it('when a parcel is ready only after the runs left, then it is not_ready overflow, not loaded', () => {
    const late = { ...parcel('late', 1, 'ambient', 1), readyAt: DEPART + 60_000 };
    const r = assignParcels(day(), [late, parcel('ok', 1, 'ambient', 1)]);
    expect(r.placed.map((p) => p.parcel.id)).toEqual(['ok']);
    expect(r.overflow.map((o) => [o.parcel.id, o.cause])).toEqual([['late', 'not_ready']]);
  });

  it('takes the most urgent parcels first and reports the rest as capacity overflow', () => {
    const r = assignParcels(day(), [parcel('late', 6, 'chilled', 9), parcel('soon', 6, 'chilled', 1)]);
    expect(r.placed.map((p) => p.parcel.id)).toEqual(['soon']);
    expect(r.overflow.map((o) => [o.parcel.id, o.cause])).toEqual([['late', 'capacity']]);
    expect(r.loads.get('COLD')!.kg).toBe(6);
  });
});
