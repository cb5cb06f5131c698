import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignParcels, type DispatchParcel, type PlannedRun, type ServiceDay, type ServiceOption } from '../../src/dispatch/index.ts';

/** A random service day: up to 5 runs, up to 6 villages with 0–3 options of 1–2 legs, and parcels. */
const scenario = fc
  .record({
    runs: fc.array(fc.record({ kg: fc.integer({ min: 0, max: 50 }), m3: fc.integer({ min: 0, max: 5 }), cold: fc.boolean(), depart: fc.integer({ min: 0, max: 10 }) }), { minLength: 1, maxLength: 5 }),
    villages: fc.array(fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), { maxLength: 3 }), { minLength: 1, maxLength: 6 }),
    parcels: fc.array(
      fc.record({
        village: fc.nat(),
        kg: fc.integer({ min: 1, max: 20 }),
        m3: fc.integer({ min: 1, max: 10 }).map((x) => x / 10),
        temperature: fc.constantFrom('ambient' as const, 'chilled' as const, 'frozen' as const),
        ready: fc.integer({ min: 0, max: 12 }),
        due: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
      }),
      { maxLength: 60 },
    ),
  })
  .map(({ runs, villages, parcels }) => {
    const planned: PlannedRun[] = runs.map((r, i) => ({
      id: `R${i}`,
      kind: 'line',
      lineId: `L${i}`,
      tier: 'direct',
      tripId: null,
      vehicle: `V${i}`,
      refrigerated: r.cold,
      depart: '08:00',
      capacityKg: r.kg,
      capacityM3: r.m3,
      feedsFrom: null,
      stops: [],
    }));
    const options = new Map<string, ServiceOption[]>();
    villages.forEach((opts, v) =>
      options.set(
        `v${v}`,
        opts.map((legs) => ({
          // Distinct runs per option (a feeder and its trunk are different runs).
          legs: [...new Set(legs.map((l) => l % runs.length))].map((l) => ({ runId: `R${l}`, seq: 1 })),
          arrive: '09:00',
          leavesWarehouse: runs[legs[legs.length - 1]! % runs.length]!.depart,
        })),
      ),
    );
    const day: ServiceDay = { date: '2026-11-30', weekday: 'mon', runs: planned, runById: new Map(planned.map((r) => [r.id, r])), options };
    const ps: DispatchParcel[] = parcels.map((p, i) => ({
      id: String(i + 1),
      carrier: 'SF',
      villageCode: `v${p.village % villages.length}`,
      kg: p.kg,
      m3: p.m3,
      temperature: p.temperature,
      readyAt: p.ready,
      dueBy: p.due,
    }));
    return { day, parcels: ps };
  });

describe('assignParcels (property)', () => {
  it('never exceeds a capacity, keeps cold parcels refrigerated, respects readiness, and accounts for every parcel once', () => {
    fc.assert(
      fc.property(scenario, ({ day, parcels }) => {
        const { placed, overflow } = assignParcels(day, parcels);
        const ids = [...placed.map((p) => p.parcel.id), ...overflow.map((o) => o.parcel.id)].sort();
        expect(ids).toEqual(parcels.map((p) => p.id).sort());
        const load = new Map<string, { kg: number; m3: number }>();
        for (const p of placed) {
          const option = day.options.get(p.parcel.villageCode)!.find((o) => o.legs === p.legs)!;
          expect(p.parcel.readyAt).toBeLessThanOrEqual(option.leavesWarehouse);
          for (const leg of p.legs) {
            const run = day.runById.get(leg.runId)!;
            if (p.parcel.temperature !== 'ambient') expect(run.refrigerated).toBe(true);
            const l = load.get(run.id) ?? { kg: 0, m3: 0 };
            l.kg += p.parcel.kg;
            l.m3 += p.parcel.m3;
            load.set(run.id, l);
          }
        }
        for (const [id, l] of load) {
          const run = day.runById.get(id)!;
          expect(l.kg).toBeLessThanOrEqual(run.capacityKg + 1e-9);
          expect(l.m3).toBeLessThanOrEqual(run.capacityM3 + 1e-9);
        }
        for (const o of overflow) expect(o.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });
});
