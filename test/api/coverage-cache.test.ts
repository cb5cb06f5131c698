/**
 * Coverage served from the cache: a second identical request is a cache hit (counted in
 * `rd_coverage_cache_lookups_total`), and a new timetable, parcel or scan gives a fresh report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgEventRepository, pgIngestRepository, saveTimetable } from '../../src/persistence/index.ts';
import type { ParcelInput } from '../../src/ingest/schema.ts';
import { tinyTimetable } from '../coverage/fixture.ts';
import { startHarness, type Harness } from './harness.ts';

interface Report {
  counties: { timetable: { seed: number } | null; villageRows: { code: string; community: boolean }[]; actual: { parcelsDown: number; delivered: number } | null }[];
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function lookups(): Promise<{ hit: number; miss: number }> {
  const text = (await h.call('GET', '/metrics', { key: h.keys.admin })).text;
  const n = (result: string): number => Number(new RegExp(`^rd_coverage_cache_lookups_total\\{result="${result}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { hit: n('hit'), miss: n('miss') };
}

async function coverage(url: string): Promise<Report> {
  const r = await h.call('GET', url);
  expect(r.status).toBe(200);
  return r.body as Report;
}

describe('coverage cache', () => {
  it('when the same report is asked twice, then the second is a cache hit with the same body; a new timetable is a miss and shows', async () => {
    const before = await lookups();
    const first = await coverage('/v1/coverage?county=630123');
    expect(first.counties[0]!.timetable).toBeNull();
    const second = await coverage('/v1/coverage?county=630123');
    expect(second).toEqual(first);
    const after = await lookups();
    expect(after).toEqual({ hit: before.hit + 1, miss: before.miss + 1 });

    const tt = tinyTimetable();
    await saveTimetable(h.db, tt);
    const third = await coverage('/v1/coverage?county=630123');
    expect(third.counties[0]!.timetable?.seed).toBe(tt.seed);
    expect(await lookups()).toEqual({ hit: after.hit, miss: after.miss + 1 });
    // The CSV of the same query shares the computed report.
    expect((await h.call('GET', '/v1/coverage.csv?county=630123')).status).toBe(200);
    expect((await lookups()).hit).toBe(after.hit + 1);
  });

  it('when a parcel is added and then scanned, then the next report with actuals shows each change', async () => {
    const url = '/v1/coverage?county=630123&from=2026-11-30&to=2026-12-07';
    const empty = await coverage(url);
    expect(empty.counties[0]!.actual?.parcelsDown ?? 0).toBe(0);
    expect((await coverage(url)).counties[0]!.actual?.parcelsDown ?? 0).toBe(0);
    const hits = (await lookups()).hit;

    // A village that is not a community: county figures leave communities to their own group.
    const village = empty.counties[0]!.villageRows.find((r) => !r.community)!.code;
    const p = {
      carrier: 'SF', trackingNo: 'CACHE1', destCode: village, destLon: null, destLat: null, destAddress: null,
      weightKg: 2, volumeL: 10, temperature: 'ambient', readyAt: Date.parse('2026-12-01T06:00:00+08:00'), dueBy: null,
    } as ParcelInput;
    expect(await pgIngestRepository(h.db).insertParcels('630123', [{ p, d: { villageCode: village, resolution: 'code' } }])).toBe(1);
    const m0 = (await lookups()).miss;
    const added = await coverage(url);
    expect(added.counties[0]!.actual).toMatchObject({ parcelsDown: 1, delivered: 0 });
    expect((await lookups()).miss).toBe(m0 + 1);

    const [id] = await pgEventRepository(h.db).findParcelIds([{ carrier: 'SF', trackingNo: 'CACHE1' }]);
    await pgEventRepository(h.db).insertScans([{ parcelId: id!, kind: 'delivered', at: '2026-12-01T10:00:00.000Z', node: village, runId: null }]);
    const scanned = await coverage(url);
    expect(scanned.counties[0]!.actual).toMatchObject({ parcelsDown: 1, delivered: 1 });
    expect((await lookups())).toEqual({ hit: hits, miss: m0 + 2 });
    expect(await coverage(url)).toEqual(scanned);
    expect((await lookups()).hit).toBe(hits + 1);
  });

  it('when a province report is asked twice, then the second is a hit', async () => {
    const a = await coverage('/v1/coverage?province=63');
    const hits = (await lookups()).hit;
    expect(await coverage('/v1/coverage?province=63')).toEqual(a);
    expect((await lookups()).hit).toBe(hits + 1);
  });
});
