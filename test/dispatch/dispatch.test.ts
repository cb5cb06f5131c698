import { expect, it } from 'vitest';
import type { Db } from '../../src/persistence/index.ts';
import { ingestParcels } from '../../src/ingest/index.ts';
import {
  dispatchDay,
  getConsolidation,
  getManifest,
  getParcelStatus,
  listRuns,
  recordEvents,
  renderManifestCsv,
  renderManifestHtml,
  runId,
} from '../../src/dispatch/index.ts';
import { forEachBackend } from '../persistence/backends.ts';
import { COUNTY, H1, MONDAY, TUESDAY, row, V1, V2, V3, V4, V5 } from '../persistence/fixtures.ts';
import { pgEventRepository, pgDispatchRepository, pgConsolidationRepository, pgIngestRepository, pgParcelRepository, pgManifestRepository } from '../../src/persistence/index.ts';

const ingest = (db: Db, rows: Record<string, unknown>[]) => ingestParcels(pgIngestRepository(db), { county: COUNTY, format: 'json', body: rows });

/** Invariants that must hold after any dispatch. */
async function checkInvariants(db: Db): Promise<void> {
  // No run over capacity, and run totals equal the sum of their manifest items.
  const runs = await db.query<{ id: string; load_kg: number; load_m3: number; capacity_kg: number; capacity_m3: number; kg: number; n: number; parcels: number }>(
    `SELECT r.id, r.load_kg, r.load_m3, r.capacity_kg, r.capacity_m3, r.parcels,
            coalesce(sum(p.weight_kg), 0) AS kg, count(p.id)::int AS n
     FROM runs r LEFT JOIN manifest_items m ON m.run_id = r.id LEFT JOIN parcels p ON p.id = m.parcel_id
     GROUP BY r.id`,
  );
  for (const r of runs.rows) {
    expect(r.load_kg, r.id).toBeLessThanOrEqual(r.capacity_kg + 1e-9);
    expect(r.load_m3, r.id).toBeLessThanOrEqual(r.capacity_m3 + 1e-9);
    expect(r.load_kg).toBeCloseTo(r.kg, 6);
    expect(r.parcels).toBe(r.n);
  }
  // Chilled/frozen parcels only on refrigerated runs.
  const warm = await db.query(
    `SELECT 1 FROM manifest_items m JOIN parcels p ON p.id = m.parcel_id JOIN runs r ON r.id = m.run_id
     WHERE p.temperature <> 'ambient' AND NOT r.refrigerated`,
  );
  expect(warm.rowCount).toBe(0);
  // Every parcel: on a manifest, deferred with a reason, unresolved, or not yet due (pending).
  const bad = await db.query<{ tracking_no: string; status: string }>(
    `SELECT p.tracking_no, p.status FROM parcels p
     WHERE NOT (
       (p.status = 'assigned' AND p.eta IS NOT NULL AND EXISTS (SELECT 1 FROM manifest_items m WHERE m.parcel_id = p.id AND m.run_id = p.run_id))
       OR (p.status = 'deferred' AND p.defer_reason IS NOT NULL AND NOT EXISTS (SELECT 1 FROM manifest_items m WHERE m.parcel_id = p.id))
       OR (p.status = 'unresolved' AND p.village_code IS NULL)
       OR (p.status = 'pending'))`,
  );
  expect(bad.rows).toEqual([]);
}

forEachBackend('dispatch', (db) => {
  it('consolidation totals equal the ingested parcels ready by the date, per village and carrier', async () => {
    await ingest(db(), [
      row('A1', { weight_kg: 2 }),
      row('A2', { weight_kg: 3, carrier: 'YTO' }),
      row('A3', { dest_code: V3, weight_kg: 4, temperature: 'chilled' }),
      row('A4', { dest_code: V3, weight_kg: 1 }),
      row('A5', { ready_at: '2026-12-01T06:00:00+08:00' }), // ready the next day: not in Monday's
      row('A6', { dest_code: undefined, dest_address: '无法识别的地址' }), // unresolved
    ]);
    const c = await getConsolidation(pgConsolidationRepository(db()), COUNTY, MONDAY);
    expect(c.totals).toEqual({ parcels: 4, kg: 10, m3: 0.04, villages: 2 });
    expect(c.unresolved).toBe(1);
    const v1 = c.shipments.find((s) => s.villageCode === V1)!;
    expect(v1).toMatchObject({ parcels: 2, kg: 5, byCarrier: { SF: 1, YTO: 1 }, chilledShare: 0, line: 'L-F', run: runId(COUNTY, MONDAY, 'L-F') });
    const v3 = c.shipments.find((s) => s.villageCode === V3)!;
    expect(v3).toMatchObject({ parcels: 2, kg: 5, chilledShare: 0.8, line: 'L-D' });
    // On Tuesday V3 is served by bus only.
    const tue = await getConsolidation(pgConsolidationRepository(db()), COUNTY, TUESDAY);
    expect(tue.totals.parcels).toBe(5);
    expect(tue.shipments.find((s) => s.villageCode === V3)).toMatchObject({ busTrip: 'B1' });
  });

  it('dispatch never exceeds a run capacity; overflow is deferred to the next service with a reason', async () => {
    // 30 × 2 kg = 60 kg for V1, but the feeder F1 takes 40 kg.
    await ingest(db(), Array.from({ length: 30 }, (_, i) => row(`C${String(i).padStart(2, '0')}`, { weight_kg: 2, volume_l: 5 })));
    const r = await dispatchDay(pgDispatchRepository(db()), COUNTY, MONDAY);
    expect(r).toMatchObject({ parcels: 30, assigned: 20, deferred: 10, deferredBy: { capacity: 10 } });
    await checkInvariants(db());
    const feeder = (await listRuns(pgManifestRepository(db()), COUNTY, MONDAY)).find((x) => x.lineId === 'L-F')!;
    expect(feeder).toMatchObject({ loadKg: 40, parcels: 20, capacityKg: 40 });
    const deferred = await getParcelStatus(pgParcelRepository(db()), 'SF', 'C29');
    expect(deferred.status).toBe('deferred');
    expect(deferred.deferReason).toMatch(/capacity: run .*L-F is full \(40 kg\); next service 2026-12-01/);
    expect(deferred.deferUntil).toBe(TUESDAY);
    // Tuesday takes the rest.
    const tue = await dispatchDay(pgDispatchRepository(db()), COUNTY, TUESDAY);
    expect(tue).toMatchObject({ parcels: 10, assigned: 10, deferred: 0 });
    await checkInvariants(db());
  });

  it('puts a feeder village parcel on the trunk manifest (hub stop) and on the feeder manifest (village stop), with an ETA', async () => {
    await ingest(db(), [row('F1'), row('F2', { dest_code: V2 })]);
    await dispatchDay(pgDispatchRepository(db()), COUNTY, MONDAY);
    const trunk = await getManifest(pgManifestRepository(db()), runId(COUNTY, MONDAY, 'L-T'));
    expect(trunk.stops.map((s) => [s.node, s.parcels.length])).toEqual([
      ['630999', 0],
      [H1, 2],
      ['630999', 0],
    ]);
    const feeder = await getManifest(pgManifestRepository(db()), runId(COUNTY, MONDAY, 'L-F'));
    expect(feeder.stops.map((s) => [s.node, s.parcels.map((p) => p.trackingNo)])).toEqual([
      [H1, []],
      [V1, ['F1']],
      [V2, ['F2']],
      [H1, []],
    ]);
    const s = await getParcelStatus(pgParcelRepository(db()), 'SF', 'F2');
    expect(s).toMatchObject({ status: 'assigned', runId: runId(COUNTY, MONDAY, 'L-F'), eta: '2026-11-30T09:50:00+08:00' });
    const csv = renderManifestCsv(feeder);
    expect(csv.trim().split('\n')).toHaveLength(3);
    expect(csv.startsWith('\uFEFFrun_id,')).toBe(true); // BOM: Excel reads the Chinese names as UTF-8
    expect(csv).toContain('F2');
    const html = renderManifestHtml({ ...feeder, stops: [{ ...feeder.stops[1]!, name: '<script>x</script>' }] });
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('when a parcel is ready only after the trunk left, then it waits for the next service', async () => {
    await ingest(db(), [row('L1', { ready_at: '2026-11-30T08:30:00+08:00' }), row('L2')]);
    const r = await dispatchDay(pgDispatchRepository(db()), COUNTY, MONDAY);
    expect(r).toMatchObject({ assigned: 1, deferred: 1, deferredBy: { not_ready: 1 } });
    const l1 = await getParcelStatus(pgParcelRepository(db()), 'SF', 'L1');
    expect(l1).toMatchObject({ status: 'deferred', deferUntil: TUESDAY, eta: '2026-12-01T09:20:00+08:00' });
    await checkInvariants(db());
  });

  it('carries chilled parcels only on refrigerated vehicles', async () => {
    await ingest(db(), [row('K1', { temperature: 'chilled' }), row('K2', { dest_code: V4, temperature: 'frozen' })]);
    const r = await dispatchDay(pgDispatchRepository(db()), COUNTY, MONDAY);
    expect(r).toMatchObject({ assigned: 1, deferred: 1, deferredBy: { needs_refrigeration: 1 } });
    expect((await getParcelStatus(pgParcelRepository(db()), 'SF', 'K2')).runId).toBe(runId(COUNTY, MONDAY, 'L-D'));
    const k1 = await getParcelStatus(pgParcelRepository(db()), 'SF', 'K1');
    expect(k1.status).toBe('deferred');
    expect(k1.deferReason).toMatch(/refrigerated/);
    await checkInvariants(db());
  });

  it('uses the bus trip on a bus day, within the trip cargo capacity', async () => {
    await ingest(db(), Array.from({ length: 4 }, (_, i) => row(`B${i}`, { dest_code: V3, weight_kg: 3, ready_at: '2026-12-01T06:00:00+08:00' })));
    const r = await dispatchDay(pgDispatchRepository(db()), COUNTY, TUESDAY);
    expect(r).toMatchObject({ assigned: 3, deferred: 1 }); // 10 kg of cargo: three 3-kg parcels
    const bus = (await listRuns(pgManifestRepository(db()), COUNTY, TUESDAY)).find((x) => x.kind === 'bus')!;
    expect(bus).toMatchObject({ tripId: 'B1', parcels: 3, loadKg: 9 });
    expect((await getParcelStatus(pgParcelRepository(db()), 'SF', 'B3')).deferUntil).toBe('2026-12-02'); // Wednesday: line L-D
    await checkInvariants(db());
  });

  it('when the same day is dispatched twice, then the plan is replaced, not doubled', async () => {
    await ingest(db(), Array.from({ length: 25 }, (_, i) => row(`D${i}`, { weight_kg: 2 })));
    const first = await dispatchDay(pgDispatchRepository(db()), COUNTY, MONDAY);
    const items1 = (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM manifest_items')).rows[0]!.n;
    const second = await dispatchDay(pgDispatchRepository(db()), COUNTY, MONDAY);
    const items2 = (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM manifest_items')).rows[0]!.n;
    expect(second).toEqual(first);
    expect(items2).toBe(items1);
    expect((await listRuns(pgManifestRepository(db()), COUNTY, MONDAY)).length).toBe(3);
    const ships = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM shipments');
    expect(ships.rows[0]!.n).toBe(2); // V1 on L-F, V1 deferred part
    await checkInvariants(db());
  });

  it('with overflow extra-run, the overflow goes on an extra run planned by the solver, within capacity', async () => {
    await ingest(db(), [
      ...Array.from({ length: 30 }, (_, i) => row(`E${i}`, { weight_kg: 2 })),
      row('E-cold', { dest_code: V2, temperature: 'chilled' }),
      row('E-nowhere', { dest_code: V5 }),
    ]);
    const r = await dispatchDay(pgDispatchRepository(db()), COUNTY, MONDAY, { overflow: 'extra-run', extraRun: { maxIterations: 200, maxSeconds: 5 } });
    expect(r.extraRuns).toBe(1);
    expect(r).toMatchObject({ parcels: 32, assigned: 32, deferred: 0 });
    const extra = (await listRuns(pgManifestRepository(db()), COUNTY, MONDAY)).filter((x) => x.kind === 'extra');
    expect(extra).toHaveLength(1);
    // The chilled parcel needs a refrigerated vehicle; C1 is free after its 10:00 return, X1 all day.
    expect(extra[0]!.refrigerated).toBe(true);
    expect(['C1', 'X1']).toContain(extra[0]!.vehicle);
    if (extra[0]!.vehicle === 'C1') expect(extra[0]!.depart >= '10:30').toBe(true);
    const m = await getManifest(pgManifestRepository(db()), extra[0]!.id);
    expect(new Set(m.stops.slice(1, -1).map((s) => s.node))).toEqual(new Set([V1, V2, V5]));
    await checkInvariants(db());
  });

  it('with overflow extra-run, a village simply not served today waits for its service; a never-served one gets the extra run', async () => {
    const tue = '2026-12-01T06:00:00+08:00';
    await ingest(db(), [row('W4', { dest_code: V4, ready_at: tue }), row('W5', { dest_code: V5, ready_at: tue })]);
    const r = await dispatchDay(pgDispatchRepository(db()), COUNTY, TUESDAY, { overflow: 'extra-run', extraRun: { maxIterations: 200 } });
    expect(r).toMatchObject({ extraRuns: 1, assigned: 1, deferred: 1, deferredBy: { no_service: 1 } });
    expect(await getParcelStatus(pgParcelRepository(db()), 'SF', 'W4')).toMatchObject({ status: 'deferred', deferUntil: '2026-12-02' });
    expect((await getParcelStatus(pgParcelRepository(db()), 'SF', 'W5')).runId).toMatch(/-extra-1$/);
    const c = await getConsolidation(pgConsolidationRepository(db()), COUNTY, TUESDAY);
    expect(c.dispatched).toBe(true);
    expect(c.shipments.find((x) => x.villageCode === V4)).toMatchObject({ parcels: 1, deferred: 1, nextService: '2026-12-02' });
    expect(c.shipments.find((x) => x.villageCode === V5)).toMatchObject({ parcels: 1, deferred: 0, run: expect.stringMatching(/-extra-1$/) });
    await checkInvariants(db());
  });

  it('scan events move the status forward only, are stored once, and reject unknown parcels', async () => {
    await ingest(db(), [row('S1')]);
    await dispatchDay(pgDispatchRepository(db()), COUNTY, MONDAY);
    const r1 = await recordEvents(pgEventRepository(db()), [
      { carrier: 'SF', trackingNo: 'S1', kind: 'loaded', at: '2026-11-30T07:50' },
      { carrier: 'SF', trackingNo: 'S1', kind: 'arrived_at_hub', at: '2026-11-30T08:31' },
      { carrier: 'SF', trackingNo: 'NOPE', kind: 'loaded', at: '2026-11-30T07:50' },
      { carrier: 'SF', trackingNo: 'S1', kind: 'teleported', at: '2026-11-30T07:50' },
    ]);
    expect(r1.recorded).toBe(2);
    expect(r1.rejected.map((x) => [x.row, x.field])).toEqual([
      [3, 'trackingNo'],
      [4, 'kind'],
    ]);
    expect((await getParcelStatus(pgParcelRepository(db()), 'SF', 'S1')).status).toBe('at_hub');
    const r2 = await recordEvents(pgEventRepository(db()), [
      { carrier: 'SF', trackingNo: 'S1', kind: 'loaded', at: '2026-11-30T07:50' }, // duplicate
      { carrier: 'SF', trackingNo: 'S1', kind: 'delivered', at: '2026-11-30T09:25+08:00' },
      { carrier: 'SF', trackingNo: 'S1', kind: 'loaded', at: '2026-11-30T07:55' }, // late scan of an earlier stage
    ]);
    expect(r2).toMatchObject({ recorded: 2, duplicates: 1 });
    const s = await getParcelStatus(pgParcelRepository(db()), 'SF', 'S1');
    expect(s.status).toBe('delivered');
    expect(s.events.map((e) => e.kind)).toEqual(['loaded', 'loaded', 'arrived_at_hub', 'delivered']);
    // A delivered parcel is not in the next day's consolidation nor re-dispatched.
    expect((await getConsolidation(pgConsolidationRepository(db()), COUNTY, TUESDAY)).totals.parcels).toBe(0);
  });

  it('when a parcel on a manifest changes destination, then it leaves the manifest and the run load drops', async () => {
    await ingest(db(), [row('U1', { weight_kg: 5 }), row('U2', { weight_kg: 1 })]);
    await dispatchDay(pgDispatchRepository(db()), COUNTY, MONDAY);
    await ingest(db(), [row('U1', { weight_kg: 5, dest_code: V2 })]);
    const feeder = (await listRuns(pgManifestRepository(db()), COUNTY, MONDAY)).find((x) => x.lineId === 'L-F')!;
    expect(feeder).toMatchObject({ parcels: 1, loadKg: 1 });
    expect((await getParcelStatus(pgParcelRepository(db()), 'SF', 'U1')).status).toBe('pending');
    await checkInvariants(db());
  });
});
