/** Counties, their network GeoJSON and daily schedule, keys issued by operators, and metrics. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('counties, schedules, keys and metrics', () => {
  it('when the network is asked for, then GeoJSON has the boundary and every node of the county', async () => {
    const list = (await h.call('GET', '/v1/counties')).body as { counties: { code: string; villages: number }[] };
    const hy = list.counties.find((c) => c.code === '630123')!;
    const r = await h.call('GET', '/v1/counties/630123/network', { key: h.keys.operator });
    expect(r.status).toBe(200);
    expect(r.type).toContain('application/geo+json');
    const f = (r.body as { features: { properties: { layer: string } }[] }).features;
    const count = (layer: string) => f.filter((x) => x.properties.layer === layer).length;
    expect(count('boundary')).toBe(1);
    expect(count('county_warehouse')).toBe(1);
    expect(count('village_point')).toBe(hy.villages);
    expect(count('township_hub')).toBeGreaterThan(0);
    expect((await h.call('GET', '/v1/counties/630123/network', { key: h.keys.otherOperator })).status).toBe(403);
  });

  it('when an operator schedules the daily dispatch, then officials see it and it can be removed once', async () => {
    const put = await h.call('PUT', '/v1/counties/630123/schedule', { key: h.keys.operator, json: { time: '06:30' } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ schedules: [{ county: '630123', time: '06:30', timeZone: 'Asia/Shanghai' }] });
    expect((await h.call('GET', '/v1/counties/630123/schedule', { key: h.keys.official })).body).toEqual(put.body);
    const bad = await h.call('PUT', '/v1/counties/630123/schedule', { key: h.keys.operator, json: { time: '6:30' } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ errors: [{ field: 'time' }] });
    expect((await h.call('PUT', '/v1/counties/632223/schedule', { key: h.keys.operator, json: { time: '06:30' } })).status).toBe(403);
    expect((await h.call('DELETE', '/v1/counties/630123/schedule', { key: h.keys.operator })).status).toBe(200);
    expect((await h.call('DELETE', '/v1/counties/630123/schedule', { key: h.keys.operator })).status).toBe(404);
  });

  it('when keys are created, then an admin makes carrier keys that work, and operators are refused keys of other counties and carriers', async () => {
    const r = await h.call('POST', '/v1/keys', { key: h.keys.admin, json: { role: 'carrier', carrier: 'SF' } });
    expect(r.status).toBe(201);
    const { key } = r.body as { key: string };
    expect((await h.call('GET', '/v1/me', { key })).body).toMatchObject({ role: 'carrier', carrier: 'SF', county: null });
    expect((await h.call('POST', '/v1/keys', { key: h.keys.operator, json: { role: 'operator', county: '632223' } })).status).toBe(403);
    expect((await h.call('POST', '/v1/keys', { key: h.keys.operator, json: { role: 'carrier', carrier: 'SF' } })).status).toBe(403);
    const noCarrier = await h.call('POST', '/v1/keys', { key: h.keys.admin, json: { role: 'carrier' } });
    expect(noCarrier.status).toBe(422);
    expect(noCarrier.body).toMatchObject({ errors: [{ field: 'carrier' }] });
    expect((await h.call('POST', '/v1/keys', { key: h.keys.carrierA, json: { role: 'carrier', carrier: 'X' } })).status).toBe(403);
  });

  it('when a parcel cannot be matched to a village, then its operator lists it and resolves it by hand', async () => {
    const ingest = await h.call('POST', '/v1/parcels?county=630123', {
      key: h.keys.carrierA,
      json: [{ tracking_no: 'UN-1', dest_address: 'nowhere in particular', weight_kg: 1, volume_l: 2, temperature: 'ambient', ready_at: '2026-11-27T08:00:00+08:00' }],
    });
    expect(ingest.body).toMatchObject({ accepted: 1, unresolved: 1 });
    const list = await h.call('GET', '/v1/counties/630123/unresolved', { key: h.keys.operator });
    expect(list.body).toMatchObject({ total: 1, parcels: [{ carrier: 'ZTO', trackingNo: 'UN-1' }] });
    expect((await h.call('GET', '/v1/counties/630123/unresolved', { key: h.keys.carrierA })).status).toBe(403);
    const wrong = await h.call('POST', '/v1/parcels/ZTO/UN-1/resolve', { key: h.keys.operator, json: { villageCode: '632223100001' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ errors: [{ field: 'villageCode' }] });
    expect((await h.call('POST', '/v1/parcels/ZTO/UN-1/resolve', { key: h.keys.otherOperator, json: { villageCode: '630123100001' } })).status).toBe(404);
    const ok = await h.call('POST', '/v1/parcels/ZTO/UN-1/resolve', { key: h.keys.operator, json: { villageCode: '630123100001' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'pending', villageCode: '630123100001' });
  });

  it('when metrics are scraped, then request counters carry route patterns; carriers may not scrape', async () => {
    await h.call('GET', '/v1/counties/630123/network', { key: h.keys.operator });
    const m = await h.call('GET', '/metrics', { key: h.keys.official });
    expect(m.status).toBe(200);
    expect(m.text).toMatch(/rd_http_requests_total\{method="GET",route="\/v1\/counties\/:code\/network",status="200"\} \d+/);
    expect(m.text).toContain('rd_process_cpu_seconds_total');
    expect((await h.call('GET', '/metrics', { key: h.keys.carrierA })).status).toBe(403);
  });
});
