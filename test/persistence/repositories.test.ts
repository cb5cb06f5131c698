/**
 * The repository conformance suite: one contract for each repository port, run against every
 * adapter - Postgres and PGlite (through forEachBackend) and the in-memory store. An adapter that
 * passes here can stand in for the others behind the use cases.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyRepository } from '../../src/auth/ports.ts';
import { hashKey } from '../../src/auth/keys.ts';
import type { EventRepository } from '../../src/dispatch/ports.ts';
import type { PlanJobRepository } from '../../src/queue/ports.ts';
import type { ConsolidationRepository, DispatchRepository, ManifestRepository, ParcelRepository } from '../../src/dispatch/ports.ts';
import type { ActualsRepository } from '../../src/coverage/ports.ts';
import type { IngestRepository } from '../../src/ingest/ports.ts';
import type { ParcelInput } from '../../src/ingest/schema.ts';
import { serviceDay } from '../../src/dispatch/index.ts';
import {
  pgApiKeyRepository,
  pgActualsRepository,
  pgConsolidationRepository,
  pgParcelRepository,
  pgDispatchRepository,
  pgEventRepository,
  pgIngestRepository,
  pgPlanJobRepository,
  pgManifestRepository,
  getActiveTimetable,
  type Db,
} from '../../src/persistence/index.ts';
import {
  addCounty,
  MemoryStore,
  memoryActualsRepository,
  memoryApiKeyRepository,
  memoryParcelRepository,
  memoryConsolidationRepository,
  memoryDispatchRepository,
  memoryEventRepository,
  memoryIngestRepository,
  memoryPlanJobRepository,
  memoryManifestRepository,
} from '../../src/persistence/memory/index.ts';
import { forEachBackend } from './backends.ts';
import { formatInstant } from '../../src/domain/time.ts';
import { COUNTY, fixtureDataset, fixtureTimetable, MONDAY, V1 } from './fixtures.ts';

/** What the contract needs from a backend: its repositories and a little setup/inspection. */
interface Harness {
  readonly events: EventRepository;
  readonly keys: ApiKeyRepository;
  readonly planJobs: PlanJobRepository;
  readonly ingest: IngestRepository;
  readonly dispatch: DispatchRepository;
  readonly consolidation: ConsolidationRepository;
  readonly parcels: ParcelRepository;
  readonly actuals: ActualsRepository;
  readonly manifests: ManifestRepository;
  addParcel(trackingNo: string, status?: string): Promise<string>;
  statusOf(id: string): Promise<string>;
  eventCount(): Promise<number>;
  activeTimetableSeed(county: string): Promise<number | null>;
}

function pgHarness(db: Db): Harness {
  return {
    events: pgEventRepository(db),
    keys: pgApiKeyRepository(db),
    planJobs: pgPlanJobRepository(db),
    ingest: pgIngestRepository(db),
    dispatch: pgDispatchRepository(db),
    consolidation: pgConsolidationRepository(db),
    parcels: pgParcelRepository(db),
    actuals: pgActualsRepository(db),
    manifests: pgManifestRepository(db),
    async addParcel(trackingNo, status = 'pending') {
      const r = await db.query<{ id: string }>(
        `INSERT INTO parcels (carrier, tracking_no, county, weight_kg, volume_l, temperature, ready_at, status)
         VALUES ('SF', $1, $2, 1, 1, 'ambient', '2026-11-30T00:00:00Z', $3) RETURNING id::text AS id`,
        [trackingNo, COUNTY, status],
      );
      return r.rows[0]!.id;
    },
    async statusOf(id) {
      return (await db.query<{ status: string }>('SELECT status FROM parcels WHERE id = $1::bigint', [id])).rows[0]!.status;
    },
    async eventCount() {
      return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
    },
    async activeTimetableSeed(county) {
      return (await getActiveTimetable(db, county))?.timetable.seed ?? null;
    },
  };
}

function memoryHarness(store: MemoryStore): Harness {
  return {
    events: memoryEventRepository(store),
    keys: memoryApiKeyRepository(store),
    planJobs: memoryPlanJobRepository(store),
    ingest: memoryIngestRepository(store),
    dispatch: memoryDispatchRepository(store),
    consolidation: memoryConsolidationRepository(store),
    parcels: memoryParcelRepository(store),
    actuals: memoryActualsRepository(store),
    manifests: memoryManifestRepository(store),
    async addParcel(trackingNo, status) {
      return store.addParcel({ carrier: 'SF', trackingNo, county: COUNTY, ...(status ? { status } : {}) });
    },
    async statusOf(id) {
      return store.tables.parcels.get(id)!.status;
    },
    async eventCount() {
      return store.tables.events.length;
    },
    async activeTimetableSeed(county) {
      return store.tables.timetables.find((t) => t.county === county && t.active)?.timetable.seed ?? null;
    },
  };
}

const READY = Date.parse('2026-11-30T06:00:00+08:00');
const END_OF_MONDAY = '2026-11-30T16:00:00.000Z';

function parcel(trackingNo: string, over: Partial<ParcelInput> = {}): ParcelInput {
  return {
    carrier: 'SF',
    trackingNo,
    destCode: V1,
    destLon: null,
    destLat: null,
    destAddress: null,
    weightKg: 2,
    volumeL: 10,
    temperature: 'ambient',
    readyAt: READY,
    dueBy: null,
    ...over,
  } as ParcelInput;
}

function contract(h: () => Harness): void {
  it('parcels: status with scans, the unresolved list, manual resolution', async () => {
    await h().ingest.insertParcels(COUNTY, [{ p: parcel('U1'), d: null }, { p: parcel('U2'), d: null }, { p: parcel('P1'), d: { villageCode: V1, resolution: 'code' } }]);
    expect(await h().parcels.countUnresolved(COUNTY)).toBe(2);
    expect((await h().parcels.listUnresolved(COUNTY, 10, 0)).map((p) => [p.trackingNo, p.weightKg, p.readyAt])).toEqual([
      ['U1', 2, formatInstant(READY)],
      ['U2', 2, formatInstant(READY)],
    ]);
    expect((await h().parcels.listUnresolved(COUNTY, 1, 1)).map((p) => p.trackingNo)).toEqual(['U2']);
    const p1 = (await h().parcels.findParcel('SF', 'P1'))!;
    expect(p1).toMatchObject({ county: COUNTY, status: 'pending', villageCode: V1, resolution: 'code', weightKg: 2, readyAt: formatInstant(READY), dueBy: null, version: 1 });
    expect(await h().parcels.findParcel('SF', 'none')).toBeNull();
    await h().events.insertScans([
      { parcelId: p1.id, kind: 'delivered', at: '2026-11-30T09:00:00.000Z', node: V1, runId: null },
      { parcelId: p1.id, kind: 'loaded', at: '2026-11-30T01:00:00.000Z', node: null, runId: 'r' },
    ]);
    expect(await h().parcels.eventsOf(p1.id)).toEqual([
      { kind: 'loaded', at: '2026-11-30T09:00:00+08:00', node: null, runId: 'r' },
      { kind: 'delivered', at: '2026-11-30T17:00:00+08:00', node: V1, runId: null },
    ]);
    expect(await h().parcels.isVillagePoint(COUNTY, V1)).toBe(true);
    expect(await h().parcels.isVillagePoint(COUNTY, COUNTY)).toBe(false);
    await h().parcels.withTransaction(async (tx) => {
      const u = (await tx.lockParcel('SF', 'U1'))!;
      expect(u).toMatchObject({ county: COUNTY, status: 'unresolved' });
      await tx.resolveManually(u.id, V1);
    });
    expect(await h().parcels.findParcel('SF', 'U1')).toMatchObject({ status: 'pending', villageCode: V1, resolution: 'manual' });
    expect(await h().parcels.countUnresolved(COUNTY)).toBe(1);
  });

  it('actuals: parcels ready in the period with their first delivery, and undelivered pick-ups', async () => {
    const d = { villageCode: V1, resolution: 'code' as const };
    await h().ingest.insertParcels(COUNTY, [{ p: parcel('S1'), d }, { p: parcel('S2', { readyAt: Date.parse('2026-12-20T00:00:00Z') }), d }, { p: parcel('S3', { readyAt: Date.parse('2026-10-01T00:00:00Z') }), d }]);
    const [s1, s2, s3] = (await h().events.findParcelIds(['S1', 'S2', 'S3'].map((t) => ({ carrier: 'SF', trackingNo: t })))) as string[];
    await h().events.insertScans([
      { parcelId: s1!, kind: 'delivered', at: '2026-11-30T09:00:00.000Z', node: V1, runId: null },
      { parcelId: s1!, kind: 'delivered', at: '2026-11-30T08:00:00.000Z', node: V1, runId: null },
      { parcelId: s3!, kind: 'picked_up', at: '2026-11-30T05:00:00.000Z', node: 'N9', runId: null },
    ]);
    const facts = await h().actuals.scanFacts(COUNTY, '2026-11-29T16:00:00.000Z', '2026-12-06T16:00:00.000Z');
    expect(facts.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: s1!, villageCode: V1, readyAt: formatInstant(READY), deliveredAt: '2026-11-30T16:00:00+08:00', pickedUpAt: null, pickupNode: null },
        { id: s3!, villageCode: V1, readyAt: '2026-10-01T08:00:00+08:00', deliveredAt: null, pickedUpAt: '2026-11-30T13:00:00+08:00', pickupNode: 'N9' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(facts.some((f) => f.id === s2)).toBe(false);
  });

  it('actuals: the coverage version changes with a new parcel, a scan, a parcel update and a new active timetable, not otherwise', async () => {
    const v0 = await h().actuals.coverageVersion(COUNTY, true);
    const plain0 = await h().actuals.coverageVersion(COUNTY, false);
    expect(await h().actuals.coverageVersion(COUNTY, true)).toBe(v0);
    const d = { villageCode: V1, resolution: 'code' as const };
    await h().ingest.insertParcels(COUNTY, [{ p: parcel('V1'), d }]);
    const v1 = await h().actuals.coverageVersion(COUNTY, true);
    expect(v1).not.toBe(v0);
    expect(await h().actuals.coverageVersion(COUNTY, false)).toBe(plain0);
    const [id] = (await h().events.findParcelIds([{ carrier: 'SF', trackingNo: 'V1' }])) as string[];
    await h().events.insertScans([{ parcelId: id!, kind: 'delivered', at: '2026-11-30T09:00:00.000Z', node: V1, runId: null }]);
    const v2 = await h().actuals.coverageVersion(COUNTY, true);
    expect(v2).not.toBe(v1);
    const locked = (await h().ingest.lockExisting([{ carrier: 'SF', trackingNo: 'V1' }]))[0]!;
    await new Promise((r) => setTimeout(r, 5)); // a later updated_at than the insert's (not a timing assertion)
    await h().ingest.updateParcels(COUNTY, [{ id: locked.id, p: parcel('V1', { readyAt: READY + 3_600_000 }), d, replan: false }]);
    const v3 = await h().actuals.coverageVersion(COUNTY, true);
    expect(v3).not.toBe(v2);
    await h().planJobs.withTransaction(async (tx) => {
      await tx.saveTimetable({ ...fixtureTimetable(), seed: 77 }, { by: 'test', reason: 'a new active timetable' });
    });
    expect(await h().activeTimetableSeed(COUNTY)).toBe(77);
    expect(await h().actuals.coverageVersion(COUNTY, false)).not.toBe(plain0);
    expect(await h().actuals.coverageVersion(COUNTY, true)).not.toBe(v3);
  });

  it('ingest: inserts new parcels once, reads them back locked, updates them with replan', async () => {
    const d = { villageCode: V1, resolution: 'code' as const };
    expect(await h().ingest.insertParcels(COUNTY, [{ p: parcel('I1'), d }, { p: parcel('I2'), d: null }])).toBe(2);
    expect(await h().ingest.insertParcels(COUNTY, [{ p: parcel('I1', { weightKg: 9 }), d }])).toBe(0);
    const rows = await h().ingest.withTransaction((tx) => tx.lockExisting([{ carrier: 'SF', trackingNo: 'I1' }, { carrier: 'SF', trackingNo: 'I2' }, { carrier: 'SF', trackingNo: 'none' }]));
    const i1 = rows.find((r) => r.trackingNo === 'I1')!;
    expect(i1).toMatchObject({ county: COUNTY, weightKg: 2, volumeL: 10, readyAt: READY, dueBy: null, villageCode: V1, destCode: V1 });
    expect(rows.find((r) => r.trackingNo === 'I2')?.villageCode).toBeNull();
    expect(rows).toHaveLength(2);
    await h().ingest.updateParcels(COUNTY, [{ id: i1.id, p: parcel('I1', { weightKg: 3 }), d, replan: true }]);
    expect((await h().ingest.lockExisting([{ carrier: 'SF', trackingNo: 'I1' }]))[0]).toMatchObject({ id: i1.id, weightKg: 3 });
    expect(await h().statusOf(i1.id)).toBe('pending');
    expect(await h().statusOf(rows.find((r) => r.trackingNo === 'I2')!.id)).toBe('unresolved');
  });

  it('dispatch: eligible parcels, a saved plan, and clearing the day', async () => {
    const d = { villageCode: V1, resolution: 'code' as const };
    await h().ingest.insertParcels(COUNTY, [{ p: parcel('E1'), d }, { p: parcel('E2', { readyAt: Date.parse(END_OF_MONDAY) }), d }, { p: parcel('E3'), d: null }]);
    const eligible = await h().dispatch.eligibleParcels(COUNTY, MONDAY, END_OF_MONDAY);
    expect(eligible.map((p) => [p.villageCode, p.kg, p.m3, p.readyAt])).toEqual([[V1, 2, 0.01, READY]]);
    const c = await h().dispatch.loadCounty(COUNTY);
    const day = serviceDay(c, (await h().dispatch.activeTimetable(COUNTY))!, MONDAY);
    const run = day.runs[0]!;
    await h().dispatch.withTransaction(async (tx) => {
      await tx.lockDay(COUNTY, MONDAY);
      await tx.clearDay(COUNTY, MONDAY);
      await tx.savePlan(COUNTY, MONDAY, {
        runs: day.runs,
        items: [{ run: run.id, parcel: eligible[0]!.id, seq: 1 }],
        outcomes: [{ id: eligible[0]!.id, status: 'assigned', runId: run.id, eta: '2026-11-30T02:00:00.000Z', reason: null, until: null }],
        shipments: [{ village: V1, run: run.id, n: 1, kg: 2, m3: 0.01, cold: 0 }],
      });
    });
    expect(await h().statusOf(eligible[0]!.id)).toBe('assigned');
    expect(await h().consolidation.dayDispatched(COUNTY, MONDAY)).toBe(true);
    expect((await h().consolidation.runsOfDay(COUNTY, MONDAY)).map((r) => r.id).sort()).toEqual(day.runs.map((r) => r.id).sort());
    const groups = await h().consolidation.eligibleGroups(COUNTY, MONDAY, END_OF_MONDAY);
    expect(groups).toEqual([{ villageCode: V1, carrier: 'SF', status: 'assigned', runId: run.id, n: 1, kg: 2, m3: 0.01, coldKg: 0, deferUntil: null }]);
    expect(await h().dispatch.countUnresolved(COUNTY)).toBe(1);
    await h().dispatch.clearDay(COUNTY, MONDAY);
    expect(await h().consolidation.dayDispatched(COUNTY, MONDAY)).toBe(false);
    expect(await h().statusOf(eligible[0]!.id)).toBe('pending');
  });


  it('manifests: the runs of a day, one run with its stops and the parcels leaving at each', async () => {
    const d = { villageCode: V1, resolution: 'code' as const };
    await h().ingest.insertParcels(COUNTY, [{ p: parcel('M2', { weightKg: 3 }), d }, { p: parcel('M1'), d }]);
    const eligible = await h().dispatch.eligibleParcels(COUNTY, MONDAY, END_OF_MONDAY);
    const c = await h().dispatch.loadCounty(COUNTY);
    const day = serviceDay(c, (await h().dispatch.activeTimetable(COUNTY))!, MONDAY);
    const run = day.runs[0]!;
    const stop = run.stops[run.stops.length - 1]!;
    await h().dispatch.withTransaction(async (tx) => {
      await tx.savePlan(COUNTY, MONDAY, {
        runs: day.runs,
        items: eligible.map((p) => ({ run: run.id, parcel: p.id, seq: stop.seq })),
        outcomes: eligible.map((p) => ({ id: p.id, status: 'assigned', runId: run.id, eta: '2026-11-30T02:00:00.000Z', reason: null, until: null })),
        shipments: [],
      });
    });
    const runs = await h().manifests.runsOf(COUNTY, MONDAY);
    expect(runs.map((r) => r.id)).toEqual([...day.runs].sort((a, b) => (a.depart < b.depart ? -1 : a.depart > b.depart ? 1 : a.id < b.id ? -1 : 1)).map((r) => r.id));
    expect(await h().manifests.runsOf(COUNTY, '2026-12-01')).toEqual([]);
    const found = (await h().manifests.findRun(run.id))!;
    expect(found).toMatchObject({ id: run.id, county: COUNTY, date: MONDAY, kind: run.kind, depart: run.depart, parcels: 2, loadKg: 5 });
    expect(found.loadM3).toBeCloseTo(0.02, 9);
    expect(await h().manifests.findRun('no-such-run')).toBeNull();
    const stops = await h().manifests.stopsOf(found);
    expect(stops.map((s) => [s.seq, s.node, s.arrive, s.depart])).toEqual(run.stops.map((s) => [s.seq, s.node, s.arrive, s.depart]));
    const names = new Map(fixtureDataset().nodes.map((n) => [n.id, n.name]));
    expect(stops.map((s) => s.name)).toEqual(run.stops.map((s) => names.get(s.node) ?? null));
    const items = await h().manifests.itemsOf(run.id);
    expect(items.map((i) => [i.seq, i.trackingNo, i.weightKg, i.status, i.eta])).toEqual([
      [stop.seq, 'M1', 2, 'assigned', '2026-11-30T10:00:00+08:00'],
      [stop.seq, 'M2', 3, 'assigned', '2026-11-30T10:00:00+08:00'],
    ]);
  });

  it('events: finds parcel ids in input order, null for unknown parcels', async () => {
    const a = await h().addParcel('A1');
    const b = await h().addParcel('B1');
    const ids = await h().events.findParcelIds([
      { carrier: 'SF', trackingNo: 'B1' },
      { carrier: 'SF', trackingNo: 'nope' },
      { carrier: 'SF', trackingNo: 'A1' },
      { carrier: 'YTO', trackingNo: 'A1' },
    ]);
    expect(ids).toEqual([b, null, a, null]);
  });

  it('events: stores a scan once per (parcel, kind, at), whatever the offset of `at`', async () => {
    const a = await h().addParcel('A1');
    const scan = { parcelId: a, kind: 'loaded' as const, at: '2026-11-30T08:00:00.000Z', node: null, runId: null };
    expect(await h().events.insertScans([scan])).toEqual([{ parcelId: a, kind: 'loaded' }]);
    expect(await h().events.insertScans([{ ...scan, at: '2026-11-30T16:00:00+08:00' }, { ...scan, kind: 'delivered' }])).toEqual([
      { parcelId: a, kind: 'delivered' },
    ]);
    expect(await h().eventCount()).toBe(2);
  });

  it('events: status moves forward to the highest rank given and never back', async () => {
    const a = await h().addParcel('A1', 'assigned');
    const b = await h().addParcel('B1', 'delivered');
    await h().events.advanceStatus([
      { parcelId: a, status: 'at_hub' },
      { parcelId: a, status: 'loaded' },
      { parcelId: b, status: 'at_hub' },
    ]);
    expect(await h().statusOf(a)).toBe('at_hub');
    expect(await h().statusOf(b)).toBe('delivered');
    await h().events.advanceStatus([{ parcelId: a, status: 'handed_to_bus' }]);
    expect(await h().statusOf(a)).toBe('at_hub');
  });

  it('events: a transaction that throws leaves nothing behind', async () => {
    const a = await h().addParcel('A1', 'assigned');
    await expect(
      h().events.withTransaction(async (tx) => {
        await tx.insertScans([{ parcelId: a, kind: 'loaded', at: '2026-11-30T08:00:00Z', node: 'n', runId: null }]);
        await tx.advanceStatus([{ parcelId: a, status: 'loaded' }]);
        await tx.withTransaction(async (inner) => inner.advanceStatus([{ parcelId: a, status: 'delivered' }]));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await h().eventCount()).toBe(0);
    expect(await h().statusOf(a)).toBe('assigned');
  });

  it('api keys: finds active keys by hash, revokes once, counts active ones', async () => {
    const h1 = hashKey(`k1-${Math.random()}`);
    const before = await h().keys.countActive();
    const id = await h().keys.insert({ keyHash: h1, keyPrefix: 'rd_abcd', role: 'carrier', county: null, carrier: 'SF', label: 'x' });
    expect(await h().keys.findActiveByHash(h1)).toEqual({ keyId: id, role: 'carrier', county: null, carrier: 'SF' });
    expect(await h().keys.findActiveByHash(hashKey('never stored'))).toBeNull();
    expect(await h().keys.countActive()).toBe(before + 1);
    expect(await h().keys.revoke(id)).toBe(true);
    expect(await h().keys.revoke(id)).toBe(false);
    expect(await h().keys.findActiveByHash(h1)).toBeNull();
    expect(await h().keys.countActive()).toBe(before);
  });

  it('api keys: stores an admin key (no county, no carrier)', async () => {
    const h2 = hashKey(`admin-${Math.random()}`);
    const id = await h().keys.insert({ keyHash: h2, keyPrefix: 'rd_adm1', role: 'admin', county: null, carrier: null, label: null });
    expect(await h().keys.findActiveByHash(h2)).toEqual({ keyId: id, role: 'admin', county: null, carrier: null });
    expect(await h().keys.revoke(id)).toBe(true);
  });

  it('plan jobs: a timetable saved without activation is a draft; the active one stays', async () => {
    const seedBefore = await h().activeTimetableSeed(COUNTY);
    const id = await h().planJobs.saveTimetable({ ...fixtureTimetable(), seed: 43 });
    expect(id).toMatch(/^\d+$/);
    expect(await h().activeTimetableSeed(COUNTY)).toBe(seedBefore);
    expect((await h().planJobs.activeTimetable(COUNTY))?.seed).toBe(seedBefore);
    expect(await h().planJobs.activeTimetable('639999')).toBeNull();
  });

  it('plan jobs: records the timetable of a job, which becomes the active one', async () => {
    const job = `job-${Math.random()}`;
    expect(await h().planJobs.timetableOf(job)).toBeNull();
    const before = await h().planJobs.countForCounty(COUNTY);
    const id = await h().planJobs.withTransaction(async (tx) => {
      await tx.lockJob(job);
      const t = await tx.saveTimetable({ ...fixtureTimetable(), seed: 41 }, { by: `plan-job:${job}`, reason: 'test' });
      await tx.recordJob(job, COUNTY, t, 1);
      return t;
    });
    expect(await h().planJobs.timetableOf(job)).toBe(id);
    expect(await h().planJobs.countForCounty(COUNTY)).toBe(before + 1);
    expect(await h().activeTimetableSeed(COUNTY)).toBe(41);
    expect((await h().planJobs.activeTimetable(COUNTY))?.seed).toBe(41);
  });

  it('plan jobs: a failed transaction stores neither the timetable nor the job', async () => {
    const job = `job-${Math.random()}`;
    const seedBefore = await h().activeTimetableSeed(COUNTY);
    await expect(
      h().planJobs.withTransaction(async (tx) => {
        const t = await tx.saveTimetable({ ...fixtureTimetable(), seed: 99 }, { by: 'test', reason: 'test' });
        await tx.recordJob(job, COUNTY, t, 1);
        throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    expect(await h().planJobs.timetableOf(job)).toBeNull();
    expect(await h().activeTimetableSeed(COUNTY)).toBe(seedBefore);
  });
}

forEachBackend('repository conformance', (db) => contract(() => pgHarness(db())));

describe('repository conformance [memory]', () => {
  let store = new MemoryStore();
  beforeEach(async () => {
    store = new MemoryStore();
    addCounty(store, fixtureDataset());
    await memoryPlanJobRepository(store).saveTimetable(fixtureTimetable(), { by: 'test', reason: 'fixture' });
  });
  contract(() => memoryHarness(store));
});
