/**
 * Regression tests of the access-control findings: one county's key cannot change or see another
 * county's parcels through ingest; who may create which key; the queue board is read-only for
 * operators. Each test reproduces the probe that found the hole (it fails on the code before the
 * fix) and checks the documented answer (docs/security.md).
 */
import type { RequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyGrant, type Principal, requireMayCreateKey } from '../../src/auth/principal.ts';
import { NOT_ACCEPTED } from '../../src/ingest/ingest.ts';
import { feed, type Harness, startHarness } from './harness.ts';

let h: Harness;
const boardHits: string[] = [];
const board = (name: string): RequestHandler => (req, res) => {
  boardHits.push(`${name} ${req.method} ${req.url}`);
  res.json({ board: name });
};
beforeAll(async () => {
  h = await startHarness({ queueBoard: { basePath: '/admin/queues', handler: board('full'), readOnlyHandler: board('read-only') } });
});
afterAll(async () => {
  await h?.close();
});

type Status = { weightKg: number; version: number; county: string; status: string };
const keyCount = async (): Promise<number> => (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys')).rows[0]!.n;

describe('a parcel belongs to its county', () => {
  it("when another county's operator sends a feed row with the parcel's tracking number, then the row is rejected neutrally and nothing of the parcel changes", async () => {
    const own = await h.call('POST', '/v1/parcels', { key: h.keys.operator, json: feed('SF', ['SF-100']) });
    expect(own.body).toMatchObject({ accepted: 1, rejected: [] });
    const before = (await h.call('GET', '/v1/parcels/SF/SF-100', { key: h.keys.operator })).body as Status;
    expect(before.county).toBe('630123');

    // The probe: no ?county, another county's operator key, a heavier parcel.
    const probe = await h.call('POST', '/v1/parcels', { key: h.keys.otherOperator, json: [{ ...feed('SF', ['SF-100'])[0], weight_kg: 99 }] });
    expect(probe.status).toBe(200);
    expect(probe.body).toEqual({
      rows: 1,
      accepted: 0,
      duplicates: 0,
      updated: 0,
      superseded: 0,
      unresolved: 0,
      rejectedRows: 1,
      rejected: [{ row: 1, field: 'trackingNo', reason: NOT_ACCEPTED }],
    });
    // The reply names neither the county the parcel belongs to nor anything stored about it.
    expect(probe.text).not.toContain('630123');
    expect(probe.text).not.toContain(String(before.weightKg));

    const after = (await h.call('GET', '/v1/parcels/SF/SF-100', { key: h.keys.operator })).body as Status;
    expect(after).toMatchObject({ county: '630123', weightKg: before.weightKg, version: before.version, status: before.status });
    expect((await h.call('GET', '/v1/parcels/SF/SF-100', { key: h.keys.otherOperator })).status).toBe(404);
  });

  it('when the row comes as CSV, or from a carrier naming another county, then it is rejected the same way; other rows of the feed are stored', async () => {
    await h.call('POST', '/v1/parcels?county=630123', { key: h.keys.carrierA, json: feed(undefined, ['ZT-300']) });
    const csv = 'carrier,tracking_no,dest_code,weight_kg,volume_l,temperature,ready_at\nZTO,ZT-300,632223100001,5,4,ambient,2026-11-27T08:00:00+08:00\nZTO,ZT-301,632223100001,5,4,ambient,2026-11-27T08:00:00+08:00\n';
    const r = await h.call('POST', '/v1/parcels', { key: h.keys.otherOperator, body: csv, type: 'text/csv' });
    expect(r.body).toMatchObject({ rows: 2, accepted: 1, updated: 0, rejected: [{ row: 1, field: 'tracking_no', reason: NOT_ACCEPTED }] });
    // A carrier cannot move its parcel to another county through a feed either.
    const moved = await h.call('POST', '/v1/parcels?county=632223', { key: h.keys.carrierA, json: [{ ...feed(undefined, ['ZT-300'])[0], dest_code: '632223100001' }] });
    expect(moved.body).toMatchObject({ accepted: 0, updated: 0, rejected: [{ row: 1, field: 'trackingNo', reason: NOT_ACCEPTED }] });
    const p = (await h.call('GET', '/v1/parcels/ZTO/ZT-300', { key: h.keys.carrierA })).body as Status;
    expect(p).toMatchObject({ county: '630123', version: 1 });
    // The new parcel of the same feed is the other county's.
    expect((await h.call('GET', '/v1/parcels/ZTO/ZT-301', { key: h.keys.otherOperator })).body).toMatchObject({ county: '632223' });
  });

  it("when the county's own operator re-sends a changed row, then it is still an update", async () => {
    await h.call('POST', '/v1/parcels', { key: h.keys.operator, json: feed('SF', ['SF-200']) });
    const r = await h.call('POST', '/v1/parcels', { key: h.keys.operator, json: [{ ...feed('SF', ['SF-200'])[0], weight_kg: 7 }] });
    expect(r.body).toMatchObject({ accepted: 0, updated: 1, rejected: [] });
  });
});

describe('who may create which key', () => {
  it('when an operator asks for a carrier key, then it gets 403 and no key is stored', async () => {
    const n = await keyCount();
    const r = await h.call('POST', '/v1/keys', { key: h.keys.operator, json: { role: 'carrier', carrier: 'SF' } });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'forbidden' });
    expect(await keyCount()).toBe(n);
  });

  it('when an operator creates keys, then only operator and official keys of its own county are made', async () => {
    for (const json of [
      { role: 'operator', county: '632223' },
      { role: 'official', county: '632223' },
      { role: 'official' },
      { role: 'admin' },
      { role: 'carrier', carrier: 'ZTO' },
    ]) {
      expect((await h.call('POST', '/v1/keys', { key: h.keys.operator, json })).status, JSON.stringify(json)).toBe(403);
    }
    const official = await h.call('POST', '/v1/keys', { key: h.keys.operator, json: { role: 'official', county: '630123', label: 'county office' } });
    expect(official.status).toBe(201);
    const me = await h.call('GET', '/v1/me', { key: (official.body as { key: string }).key });
    expect(me.body).toMatchObject({ role: 'official', county: '630123', carrier: null });
  });

  it('when an admin creates keys, then any role works, and the new keys act as their role', async () => {
    const carrier = await h.call('POST', '/v1/keys', { key: h.keys.admin, json: { role: 'carrier', carrier: 'SF' } });
    expect(carrier.status).toBe(201);
    expect((await h.call('GET', '/v1/me', { key: (carrier.body as { key: string }).key })).body).toMatchObject({ role: 'carrier', carrier: 'SF', county: null });
    const admin = await h.call('POST', '/v1/keys', { key: h.keys.admin, json: { role: 'admin' } });
    expect(admin.status).toBe(201);
    expect(admin.body).toMatchObject({ role: 'admin', county: null, carrier: null });
    const op = await h.call('POST', '/v1/keys', { key: (admin.body as { key: string }).key, json: { role: 'operator', county: '632223' } });
    expect(op.status).toBe(201);
    expect((await h.call('PUT', '/v1/counties/632223/schedule', { key: (op.body as { key: string }).key, json: { time: '06:30' } })).status).toBe(200);
    const bad = await h.call('POST', '/v1/keys', { key: h.keys.admin, json: { role: 'admin', county: '630123' } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ errors: [{ field: 'county' }] });
  });

  it('when carriers or officials create keys, then they get 403', async () => {
    for (const key of [h.keys.carrierA, h.keys.official, h.keys.provincial]) {
      expect((await h.call('POST', '/v1/keys', { key, json: { role: 'official', county: '630123' } })).status).toBe(403);
    }
  });

  it('the rule, creator by requested key, is the table of docs/security.md', () => {
    const creators: Record<string, Principal> = {
      admin: { keyId: '1', role: 'admin', county: null, carrier: null },
      operator: { keyId: '2', role: 'operator', county: '630123', carrier: null },
      carrier: { keyId: '3', role: 'carrier', county: null, carrier: 'SF' },
      official: { keyId: '4', role: 'official', county: '630123', carrier: null },
      provincial: { keyId: '5', role: 'official', county: null, carrier: null },
    };
    const grants: Record<string, KeyGrant> = {
      admin: { role: 'admin' },
      'operator own': { role: 'operator', county: '630123' },
      'operator other': { role: 'operator', county: '632223' },
      'official own': { role: 'official', county: '630123' },
      'official other': { role: 'official', county: '632223' },
      'official province': { role: 'official', county: null },
      carrier: { role: 'carrier', carrier: 'SF' },
    };
    const allowed = (c: Principal, g: KeyGrant): boolean => {
      try {
        requireMayCreateKey(c, g);
        return true;
      } catch {
        return false;
      }
    };
    const table = Object.fromEntries(
      Object.entries(creators).map(([cn, c]) => [cn, Object.entries(grants).filter(([, g]) => allowed(c, g)).map(([gn]) => gn)]),
    );
    expect(table).toEqual({
      admin: Object.keys(grants),
      operator: ['operator own', 'official own'],
      carrier: [],
      official: [],
      provincial: [],
    });
  });
});

describe('queue board access', () => {
  it('when an operator sends anything but GET to the board, then it gets 403 before the board sees it', async () => {
    boardHits.length = 0;
    const add = await h.call('POST', '/admin/queues/api/queues/rural-dispatch/add', {
      key: h.keys.otherOperator,
      json: { name: 'dispatch-day', data: { county: '630123', date: '2026-11-27' } },
    });
    expect(add.status).toBe(403);
    expect(add.body).toMatchObject({ code: 'forbidden' });
    for (const m of ['PUT', 'DELETE', 'PATCH']) expect((await h.call(m, '/admin/queues/api/queues/pause', { key: h.keys.operator })).status).toBe(403);
    expect(boardHits).toEqual([]);
  });

  it('when an operator reads the board, then it gets the read-only board; an admin gets the full one', async () => {
    boardHits.length = 0;
    expect((await h.call('GET', '/admin/queues/api/queues', { key: h.keys.operator })).body).toEqual({ board: 'read-only' });
    expect((await h.call('POST', '/admin/queues/api/queues/rural-dispatch/add', { key: h.keys.admin, json: {} })).body).toEqual({ board: 'full' });
    expect(boardHits).toEqual(['read-only GET /api/queues', 'full POST /api/queues/rural-dispatch/add']);
  });

  it("when another site's page makes an admin's browser post to the board, then 403 (Origin is not this server)", async () => {
    boardHits.length = 0;
    const host = new URL(h.base).host;
    const evil = await h.call('POST', '/admin/queues/api/queues/rural-dispatch/add', { key: h.keys.admin, json: {}, headers: { origin: 'http://evil.example' } });
    expect(evil.status).toBe(403);
    expect(boardHits).toEqual([]);
    const same = await h.call('POST', '/admin/queues/api/queues/rural-dispatch/add', { key: h.keys.admin, json: {}, headers: { origin: `http://${host}` } });
    expect(same.status).toBe(200);
    expect(boardHits).toEqual(['full POST /api/queues/rural-dispatch/add']);
  });

  it('when a carrier or official opens the board, then 403; without a key 401 with a Basic challenge', async () => {
    for (const key of [h.keys.carrierA, h.keys.official, h.keys.provincial]) expect((await h.call('GET', '/admin/queues', { key })).status).toBe(403);
    const none = await fetch(`${h.base}/admin/queues`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic /);
  });
});
