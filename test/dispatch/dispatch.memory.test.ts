/**
 * Ingest, consolidation and dispatch use cases on the in-memory repositories: the hand-made
 * 5-village fixture county, a few parcels, no database. Independent checks: run loads equal the sum
 * of their manifest items and stay within capacity; every parcel is assigned with an ETA, deferred
 * with a reason, unresolved or pending.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { dispatchDay, getConsolidation, runId } from '../../src/dispatch/index.ts';
import { ingestParcels } from '../../src/ingest/index.ts';
import {
  addCounty,
  MemoryStore,
  memoryConsolidationRepository,
  memoryDispatchRepository,
  memoryIngestRepository,
  memoryPlanJobRepository,
} from '../../src/persistence/memory/index.ts';
import { COUNTY, fixtureDataset, fixtureTimetable, MONDAY, row, TUESDAY, V1, V3 } from '../persistence/fixtures.ts';

let store: MemoryStore;

beforeEach(async () => {
  store = new MemoryStore();
  addCounty(store, fixtureDataset());
  await memoryPlanJobRepository(store).saveTimetable(fixtureTimetable(), { by: 'test', reason: 'fixture' });
});

const ingest = (rows: Record<string, unknown>[]) => ingestParcels(memoryIngestRepository(store), { county: COUNTY, format: 'json', body: rows });

function checkInvariants(): void {
  const t = store.tables;
  for (const [id, r] of t.runs) {
    const items = t.manifestItems.filter((m) => m.run === id).map((m) => t.parcels.get(m.parcel)!);
    expect(r.loadKg, id).toBeCloseTo(items.reduce((s, p) => s + p.weightKg, 0), 9);
    expect(r.parcels, id).toBe(items.length);
    expect(r.loadKg, id).toBeLessThanOrEqual(r.run.capacityKg + 1e-9);
    for (const p of items) if (p.temperature !== 'ambient') expect(r.run.refrigerated, `${id} carries ${p.trackingNo}`).toBe(true);
  }
  for (const p of t.parcels.values()) {
    const onManifest = t.manifestItems.some((m) => m.parcel === p.id && m.run === p.runId);
    const ok =
      (p.status === 'assigned' && p.eta !== null && onManifest) ||
      (p.status === 'deferred' && p.deferReason !== null && !t.manifestItems.some((m) => m.parcel === p.id)) ||
      (p.status === 'unresolved' && p.villageCode === null) ||
      p.status === 'pending';
    expect(ok, `${p.trackingNo} ${p.status}`).toBe(true);
  }
}

describe('ingest (in-memory repositories)', () => {
  it('when a feed is ingested twice with one change, then it counts accepted, duplicate and updated rows and keeps history', async () => {
    const first = await ingest([row('A1'), row('A2', { dest_code: undefined, dest_address: '无法识别的地址' }), row('A3', { weight_kg: 'x' })]);
    expect(first).toMatchObject({ rows: 3, accepted: 2, duplicates: 0, updated: 0, unresolved: 1, rejectedRows: 1 });
    expect(first.rejected[0]).toMatchObject({ row: 3, field: 'weight_kg' });
    const again = await ingest([row('A1'), row('A2', { dest_code: V3 })]);
    expect(again).toMatchObject({ accepted: 0, duplicates: 1, updated: 1, unresolved: 0 });
    const a2 = [...store.tables.parcels.values()].find((p) => p.trackingNo === 'A2')!;
    expect(a2).toMatchObject({ status: 'pending', villageCode: V3, version: 2 });
    expect(store.tables.parcelHistory.map((h) => [h.previous.trackingNo, h.version, h.previous.status])).toEqual([['A2', 1, 'unresolved']]);
  });

  it('when a chunk fails mid-feed, then nothing of the feed is stored', async () => {
    await expect(
      ingestParcels(memoryIngestRepository(store), {
        county: COUNTY,
        format: 'json',
        body: [row('B1'), row('B2'), row('B3')],
        chunkSize: 1,
        afterChunk: (n) => {
          if (n === 2) throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    expect(store.tables.parcels.size).toBe(0);
  });
});

describe('consolidation and dispatch (in-memory repositories)', () => {
  it('consolidation totals equal the parcels ready by the date, per village and carrier', async () => {
    await ingest([
      row('A1', { weight_kg: 2 }),
      row('A2', { weight_kg: 3, carrier: 'YTO' }),
      row('A3', { dest_code: V3, weight_kg: 4, temperature: 'chilled' }),
      row('A5', { ready_at: '2026-12-01T06:00:00+08:00' }),
    ]);
    const c = await getConsolidation(memoryConsolidationRepository(store), COUNTY, MONDAY);
    expect(c.totals).toEqual({ parcels: 3, kg: 9, m3: 0.03, villages: 2 });
    expect(c.dispatched).toBe(false);
    expect(c.shipments.find((s) => s.villageCode === V1)).toMatchObject({ parcels: 2, kg: 5, byCarrier: { SF: 1, YTO: 1 }, line: 'L-F' });
    expect(c.shipments.find((s) => s.villageCode === V3)).toMatchObject({ parcels: 1, chilledShare: 1 });
  });

  it('dispatch fills the feeder to capacity, defers the rest with a reason, and re-dispatching replaces the day', async () => {
    // 30 × 2 kg = 60 kg for V1; the feeder takes 40 kg.
    await ingest(Array.from({ length: 30 }, (_, i) => row(`C${String(i).padStart(2, '0')}`, { weight_kg: 2, volume_l: 5 })));
    const r = await dispatchDay(memoryDispatchRepository(store), COUNTY, MONDAY);
    expect(r).toMatchObject({ parcels: 30, assigned: 20, deferred: 10, deferredBy: { capacity: 10 } });
    checkInvariants();
    expect(store.tables.runs.get(runId(COUNTY, MONDAY, 'L-F'))).toMatchObject({ loadKg: 40, parcels: 20 });
    const again = await dispatchDay(memoryDispatchRepository(store), COUNTY, MONDAY);
    expect(again).toEqual(r);
    checkInvariants();
    expect(store.tables.manifestItems.filter((m) => m.run === runId(COUNTY, MONDAY, 'L-F'))).toHaveLength(20);
    const c = await getConsolidation(memoryConsolidationRepository(store), COUNTY, MONDAY);
    expect(c.dispatched).toBe(true);
    expect(c.shipments.find((s) => s.villageCode === V1)).toMatchObject({ parcels: 30, deferred: 10, run: runId(COUNTY, MONDAY, 'L-F') });
    const tue = await dispatchDay(memoryDispatchRepository(store), COUNTY, TUESDAY);
    expect(tue).toMatchObject({ parcels: 10, assigned: 10, deferred: 0 });
    checkInvariants();
  });

  it('when a parcel on a manifest changes size, then it leaves the manifest and the run load drops', async () => {
    await ingest([row('D1', { weight_kg: 2 }), row('D2', { weight_kg: 3 })]);
    await dispatchDay(memoryDispatchRepository(store), COUNTY, MONDAY);
    const feeder = runId(COUNTY, MONDAY, 'L-F');
    expect(store.tables.runs.get(feeder)?.loadKg).toBe(5);
    const r = await ingest([row('D2', { weight_kg: 4 })]);
    expect(r.updated).toBe(1);
    expect(store.tables.runs.get(feeder)).toMatchObject({ loadKg: 2, parcels: 1 });
    expect([...store.tables.parcels.values()].find((p) => p.trackingNo === 'D2')).toMatchObject({ status: 'pending', runId: null, eta: null });
    checkInvariants();
  });
});
