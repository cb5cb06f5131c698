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
import { pgApiKeyRepository, pgEventRepository, pgPlanJobRepository, getActiveTimetable, type Db } from '../../src/persistence/index.ts';
import { MemoryStore, memoryApiKeyRepository, memoryEventRepository, memoryPlanJobRepository } from '../../src/persistence/memory/index.ts';
import { forEachBackend } from './backends.ts';
import { COUNTY, fixtureTimetable } from './fixtures.ts';

/** What the contract needs from a backend: its repositories and a little setup/inspection. */
interface Harness {
  readonly events: EventRepository;
  readonly keys: ApiKeyRepository;
  readonly planJobs: PlanJobRepository;
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

function contract(h: () => Harness): void {
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

  it('plan jobs: records the timetable of a job, which becomes the active one', async () => {
    const job = `job-${Math.random()}`;
    expect(await h().planJobs.timetableOf(job)).toBeNull();
    const before = await h().planJobs.countForCounty(COUNTY);
    const id = await h().planJobs.withTransaction(async (tx) => {
      await tx.lockJob(job);
      const t = await tx.saveTimetable({ ...fixtureTimetable(), seed: 41 });
      await tx.recordJob(job, COUNTY, t, 1);
      return t;
    });
    expect(await h().planJobs.timetableOf(job)).toBe(id);
    expect(await h().planJobs.countForCounty(COUNTY)).toBe(before + 1);
    expect(await h().activeTimetableSeed(COUNTY)).toBe(41);
  });

  it('plan jobs: a failed transaction stores neither the timetable nor the job', async () => {
    const job = `job-${Math.random()}`;
    const seedBefore = await h().activeTimetableSeed(COUNTY);
    await expect(
      h().planJobs.withTransaction(async (tx) => {
        const t = await tx.saveTimetable({ ...fixtureTimetable(), seed: 99 });
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
  beforeEach(() => {
    store = new MemoryStore();
  });
  contract(() => memoryHarness(store));
});
