/**
 * Draft and active timetables over HTTP (in-process runner, embedded PGlite, short solver budget):
 * the first plan of a county becomes active; a second plan with one setting changed is a draft,
 * the active timetable does not change; the diff lists exactly the villages whose service changed
 * (checked against a comparison of the two timetables read from the API); activating the draft
 * makes it the active one and records who did it and why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Timetable } from '../../src/domain/timetable.ts';
import { createProcessors } from '../../workers/processors.ts';
import { waitFor } from '../helpers/wait.ts';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ processors: (db) => createProcessors({ db }) });
});
afterAll(async () => {
  await h?.close();
});

interface Stored {
  id: string;
  active: boolean;
  activatedBy: string | null;
  activationReason: string | null;
  timetable: Timetable;
}

/** Posts a plan, waits for it to settle and returns the id of the timetable it stored. */
async function plan(json: Record<string, unknown>): Promise<string> {
  const r = await h.call('POST', '/v1/plans', { key: h.keys.operator, json: { county: '630123', seconds: 1, ...json } });
  expect(r.status).toBe(202);
  const { id } = r.body as { id: string };
  const s = await waitFor(async () => {
    const q = await h.queue.get(id);
    return q && ['completed', 'failed', 'cancelled'].includes(q.state) ? q : null;
  }, 'plan to settle');
  expect(s.state).toBe('completed');
  return (s.result as { timetableId: string }).timetableId;
}

const get = async (url: string): Promise<Stored> => {
  const r = await h.call('GET', url, { key: h.keys.operator });
  expect(r.status).toBe(200);
  return r.body as Stored;
};

/** Independent comparison: per village a key of mode, weekdays and every arrival time at it. */
function serviceKeys(t: Timetable): Map<string, string> {
  const times = new Map<string, string[]>();
  const add = (node: string, at: string): void => {
    times.set(node, [...(times.get(node) ?? []), at]);
  };
  t.lines.forEach((l) => l.stops.forEach((s) => s.kind === 'break' || add(s.node, s.arrive)));
  t.busLegs.forEach((b) => b.direction === 'up' || add(b.node, b.arrive));
  return new Map(t.villages.map((v) => [v.code, `${v.mode}|${v.weekdays.join(',')}|${[...new Set(times.get(v.code) ?? [])].sort().join(',')}`]));
}

describe('plan versions: draft, diff, activate', () => {
  it('keeps the first plan active, stores the second as a draft, diffs and activates it', async () => {
    const first = await plan({ seed: 3 });
    const active1 = await get('/v1/counties/630123/timetable');
    expect(active1.id).toBe(first);
    expect(active1.activatedBy).toMatch(/^plan-job:/);

    const second = await plan({ seed: 3, settings: { earliestTrunkDeparture: '09:00' } });
    expect(second).not.toBe(first);
    expect((await get('/v1/counties/630123/timetable')).id).toBe(first);
    const draft = await get(`/v1/timetables/${second}`);
    expect(draft.active).toBe(false);

    const d = await h.call('GET', `/v1/timetables/${second}/diff?against=active`, { key: h.keys.operator });
    expect(d.status).toBe(200);
    const diff = d.body as { from: string; to: string; villages: { code: string }[]; linesAdded: string[]; linesRemoved: string[]; costPerWeek: { before: number; after: number } };
    expect([diff.from, diff.to]).toEqual([first, second]);
    const a = serviceKeys(active1.timetable);
    const b = serviceKeys(draft.timetable);
    const changed = [...new Set([...a.keys(), ...b.keys()])].filter((c) => a.get(c) !== b.get(c)).sort();
    expect(changed.length).toBeGreaterThan(0);
    expect(diff.villages.map((v) => v.code)).toEqual(changed);
    const ids = (t: Timetable) => new Set(t.lines.map((l) => l.id));
    expect(diff.linesAdded).toEqual([...ids(draft.timetable)].filter((x) => !ids(active1.timetable).has(x)).sort());
    expect(diff.linesRemoved).toEqual([...ids(active1.timetable)].filter((x) => !ids(draft.timetable).has(x)).sort());
    expect(diff.costPerWeek).toEqual({ before: active1.timetable.totals.costPerWeek, after: draft.timetable.totals.costPerWeek });
    // The same diff with an explicit id.
    expect((await h.call('GET', `/v1/timetables/${second}/diff?against=${first}`, { key: h.keys.operator })).body).toEqual(diff);

    // Another county's operator does not learn that the id exists; an official may not activate.
    const other = await h.call('POST', `/v1/timetables/${second}/activate`, { key: h.keys.otherOperator, json: { reason: 'x' } });
    expect(other.status).toBe(404);
    expect((await h.call('POST', `/v1/timetables/${second}/activate`, { key: h.keys.official, json: { reason: 'x' } })).status).toBe(403);
    expect((await h.call('POST', `/v1/timetables/${second}/activate`, { key: h.keys.operator, json: {} })).status).toBe(422);

    const act = await h.call('POST', `/v1/timetables/${second}/activate`, { key: h.keys.operator, json: { reason: 'later trunk departure reviewed' } });
    expect(act.status).toBe(200);
    const now = await get('/v1/counties/630123/timetable');
    expect(now.id).toBe(second);
    expect(now.activationReason).toBe('later trunk departure reviewed');
    expect(now.activatedBy).not.toBeNull();
    expect((await get(`/v1/timetables/${first}`)).active).toBe(false);
    const again = await h.call('POST', `/v1/timetables/${second}/activate`, { key: h.keys.operator, json: { reason: 'again' } });
    expect(again.status).toBe(409);
  });
});
