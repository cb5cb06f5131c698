/**
 * End to end through HTTP with the real processors on the in-process runner (embedded PGlite):
 * plan a county (solver in a worker thread), follow it over SSE, read the stored timetable as JSON
 * and GeoJSON, ingest parcels, dispatch the day, read runs and the manifest in three formats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessors } from '../../workers/processors.ts';
import { feed, type Harness, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ processors: (db) => createProcessors({ db }) });
});
afterAll(async () => {
  await h?.close();
});

/** Reads an SSE stream to its end and returns the events. */
async function sse(url: string, key: string): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((b) => b.startsWith('event:'))
    .map((b) => {
      const [e, d] = b.split('\n');
      return { event: e!.slice('event: '.length), data: JSON.parse(d!.slice('data: '.length)) as Record<string, unknown> };
    });
}

describe('plans, timetables and dispatch over HTTP', () => {
  let timetableId = '';

  it('when an operator posts a plan, then it is planned once, progress streams over SSE and the timetable is stored', async () => {
    const body = { county: '630123', seconds: 2, seed: 11 };
    const r = await h.call('POST', '/v1/plans', { key: h.keys.operator, json: body });
    expect(r.status).toBe(202);
    const { id } = r.body as { id: string };
    const events = await sse(`${h.base}/v1/plans/${id}/events`, h.keys.operator);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('status');
    expect(names).toContain('completed');
    expect(names.at(-1)).toBe('status');
    expect(events.at(-1)!.data).toMatchObject({ state: 'completed', progress: { percent: 100 } });
    const status = (await h.call('GET', `/v1/plans/${id}`, { key: h.keys.operator })).body as {
      state: string;
      result: { timetableId: string; lines: number; villagesServed: number };
    };
    expect(status.state).toBe('completed');
    expect(status.result.lines).toBeGreaterThan(0);
    timetableId = status.result.timetableId;
    // The same request again: same job, no second timetable.
    const again = await h.call('POST', '/v1/plans', { key: h.keys.operator, json: body });
    expect(again.body).toMatchObject({ id, created: false, state: 'completed' });
    const n = await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM timetables WHERE county = '630123'");
    expect(n.rows[0]?.n).toBe(1);
  });

  it('when the timetable is read, then JSON and GeoJSON describe the same lines', async () => {
    const json = await h.call('GET', `/v1/timetables/${timetableId}`, { key: h.keys.official });
    expect(json.status).toBe(200);
    const t = (json.body as { timetable: { lines: { id: string }[]; villages: unknown[] } }).timetable;
    const geo = await h.call('GET', `/v1/timetables/${timetableId}?format=geojson`, { key: h.keys.official });
    expect(geo.type).toContain('application/geo+json');
    const features = (geo.body as { features: { geometry: { type: string }; properties: { layer: string; id?: string } }[] }).features;
    expect(features.filter((f) => f.properties.layer === 'line').map((f) => f.properties.id).sort()).toEqual(t.lines.map((l) => l.id).sort());
    expect(features.filter((f) => f.properties.layer === 'village')).toHaveLength(t.villages.length);
    // The county's active timetable is the new one.
    const active = await h.call('GET', '/v1/counties/630123/timetable', { key: h.keys.official });
    expect(active.body).toMatchObject({ id: timetableId, active: true });
    expect((await h.call('GET', '/v1/counties/632223/timetable', { key: h.keys.otherOperator })).status).toBe(404);
    // A carrier has no business with timetables; another county's official neither.
    expect((await h.call('GET', `/v1/timetables/${timetableId}`, { key: h.keys.carrierA })).status).toBe(404);
  });

  it('when parcels are ingested and the day dispatched, then runs and manifests list them', async () => {
    // Two villages the new timetable serves on Friday 2026-11-27 by a line.
    const t = ((await h.call('GET', `/v1/timetables/${timetableId}`, { key: h.keys.operator })).body as {
      timetable: { villages: { code: string; mode: string; weekdays: string[] }[] };
    }).timetable;
    const [v1, v2] = t.villages.filter((v) => v.weekdays.includes('fri') && (v.mode === 'feeder' || v.mode === 'direct')).map((v) => v.code);
    expect(v1 && v2).toBeTruthy();
    const ingest = await h.call('POST', '/v1/parcels?county=630123', {
      key: h.keys.carrierB,
      body: `tracking_no,dest_code,weight_kg,volume_l,temperature,ready_at\nYT-1,${v1},2,5,ambient,2026-11-27T07:00:00+08:00\nYT-2,${v2},3,6,ambient,2026-11-27T07:00:00+08:00\nYT-3,${v2},-1,6,ambient,2026-11-27T07:00:00+08:00\n`,
      type: 'text/csv',
    });
    expect(ingest.status).toBe(200);
    expect(ingest.body).toMatchObject({ accepted: 2, rejected: [{ row: 3, field: 'weight_kg' }] });
    await h.call('POST', '/v1/parcels?county=630123', { key: h.keys.carrierA, json: feed(undefined, ['ZT-D1']).map((r) => ({ ...r, dest_code: v1 })) });
    const cons = await h.call('GET', '/v1/consolidation?county=630123&date=2026-11-27', { key: h.keys.operator });
    expect(cons.status).toBe(200);
    const shipped = (cons.body as { shipments: { parcels: number }[] }).shipments.reduce((n, s) => n + s.parcels, 0);
    expect(shipped).toBe(3);

    const d = await h.call('POST', '/v1/dispatch?wait=true', { key: h.keys.operator, json: { county: '630123', date: '2026-11-27' } });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ county: '630123', date: '2026-11-27', parcels: 3 });
    const result = d.body as { assigned: number; deferred: number; runs: number };
    // Every parcel is either on a run or deferred with a reason (the dispatch rules are tested in test/dispatch).
    expect(result.assigned + result.deferred).toBe(3);
    expect(result.runs).toBeGreaterThan(0);
    const runs = (await h.call('GET', '/v1/runs?county=630123&date=2026-11-27', { key: h.keys.operator })).body as {
      runs: { id: string; parcels: number }[];
    };
    // Posting the same day again is the same (completed) job; ?rerun=true dispatches it again.
    const same = await h.call('POST', '/v1/dispatch', { key: h.keys.operator, json: { county: '630123', date: '2026-11-27' } });
    expect(same.status).toBe(202);
    expect(same.body).toMatchObject({ created: false, state: 'completed' });
    const rerun = await h.call('POST', '/v1/dispatch?rerun=true&wait=true', { key: h.keys.operator, json: { county: '630123', date: '2026-11-27' } });
    expect(rerun.status).toBe(200);
    expect(rerun.body).toMatchObject({ parcels: 3, assigned: result.assigned });
    expect(runs.runs.length).toBe(result.runs);
    expect(runs.runs.reduce((n, r) => n + r.parcels, 0)).toBe(result.assigned);
    const loaded = [...runs.runs].sort((a, b) => b.parcels - a.parcels);
    const id = encodeURIComponent(loaded[0]!.id);
    const m = await h.call('GET', `/v1/runs/${id}/manifest`, { key: h.keys.operator });
    expect(m.status).toBe(200);
    expect(m.body).toMatchObject({ run: { id: loaded[0]!.id } });
    const csv = await h.call('GET', `/v1/runs/${id}/manifest?format=csv`, { key: h.keys.operator });
    expect(csv.type).toContain('text/csv');
    const html = await h.call('GET', `/v1/runs/${id}/manifest?format=html`, { key: h.keys.operator });
    expect(html.type).toContain('text/html');
    expect(html.text).toContain('<');
    // Another county's operator cannot read it.
    expect((await h.call('GET', `/v1/runs/${id}/manifest`, { key: h.keys.otherOperator })).status).toBe(404);
    // The parcel's carrier sees its dispatch status.
    const p = (await h.call('GET', '/v1/parcels/YTO/YT-1', { key: h.keys.carrierB })).body as { status: string; eta: string | null };
    expect(['assigned', 'deferred']).toContain(p.status);
    if (p.status === 'assigned') expect(p.eta).not.toBeNull();
  });

  it('when coverage is asked for without a key, then JSON, CSV and GeoJSON answer for the planned county', async () => {
    const json = await h.call('GET', '/v1/coverage?county=630123');
    expect(json.status).toBe(200);
    expect(json.body).toHaveProperty('counties');
    const csv = await h.call('GET', '/v1/coverage.csv?county=630123');
    expect(csv.type).toContain('text/csv');
    expect(csv.text.split('\n').length).toBeGreaterThan(2);
    const geo = await h.call('GET', '/v1/coverage?county=630123&format=geojson');
    expect(geo.type).toContain('application/geo+json');
    const missing = await h.call('GET', '/v1/coverage');
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ errors: [{ field: 'county' }] });
  });

  it('when a plan is cancelled while running, then its thread stops and no timetable is stored', async () => {
    const r = await h.call('POST', '/v1/plans', { key: h.keys.otherOperator, json: { county: '632223', seconds: 30, seed: 2 } });
    const { id } = r.body as { id: string };
    const { waitFor } = await import('../helpers/wait.ts');
    await waitFor(async () => ((await h.queue.get(id))?.progress?.percent ?? 0) >= 5, 'solving to start');
    const del = await h.call('DELETE', `/v1/plans/${id}`, { key: h.keys.otherOperator });
    expect(del.status).toBe(200);
    const s = await waitFor(async () => {
      const x = await h.queue.get(id);
      return x && x.state !== 'active' ? x : undefined;
    }, 'the cancel');
    expect(s.state).toBe('cancelled');
    const n = await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM timetables WHERE county = '632223'");
    expect(n.rows[0]?.n).toBe(0);
  });
});
