/**
 * Bad and huge feeds over real HTTP: a body far past the row limit is refused with 413 (bounded
 * issues) while the server keeps answering; NUL bytes, year-0001 times and hexadecimal numbers reject
 * their row (naming row and field) and keep the valid rows; non-UTF-8 bytes are refused with 415
 * unless the charset is declared; unknown keys are rate limited by address.
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FEED_ROWS } from '../../src/ingest/index.ts';
import { feed, startHarness, type Harness } from './harness.ts';

const CSV_HEADER = 'tracking_no,dest_code,dest_address,weight_kg,volume_l,ready_at';
const csvRow = (t: string, o: { address?: string; weight?: string; ready?: string } = {}): string =>
  `${t},630123100001,${o.address ?? ''},${o.weight ?? '2'},4,${o.ready ?? '2026-11-27T08:00:00+08:00'}`;

interface Problem {
  status: number;
  code: string;
  errors?: { field: string; row?: number; reason: string }[];
}
interface Report {
  rows: number;
  accepted: number;
  rejectedRows: number;
  rejected: { row: number; field: string; reason: string }[];
}

describe('feed limits and bad input over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = async (body: string | Uint8Array, type: string): Promise<Response> =>
    fetch(`${h.base}/v1/parcels?carrier=ZTO`, { method: 'POST', headers: { authorization: `Bearer ${h.keys.operator}`, 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });

  it('when a JSON array of ten million zeros is posted, then it is refused with 413 and /healthz answers meanwhile', async () => {
    const body = '[' + '0,'.repeat(10_400_000) + '0]';
    const pending = post(body, 'application/json');
    const health = fetch(`${h.base}/healthz`);
    const [res, hz] = await Promise.all([pending, health]);
    expect(hz.status).toBe(200);
    expect(res.status).toBe(413);
    const p = (await res.json()) as Problem;
    expect(p.code).toBe('payload_too_large');
    expect(p.errors?.length ?? 0).toBeLessThanOrEqual(100);
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
  }, 120_000);

  it('when the same flood comes as CSV, then it is refused with 413 and the server still answers', async () => {
    const body = 'tracking_no\n' + '0\n'.repeat(10_400_000);
    const [res, hz] = await Promise.all([post(body, 'text/csv'), fetch(`${h.base}/healthz`)]);
    expect(hz.status).toBe(200);
    expect(res.status).toBe(413);
    const p = (await res.json()) as Problem;
    expect(p.code).toBe('payload_too_large');
    expect(p.errors?.length ?? 0).toBeLessThanOrEqual(100);
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
  }, 120_000);

  it('when a feed has one row past the row limit, then it is 413 and nothing is stored', async () => {
    const rows = Array.from({ length: MAX_FEED_ROWS + 1 }, () => 0);
    const res = await post(JSON.stringify(rows), 'application/json');
    expect(res.status).toBe(413);
    expect((await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcels')).rows[0]!.n).toBe(0);
  }, 60_000);

  it('when many rows are bad, then the reply lists at most 100 issues and counts every rejected row', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({ tracking_no: `BAD${i}` }));
    const res = await post(JSON.stringify(rows), 'application/json');
    expect(res.status).toBe(200);
    const r = (await res.json()) as Report;
    expect(r.rejectedRows).toBe(150);
    expect(r.rejected.length).toBe(100);
  });

  it('when a JSON field holds a NUL byte, then that row is rejected by row and field and the others are stored', async () => {
    const rows = feed(undefined, ['NULJ1', 'NULJ2']);
    rows[0]!.dest_address = 'a\u0000b';
    const res = await post(JSON.stringify(rows), 'application/json');
    expect(res.status).toBe(200);
    const r = (await res.json()) as Report;
    expect(r.accepted).toBe(1);
    expect(r.rejected).toEqual([{ row: 1, field: 'dest_address', reason: expect.stringContaining('NUL') }]);
  });

  it('when a CSV field holds a NUL byte, then that row is rejected by row and field and the others are stored', async () => {
    const csv = [CSV_HEADER, csvRow('NULC1'), csvRow('NULC2', { address: 'x\u0000y' })].join('\n');
    const res = await post(csv, 'text/csv');
    expect(res.status).toBe(200);
    const r = (await res.json()) as Report;
    expect(r.accepted).toBe(1);
    expect(r.rejected).toEqual([{ row: 2, field: 'dest_address', reason: expect.stringContaining('NUL') }]);
  });

  it('when a feed row is dated year 0001, then that row is rejected naming ready_at and the others are stored', async () => {
    const csv = [CSV_HEADER, csvRow('Y1', { ready: '0001-01-01T00:00:00Z' }), csvRow('Y2')].join('\n');
    const res = await post(csv, 'text/csv');
    expect(res.status).toBe(200);
    const r = (await res.json()) as Report;
    expect(r.accepted).toBe(1);
    expect(r.rejected).toEqual([{ row: 1, field: 'ready_at', reason: expect.stringContaining('year') }]);
  });

  it('when a scan event is dated year 0001, then it is refused as bad input, not a server error', async () => {
    const res = await fetch(`${h.base}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.keys.operator}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ carrier: 'ZTO', trackingNo: 'NONE', kind: 'delivered', at: '0001-01-01T00:00:00Z' }]),
    });
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(await res.json())).toContain('year');
  });

  it('when coverage is asked from year 0001, then it is 422 naming from', async () => {
    const r = await h.call('GET', '/v1/coverage?county=630123&from=0001-01-01&to=2026-01-01');
    expect(r.status).toBe(422);
    expect((r.body as Problem).errors?.map((e) => e.field)).toContain('from');
  });

  it('when a weight is written 0x10, then the row is rejected (not read as 16 kg)', async () => {
    const csv = [CSV_HEADER, csvRow('HEX1', { weight: '0x10' }), csvRow('HEX2', { weight: '1e1' })].join('\n');
    const res = await post(csv, 'text/csv');
    const r = (await res.json()) as Report;
    expect(r.accepted).toBe(0);
    expect(r.rejected.map((i) => [i.row, i.field])).toEqual([
      [1, 'weight_kg'],
      [2, 'weight_kg'],
    ]);
  });

  it('when a GBK file comes without a charset, then it is 415 naming the charset; declared as gbk it is stored readable', async () => {
    const csv = [CSV_HEADER, csvRow('GBK1', { address: '湟源县城关镇' })].join('\n');
    const bytes = iconv.encode(csv, 'gbk');
    const bad = await post(bytes, 'text/csv');
    expect(bad.status).toBe(415);
    const p = (await bad.json()) as Problem;
    expect(p.errors?.[0]?.field).toBe('charset');
    expect((await h.db.query(`SELECT 1 FROM parcels WHERE tracking_no = 'GBK1'`)).rows).toHaveLength(0);

    const ok = await post(bytes, 'text/csv; charset=gbk');
    expect(ok.status).toBe(200);
    const stored = await h.db.query<{ dest_address: string }>(`SELECT dest_address FROM parcels WHERE tracking_no = 'GBK1'`);
    expect(stored.rows[0]?.dest_address).toBe('湟源县城关镇');
  });
});

describe('rate limit before authentication', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ratePerMinute: 3 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('when an address sends unknown keys past the limit, then it gets 429 instead of 401', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await h.call('GET', '/v1/runs?county=630123&date=2026-11-30', { key: `rd_unknown_${i}` })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});
