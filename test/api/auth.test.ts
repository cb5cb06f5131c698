/**
 * Access control at the HTTP edge: keys, roles, carriers isolated from each other, officials
 * read-only, rate limit per key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feed, type Harness, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('API access control', () => {
  it('when a request carries no key, then it gets 401 problem+json (health and public coverage excepted)', async () => {
    for (const [m, u] of [
      ['GET', '/v1/plans/plan-timetable-630123-0123456789abcdef'],
      ['POST', '/v1/plans'],
      ['GET', '/v1/runs?county=630123&date=2026-11-27'],
      ['GET', '/v1/parcels/ZTO/1'],
      ['POST', '/v1/parcels?county=630123'],
      ['GET', '/v1/timetables/1'],
      ['GET', '/metrics'],
    ] as const) {
      const r = await h.call(m, u);
      expect(r.status, `${m} ${u}`).toBe(401);
      expect(r.type).toContain('application/problem+json');
      expect(r.body).toMatchObject({ status: 401, code: 'unauthorized' });
    }
    expect((await h.call('GET', '/healthz')).status).toBe(200);
    expect((await h.call('GET', '/v1/counties')).status).toBe(200);
    expect((await h.call('GET', '/v1/coverage?county=630123')).status).toBe(200);
  });

  it('when a key is unknown, then it gets 401 even on public routes', async () => {
    const r = await h.call('GET', '/v1/me', { key: 'rd_' + 'x'.repeat(43) });
    expect(r.status).toBe(401);
    expect((await h.call('GET', '/v1/counties', { key: 'rd_' + 'y'.repeat(43) })).status).toBe(401);
  });

  it("when a carrier asks for another carrier's parcel, then it gets the same 404 as for a parcel that does not exist", async () => {
    const ingest = await h.call('POST', '/v1/parcels?county=630123', { key: h.keys.carrierA, json: feed(undefined, ['ZT-1', 'ZT-2']) });
    expect(ingest.status).toBe(200);
    expect(ingest.body).toMatchObject({ accepted: 2, rejected: [] });
    const own = await h.call('GET', '/v1/parcels/ZTO/ZT-1', { key: h.keys.carrierA });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ carrier: 'ZTO', trackingNo: 'ZT-1' });
    const other = await h.call('GET', '/v1/parcels/ZTO/ZT-1', { key: h.keys.carrierB });
    const missing = await h.call('GET', '/v1/parcels/ZTO/NO-SUCH', { key: h.keys.carrierB });
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    // Same shape and wording apart from the id: nothing tells "exists" from "does not".
    const strip = (b: unknown) => JSON.stringify({ ...(b as object), detail: null, instance: null, requestId: null });
    expect(strip(other.body)).toBe(strip(missing.body));
    expect((other.body as { detail: string }).detail).toBe('parcel ZTO/ZT-1 not found');
    // The county's operator sees it; another county's operator does not.
    expect((await h.call('GET', '/v1/parcels/ZTO/ZT-1', { key: h.keys.operator })).status).toBe(200);
    expect((await h.call('GET', '/v1/parcels/ZTO/ZT-1', { key: h.keys.otherOperator })).status).toBe(404);
  });

  it("when a carrier tries to change another carrier's parcel, then nothing of it changes", async () => {
    await h.call('POST', '/v1/parcels?county=630123', { key: h.keys.carrierA, json: feed(undefined, ['ZT-9']) });
    const before = (await h.call('GET', '/v1/parcels/ZTO/ZT-9', { key: h.keys.carrierA })).body as { weightKg: number; version: number };
    // A feed row naming the other carrier is rejected, row and field named.
    const hijack = await h.call('POST', '/v1/parcels?county=630123', {
      key: h.keys.carrierB,
      json: [{ ...feed('ZTO', ['ZT-9'])[0], weight_kg: 99 }],
    });
    expect(hijack.status).toBe(200);
    expect(hijack.body).toMatchObject({ accepted: 0, updated: 0, rejected: [{ row: 1, field: 'carrier' }] });
    // A scan event for it is rejected as not found.
    const scan = await h.call('POST', '/v1/events', {
      key: h.keys.carrierB,
      json: [{ carrier: 'ZTO', trackingNo: 'ZT-9', kind: 'delivered', at: '2026-11-28T10:00:00+08:00' }],
    });
    expect(scan.status).toBe(200);
    expect(scan.body).toEqual({ recorded: 0, duplicates: 0, rejected: [{ row: 1, field: 'trackingNo', reason: 'parcel not found' }] });
    const after = (await h.call('GET', '/v1/parcels/ZTO/ZT-9', { key: h.keys.carrierA })).body as { weightKg: number; version: number; status: string };
    expect(after.weightKg).toBe(before.weightKg);
    expect(after.version).toBe(before.version);
    expect(after.status).not.toBe('delivered');
  });

  it('when an official writes, then it gets 403; reading its county works, another county does not', async () => {
    for (const [m, u, json] of [
      ['POST', '/v1/plans', { county: '630123', seconds: 1 }],
      ['POST', '/v1/dispatch', { county: '630123', date: '2026-11-27' }],
      ['POST', '/v1/parcels?county=630123', feed('ZTO', ['OF-1'])],
      ['PUT', '/v1/counties/630123/schedule', { time: '06:00' }],
      ['POST', '/v1/events', [{ carrier: 'ZTO', trackingNo: 'ZT-1', kind: 'delivered', at: '2026-11-28T10:00:00+08:00' }]],
      ['POST', '/v1/keys', { role: 'carrier', carrier: 'EMS' }],
    ] as const) {
      const r = await h.call(m, u, { key: h.keys.official, json });
      expect(r.status, `${m} ${u}`).toBe(403);
      expect(r.body).toMatchObject({ code: 'forbidden' });
    }
    expect((await h.call('GET', '/v1/runs?county=630123&date=2026-11-27', { key: h.keys.official })).status).toBe(200);
    expect((await h.call('GET', '/v1/runs?county=632223&date=2026-11-27', { key: h.keys.official })).status).toBe(403);
    expect((await h.call('GET', '/v1/runs?county=632223&date=2026-11-27', { key: h.keys.provincial })).status).toBe(200);
  });

  it("when an operator plans another county, then it gets 403; its own county is accepted with 202", async () => {
    const r = await h.call('POST', '/v1/plans', { key: h.keys.otherOperator, json: { county: '630123', seconds: 1 } });
    expect(r.status).toBe(403);
    const ok = await h.call('POST', '/v1/plans', { key: h.keys.operator, json: { county: '630123', seconds: 1, seed: 3 } });
    expect(ok.status).toBe(202);
    const id = (ok.body as { id: string }).id;
    // Another county's operator cannot even see that the job exists.
    expect((await h.call('GET', `/v1/plans/${id}`, { key: h.keys.otherOperator })).status).toBe(404);
    expect((await h.call('GET', `/v1/plans/${id}`, { key: h.keys.official })).status).toBe(200);
  });

  it('when a key exceeds its rate limit, then it gets 429 while other keys still pass', async () => {
    const small = await startHarness({ ratePerMinute: 3 });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await small.call('GET', '/v1/me', { key: small.keys.operator })).status);
      expect(codes).toEqual([200, 200, 200, 429]);
      expect((await small.call('GET', '/v1/me', { key: small.keys.official })).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});
