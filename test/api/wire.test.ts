/**
 * The wire: one clock and one naming style. Timestamps sent in any offset come back as ISO 8601 in
 * county time (+08:00); a manifest row's ETA and its stop's `arrive` are the same local time; JSON
 * feed rows are camelCase and the snake_case spelling of the previous release is still accepted.
 * Real processors on the in-process runner (embedded PGlite), real HTTP.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countyTimeOn } from '../../src/domain/time.ts';
import { createProcessors } from '../../workers/processors.ts';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ processors: (db) => createProcessors({ db }) });
});
afterAll(async () => {
  await h?.close();
});

const ISO_CST = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

describe('timestamps on the wire', () => {
  it('when ready_at is posted with an offset, then GET returns it in county time with +08:00', async () => {
    const post = await h.call('POST', '/v1/parcels?county=630123', {
      key: h.keys.carrierA,
      json: [
        { trackingNo: 'T-CLOCK-1', destCode: '630123100001', weightKg: 1, volumeL: 2, temperature: 'ambient', readyAt: '2026-12-03T06:00+08:00' },
        // The same instant written in UTC.
        { trackingNo: 'T-CLOCK-2', destCode: '630123100001', weightKg: 1, volumeL: 2, readyAt: '2026-12-02T22:00:00Z', dueBy: '2026-12-04T01:30:00+10:00' },
      ],
    });
    expect(post.status).toBe(200);
    expect(post.body).toMatchObject({ accepted: 2, rejected: [] });
    const one = (await h.call('GET', '/v1/parcels/ZTO/T-CLOCK-1', { key: h.keys.carrierA })).body as Record<string, unknown>;
    expect(one.readyAt).toBe('2026-12-03T06:00:00+08:00');
    const two = (await h.call('GET', '/v1/parcels/ZTO/T-CLOCK-2', { key: h.keys.carrierA })).body as Record<string, unknown>;
    expect(two.readyAt).toBe('2026-12-03T06:00:00+08:00');
    expect(two.dueBy).toBe('2026-12-03T23:30:00+08:00');
  });

  it('when a time is year-0001 nonsense or a day that does not exist, then the row is rejected naming the field and why', async () => {
    const r = await h.call('POST', '/v1/parcels?county=630123', {
      key: h.keys.carrierA,
      json: [
        { trackingNo: 'T-BAD-1', destCode: '630123100001', weightKg: 1, volumeL: 2, readyAt: '0001-01-01T00:00:00Z' },
        { trackingNo: 'T-BAD-2', destCode: '630123100001', weightKg: 1, volumeL: 2, readyAt: '2026-02-30T08:00' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      accepted: 0,
      rejected: [
        { row: 1, field: 'readyAt', reason: expect.stringMatching(/year between 2000 and 2100/) },
        { row: 2, field: 'readyAt', reason: expect.stringMatching(/real calendar date/) },
      ],
    });
  });

  it('when a scan is posted with an offset, then the parcel lists it in county time', async () => {
    const r = await h.call('POST', '/v1/events', {
      key: h.keys.carrierA,
      json: [{ carrier: 'ZTO', trackingNo: 'T-CLOCK-1', kind: 'loaded', at: '2026-12-03T00:30:00Z' }],
    });
    expect(r.body).toMatchObject({ recorded: 1 });
    const p = (await h.call('GET', '/v1/parcels/ZTO/T-CLOCK-1', { key: h.keys.carrierA })).body as { events: { at: string }[] };
    expect(p.events.map((e) => e.at)).toEqual(['2026-12-03T08:30:00+08:00']);
  });
});

describe('deprecated snake_case feed fields', () => {
  it('when a JSON row uses the snake_case names of the previous release, then it is accepted and problems name its spelling', async () => {
    const r = await h.call('POST', '/v1/parcels?county=630123', {
      key: h.keys.carrierA,
      json: [
        { tracking_no: 'T-SNAKE-1', dest_code: '630123100002', weight_kg: 2, volume_l: 3, ready_at: '2026-12-03T07:00' },
        { tracking_no: 'T-SNAKE-2', dest_code: '630123100002', weight_kg: -2, volume_l: 3, ready_at: '2026-12-03T07:00' },
        { trackingNo: 'T-CAMEL-2', destCode: '630123100002', weightKg: -2, volumeL: 3, readyAt: '2026-12-03T07:00' },
        { trackingNo: 'T-BOTH', weightKg: 2, weight_kg: 3, destCode: '630123100002', volumeL: 3, readyAt: '2026-12-03T07:00' },
      ],
    });
    expect(r.body).toMatchObject({
      accepted: 1,
      rejected: [
        { row: 2, field: 'weight_kg' },
        { row: 3, field: 'weightKg' },
        { row: 4, field: 'weightKg', reason: expect.stringMatching(/given twice/) },
      ],
    });
    const p = (await h.call('GET', '/v1/parcels/ZTO/T-SNAKE-1', { key: h.keys.carrierA })).body as Record<string, unknown>;
    expect(p).toMatchObject({ trackingNo: 'T-SNAKE-1', villageCode: '630123100002', weightKg: 2, readyAt: '2026-12-03T07:00:00+08:00' });
    expect(Object.keys(p).filter((k) => k.includes('_'))).toEqual([]);
  });
});

describe('manifest times', () => {
  it('when a day is dispatched, then every parcel row ETA at its village stop is the stop arrival, in JSON and CSV', async () => {
    const plan = await h.call('POST', '/v1/plans', { key: h.keys.operator, json: { county: '630123', seconds: 1, seed: 3 } });
    expect(plan.status).toBe(202);
    const planId = (plan.body as { id: string }).id;
    let status: { state: string; result?: { timetableId: string } } = { state: 'waiting' };
    while (!['completed', 'failed', 'cancelled'].includes(status.state)) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await h.call('GET', `/v1/plans/${planId}`, { key: h.keys.operator })).body as typeof status;
    }
    expect(status.state).toBe('completed');
    const t = ((await h.call('GET', `/v1/timetables/${status.result!.timetableId}`, { key: h.keys.operator })).body as {
      createdAt: string;
      timetable: { generatedAt: string; villages: { code: string; mode: string; weekdays: string[] }[] };
    });
    expect(t.createdAt).toMatch(ISO_CST);
    expect(t.timetable.generatedAt).toMatch(ISO_CST);
    // Thursday 2026-12-03: parcels for villages served that day by a line, ready at 06:00.
    const villages = t.timetable.villages.filter((v) => v.weekdays.includes('thu') && (v.mode === 'feeder' || v.mode === 'direct')).map((v) => v.code);
    expect(villages.length).toBeGreaterThan(0);
    const rows = villages.slice(0, 6).map((v, i) => ({ trackingNo: `T-MAN-${i}`, destCode: v, weightKg: 2, volumeL: 4, readyAt: '2026-12-03T06:00+08:00' }));
    expect((await h.call('POST', '/v1/parcels?county=630123', { key: h.keys.carrierB, json: rows })).body).toMatchObject({ accepted: rows.length });
    const d = await h.call('POST', '/v1/dispatch?wait=true', { key: h.keys.operator, json: { county: '630123', date: '2026-12-03' } });
    expect(d.status).toBe(200);
    const runs = ((await h.call('GET', '/v1/runs?county=630123&date=2026-12-03', { key: h.keys.operator })).body as { runs: { id: string; parcels: number }[] }).runs;
    let checked = 0;
    for (const run of runs.filter((r) => r.parcels > 0)) {
      const id = encodeURIComponent(run.id);
      const m = (await h.call('GET', `/v1/runs/${id}/manifest`, { key: h.keys.operator })).body as {
        run: { date: string };
        stops: { node: string; arrive: string; parcels: { villageCode: string; eta: string | null }[] }[];
      };
      for (const s of m.stops) {
        for (const p of s.parcels) {
          expect(p.eta).toMatch(ISO_CST);
          if (p.villageCode !== s.node) continue; // a trunk leg's hub stop: the ETA is the village arrival, later
          expect(Date.parse(p.eta!)).toBe(countyTimeOn(m.run.date, s.arrive));
          if (s.arrive < '24:00') expect(p.eta!.slice(11, 16)).toBe(s.arrive);
          checked++;
        }
      }
      const csv = parseCsv((await h.call('GET', `/v1/runs/${id}/manifest?format=csv`, { key: h.keys.operator })).text, { bom: true, columns: true }) as Record<string, string>[];
      for (const row of csv) {
        expect(row.eta).toMatch(ISO_CST);
        if (row.village_code === row.stop_node) expect(Date.parse(row.eta!)).toBe(countyTimeOn(row.date!, row.arrive!));
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
