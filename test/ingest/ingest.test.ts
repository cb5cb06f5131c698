import { expect, it } from 'vitest';
import { ingestParcels, listUnresolvedFor } from './helpers.ts';
import { forEachBackend } from '../persistence/backends.ts';
import { COUNTY, row, V1, V2, V3, V4 } from '../persistence/fixtures.ts';
import { resolveParcel } from '../../src/dispatch/index.ts';
import { NotFoundError } from '../../src/errors.ts';
import { pgIngestRepository, pgParcelRepository } from '../../src/persistence/index.ts';

const count = async (db: import('../../src/persistence/index.ts').Db, sql: string, params: unknown[] = []): Promise<number> =>
  (await db.query<{ n: number }>(sql, params)).rows[0]!.n;

const feed = [row('SF001'), row('SF002', { dest_code: V2 }), row('SF003', { weight_kg: 5.5, temperature: 'chilled' })];

forEachBackend('ingest', (db) => {
  it('stores a JSON feed and reports every row accepted', async () => {
    const r = await ingestParcels(pgIngestRepository(db()), { county: COUNTY, format: 'json', body: JSON.stringify(feed) });
    expect(r).toMatchObject({ rows: 3, accepted: 3, duplicates: 0, updated: 0, rejected: [] });
    expect(await count(db(), `SELECT count(*)::int AS n FROM parcels WHERE status = 'pending'`)).toBe(3);
  });

  it('when the same feed is sent again, then nothing is stored twice', async () => {
    await ingestParcels(pgIngestRepository(db()), { county: COUNTY, format: 'json', body: feed });
    const again = await ingestParcels(pgIngestRepository(db()), { county: COUNTY, format: 'json', body: feed });
    expect(again).toMatchObject({ accepted: 0, duplicates: 3, updated: 0 });
    expect(await count(db(), 'SELECT count(*)::int AS n FROM parcels')).toBe(3);
    expect(await count(db(), 'SELECT count(*)::int AS n FROM parcel_history')).toBe(0);
  });

  it('when a known parcel comes back changed, then it is an update with history, not a duplicate', async () => {
    await ingestParcels(pgIngestRepository(db()), { county: COUNTY, format: 'json', body: feed });
    const changed = [row('SF001', { weight_kg: 3 }), row('SF002', { dest_code: V2 })];
    const r = await ingestParcels(pgIngestRepository(db()), { county: COUNTY, format: 'json', body: changed });
    expect(r).toMatchObject({ accepted: 0, duplicates: 1, updated: 1 });
    const p = await db().query<{ weight_kg: number; version: number }>(`SELECT weight_kg, version FROM parcels WHERE tracking_no = 'SF001'`);
    expect(p.rows[0]).toEqual({ weight_kg: 3, version: 2 });
    const h = await db().query<{ previous: { weight_kg: number }; version: number }>('SELECT previous, version FROM parcel_history');
    expect(h.rows).toHaveLength(1);
    expect(h.rows[0]!.previous.weight_kg).toBe(2);
    expect(h.rows[0]!.version).toBe(1);
  });

  it('treats a key repeated inside one feed as duplicate (same) or update (changed)', async () => {
    const r = await ingestParcels(pgIngestRepository(db()), {
      county: COUNTY,
      format: 'json',
      body: [row('SF010'), row('SF010'), row('SF011'), row('SF011', { volume_l: 20 })],
    });
    expect(r).toMatchObject({ accepted: 2, duplicates: 1, updated: 1 });
    expect(await count(db(), 'SELECT count(*)::int AS n FROM parcels')).toBe(2);
  });

  it('rejects each malformed CSV row with its row number and field, and keeps the valid rows', async () => {
    const csv = [
      'carrier,tracking_no,dest_code,dest_lon,dest_lat,dest_address,weight_kg,volume_l,temperature,ready_at,due_by',
      `YTO,YT1,${V1},,,,2,10,ambient,2026-11-30T06:00,2026-12-02T18:00`,
      `YTO,YT2,${V1},,,,-1,10,ambient,2026-11-30T06:00,`,
      `YTO,YT3,${V1},,,,2,10,warm,2026-11-30T06:00,`,
      `YTO,YT4,12345,,,,2,10,ambient,2026-11-30T06:00,`,
      `YTO,YT5,,101.12,,,2,10,ambient,2026-11-30T06:00,`,
      `YTO,YT6,${V2},,,,2,10,ambient,yesterday,`,
      `YTO,,${V2},,,,2,10,ambient,2026-11-30T06:00,`,
      `YTO,YT8,${V2},,,,2,10,ambient`,
      `YTO,YT9,${V2},,,,2,10,frozen,2026-11-30 07:30,2026-12-01`,
    ].join('\n');
    const r = await ingestParcels(pgIngestRepository(db()), { county: COUNTY, carrier: 'YTO', format: 'csv', body: csv });
    expect(r.accepted).toBe(2);
    const byRow = Object.fromEntries(r.rejected.map((x) => [x.row, x.field]));
    expect(byRow).toEqual({ 2: 'weight_kg', 3: 'temperature', 4: 'dest_code', 5: 'dest_lat', 6: 'ready_at', 7: 'tracking_no', 8: '(row)' });
    expect(r.rejectedRows).toBe(7);
    for (const x of r.rejected) expect(x.reason.length).toBeGreaterThan(3);
    const stored = await db().query<{ tracking_no: string }>('SELECT tracking_no FROM parcels ORDER BY tracking_no');
    expect(stored.rows.map((x) => x.tracking_no)).toEqual(['YT1', 'YT9']);
  });

  it('rejects a row whose carrier differs from the feed carrier', async () => {
    const r = await ingestParcels(pgIngestRepository(db()), { county: COUNTY, carrier: 'SF', format: 'json', body: [row('A1', { carrier: 'ZTO' })] });
    expect(r.rejected).toEqual([{ row: 1, field: 'carrier', reason: expect.stringContaining('SF') }]);
  });

  it('when the batch fails after some rows were written, then none of it is stored', async () => {
    const body = Array.from({ length: 6 }, (_, i) => row(`K${i}`));
    await expect(
      ingestParcels(pgIngestRepository(db()), {
        county: COUNTY,
        format: 'json',
        body,
        chunkSize: 2,
        afterChunk: (written) => {
          if (written >= 4) throw new Error('killed mid-batch');
        },
      }),
    ).rejects.toThrow('killed mid-batch');
    expect(await count(db(), 'SELECT count(*)::int AS n FROM parcels')).toBe(0);
    // The same feed goes through afterwards, whole.
    const ok = await ingestParcels(pgIngestRepository(db()), { county: COUNTY, format: 'json', body, chunkSize: 2 });
    expect(ok.accepted).toBe(6);
  });

  it('when an update batch fails, then the stored parcels keep their previous version', async () => {
    await ingestParcels(pgIngestRepository(db()), { county: COUNTY, format: 'json', body: feed });
    await expect(
      ingestParcels(pgIngestRepository(db()), {
        county: COUNTY,
        format: 'json',
        body: feed.map((f) => ({ ...f, weight_kg: 9 })),
        chunkSize: 1,
        afterChunk: (n) => {
          if (n === 2) throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    expect(await count(db(), 'SELECT count(*)::int AS n FROM parcels WHERE weight_kg = 9')).toBe(0);
    expect(await count(db(), 'SELECT count(*)::int AS n FROM parcel_history')).toBe(0);
  });

  it('resolves by code, by lon/lat, by address text, and keeps the rest as unresolved', async () => {
    const r = await ingestParcels(pgIngestRepository(db()), {
      county: COUNTY,
      format: 'json',
      body: [
        row('R1', { dest_code: V3 }),
        row('R2', { dest_code: undefined, dest_lon: 101.139, dest_lat: 36.021 }),
        row('R3', { dest_code: undefined, dest_address: '测试县西川乡上庄村3社' }),
        row('R4', { dest_code: undefined, dest_address: '青海省测试县东山镇下庄村' }),
        row('R5', { dest_code: undefined, dest_address: '上庄村' }), // two 上庄 villages, no township: ambiguous
        row('R6', { dest_code: undefined, dest_lon: 90.0, dest_lat: 30.0 }), // far outside the county
        row('R7', { dest_code: '630999999999' }), // well-formed but unknown
      ],
    });
    expect(r).toMatchObject({ accepted: 7, unresolved: 3 });
    const got = await db().query<{ tracking_no: string; village_code: string | null; resolution: string | null; status: string }>(
      'SELECT tracking_no, village_code, resolution, status FROM parcels ORDER BY tracking_no',
    );
    expect(got.rows).toEqual([
      { tracking_no: 'R1', village_code: V3, resolution: 'code', status: 'pending' },
      { tracking_no: 'R2', village_code: V2, resolution: 'lonlat', status: 'pending' },
      { tracking_no: 'R3', village_code: V4, resolution: 'address', status: 'pending' },
      { tracking_no: 'R4', village_code: V2, resolution: 'address', status: 'pending' },
      { tracking_no: 'R5', village_code: null, resolution: null, status: 'unresolved' },
      { tracking_no: 'R6', village_code: null, resolution: null, status: 'unresolved' },
      { tracking_no: 'R7', village_code: null, resolution: null, status: 'unresolved' },
    ]);
    const list = await listUnresolvedFor(pgParcelRepository(db()), COUNTY);
    expect(list.total).toBe(3);
    expect(list.parcels.map((p) => p.trackingNo).sort()).toEqual(['R5', 'R6', 'R7']);
    await resolveParcel(pgParcelRepository(db()), 'SF', 'R5', V1);
    expect((await listUnresolvedFor(pgParcelRepository(db()), COUNTY)).total).toBe(2);
  });

  it('fails with NotFoundError for a county that is not imported, storing nothing', async () => {
    await expect(ingestParcels(pgIngestRepository(db()), { county: '111111', format: 'json', body: feed })).rejects.toBeInstanceOf(NotFoundError);
    expect(await count(db(), 'SELECT count(*)::int AS n FROM parcels')).toBe(0);
  });
});
