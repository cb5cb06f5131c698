/**
 * The plan-timetable processor when its job id already stored a timetable (a retry after the write,
 * or the same request again after the in-process runner restarted and forgot the finished job):
 * it answers with the stored timetable's figures and does not plan again. It used to solve again,
 * keep the stored timetable (one per job) and report the discarded plan's lines and cost, so the
 * job result disagreed with the timetable its `timetableId` pointed to.
 * And the dispatch-day processor honours the job's `overflow` policy (next service or extra
 * runs, configurable), which no job, API call or CLI could choose before.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/domain/dataset.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { ingestParcels } from '../../src/ingest/index.ts';
import { type Db, getActiveTimetable, importCounty, openDb, saveTimetable, pgPlanJobRepository, pgIngestRepository } from '../../src/persistence/index.ts';
import { BUNDLED_DATASETS_DIR } from '../../src/queue/datasets.ts';
import { storePlanResult } from '../../src/queue/plan-results.ts';
import type { JobContext, JobProgress } from '../../src/queue/port.ts';
import { createProcessors } from '../../workers/processors.ts';
import { demoTimetable } from '../dashboard/demo-timetable.ts';

let db: Db;
let dataset: Dataset;
beforeAll(async () => {
  db = await openDb({ dataDir: ':memory:', useEnv: false });
  dataset = await loadDataset(path.join(BUNDLED_DATASETS_DIR, '630123-huangyuan'));
  await importCounty(db, dataset);
});
afterAll(async () => {
  await db?.close();
});

function ctx(id: string, progress: JobProgress[]): JobContext {
  return {
    id,
    name: 'plan-timetable',
    attempt: 2,
    createdAt: Date.now(),
    signal: new AbortController().signal,
    progress: async (p) => {
      progress.push(p);
    },
  };
}

describe('plan-timetable processor', () => {
  it('when the job already stored its timetable, then it reports that timetable and does not plan again', async () => {
    const stored = demoTimetable(dataset);
    const jobId = 'plan-timetable-630123-00000000000000aa';
    const { timetableId } = await storePlanResult(pgPlanJobRepository(db), jobId, 1, stored);
    const processors = createProcessors({
      db,
      solveInThread: false,
      // Planning would need the dataset folder: make that an error the test would see.
      datasets: {
        dirOf: async () => {
          throw new Error('must not plan again');
        },
      } as unknown as NonNullable<Parameters<typeof createProcessors>[0]['datasets']>,
    });
    const progress: JobProgress[] = [];
    const result = await processors['plan-timetable']({ county: '630123', settings: {}, seed: 1, seconds: 1 }, ctx(jobId, progress));
    const served = stored.villages.filter((v) => v.mode !== 'unserved').length;
    expect(result).toEqual({
      timetableId,
      county: '630123',
      lines: stored.lines.length,
      villagesServed: served,
      villagesUnserved: stored.villages.length - served,
      costPerWeek: stored.totals.costPerWeek,
    });
    expect(progress.at(-1)).toMatchObject({ percent: 100, phase: 'done' });
    const n = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM timetables WHERE county = '630123'");
    expect(n.rows[0]?.n).toBe(1);
  });

  it('when a dispatch job asks for extra runs, then what today\'s runs cannot take goes on extra runs; by default it waits', async () => {
    // The demo lines run vehicles that are not in the county's fleet: they carry nothing, so every
    // parcel on them overflows with cause `capacity`, and the real fleet is free for extra runs.
    await saveTimetable(db, demoTimetable(dataset), { activate: true });
    const village = demoTimetable(dataset).villages.find((v) => v.mode === 'feeder' && v.weekdays.includes('mon'))!.code;
    const rows = ['QA-X1', 'QA-X2'].map((t) => ({ carrier: 'QA', tracking_no: t, dest_code: village, weight_kg: 2, volume_l: 5, temperature: 'ambient', ready_at: '2026-11-30T05:00:00+08:00' }));
    await ingestParcels(pgIngestRepository(db), { county: '630123', carrier: 'QA', format: 'json', body: rows });
    const processors = createProcessors({ db, solveInThread: false });
    const run = (overflow?: 'extra-run' | 'next-service') =>
      processors['dispatch-day']({ county: '630123', date: '2026-11-30', ...(overflow ? { overflow } : {}) }, { ...ctx('dispatch-day-630123-x', []), name: 'dispatch-day' });
    const waiting = await run();
    expect(waiting).toMatchObject({ overflow: 'next-service', extraRuns: 0, assigned: 0, deferred: 2 });
    const extra = await run('extra-run');
    expect(extra).toMatchObject({ overflow: 'extra-run', assigned: 2, deferred: 0 });
    expect(extra.extraRuns).toBeGreaterThan(0);
  });

  it('when a plan job finishes, then its timetable is a draft unless autoActivate is set and it is not worse', async () => {
    // An active timetable that serves no village: any real plan is better.
    const worse = demoTimetable(dataset);
    const none = { ...worse, villages: worse.villages.map((v) => ({ ...v, mode: 'unserved' as const })) };
    const activeId = await saveTimetable(db, none, { activate: true });
    const processors = createProcessors({ db, solveInThread: false });
    const draft = await processors['plan-timetable']({ county: '630123', settings: {}, seed: 7, seconds: 0.5 }, ctx('plan-timetable-630123-draft', []));
    expect(draft.villagesServed).toBeGreaterThan(0);
    expect((await getActiveTimetable(db, '630123'))?.id).toBe(activeId);
    const auto = await processors['plan-timetable'](
      { county: '630123', settings: {}, seed: 7, seconds: 0.5, autoActivate: true },
      ctx('plan-timetable-630123-auto', []),
    );
    const active = await getActiveTimetable(db, '630123');
    expect(active?.id).toBe(auto.timetableId);
    expect(active?.activatedBy).toBe('plan-job:plan-timetable-630123-auto');
    // And a plan that serves fewer villages than the active one stays a draft even with autoActivate.
    const all = { ...worse, villages: worse.villages.map((v) => ({ ...v, mode: 'feeder' as const })), totals: { ...worse.totals, costPerWeek: 0 } };
    const bestId = await saveTimetable(db, all, { activate: true });
    await processors['plan-timetable']({ county: '630123', settings: {}, seed: 8, seconds: 0.5, autoActivate: true }, ctx('plan-timetable-630123-auto2', []));
    expect((await getActiveTimetable(db, '630123'))?.id).toBe(bestId);
  });
});
