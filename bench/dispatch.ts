/**
 * Dispatch time for 20,000 parcels in the demo county (630123, service day Monday 2026-11-30) on
 * embedded PGlite (in memory) and on Postgres (TEST_DATABASE_URL or DATABASE_URL or the default test
 * URL, in a throw-away schema) when reachable. The timetable is planned once with the project's
 * planner (seed 1, 300 iterations per sub-problem) and stored; the parcels (seeded, see
 * scripts/generate-feeds.ts) are ingested untimed. Timed: consolidation, first dispatch
 * (next-service), re-dispatch of the same day (replaces the plan), and dispatch with extra runs.
 *
 *   npm run bench:dispatch
 *   BENCH_PARCELS=5000 npm run bench:dispatch
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../src/domain/load-dataset.ts';
import { loadTravelMatrix } from '../src/network/travel-matrix.ts';
import { planTimetable } from '../src/timetable/index.ts';
import { importCounty, saveTimetable, type Db, pgDispatchRepository, pgConsolidationRepository, pgIngestRepository } from '../src/persistence/index.ts';
import { onEachBackend } from './backends.ts';
import { ingestParcels } from '../src/ingest/index.ts';
import { dispatchDay, getConsolidation } from '../src/dispatch/index.ts';
import type { Timetable } from '../src/domain/timetable.ts';
import type { Dataset } from '../src/domain/dataset.ts';
import { generateFeed } from '../scripts/generate-feeds.ts';

const N = Number(process.env.BENCH_PARCELS ?? 20_000);
const DATE = '2026-11-30';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATASET = path.join(ROOT, 'data/counties/630123-huangyuan');

const seconds = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const out = await fn();
  return [out, +((performance.now() - t) / 1000).toFixed(2)];
};

async function measure(backend: string, db: Db, ds: Dataset, tt: Timetable, rows: Record<string, unknown>[]) {
  await importCounty(db, ds);
  await saveTimetable(db, tt);
  const ing = await ingestParcels(pgIngestRepository(db), { county: ds.countyCode, carrier: 'BENCH', format: 'json', body: rows });
  const [cons, consolidationS] = await seconds(() => getConsolidation(pgConsolidationRepository(db), ds.countyCode, DATE));
  const [first, dispatchS] = await seconds(() => dispatchDay(pgDispatchRepository(db), ds.countyCode, DATE));
  const [again, redispatchS] = await seconds(() => dispatchDay(pgDispatchRepository(db), ds.countyCode, DATE));
  if (JSON.stringify(again) !== JSON.stringify(first)) throw new Error('re-dispatch differs from the first dispatch');
  const [extra, extraS] = await seconds(() =>
    dispatchDay(pgDispatchRepository(db), ds.countyCode, DATE, { overflow: 'extra-run', extraRun: { maxIterations: 300, maxSeconds: 20 } }),
  );
  return {
    backend,
    parcels: N,
    unresolved: ing.unresolved,
    villages: cons.totals.villages,
    consolidationS,
    dispatchS,
    runs: first.runs,
    assigned: first.assigned,
    deferred: first.deferred,
    redispatchS,
    extraRunS: extraS,
    extraRuns: extra.extraRuns,
    extraAssigned: extra.assigned,
  };
}

const ds = await loadDataset(DATASET);
const matrix = await loadTravelMatrix(ds, DATASET);
const [tt, planS] = await seconds(() => planTimetable(ds, matrix, {}, { seed: 1, iterations: 300 }));
process.stdout.write(`timetable: ${tt.lines.length} lines, ${tt.busLegs.length} bus legs (planned in ${planS} s, untimed below)\n`);
const rows = (await generateFeed({
  datasetDir: DATASET,
  carrier: 'BENCH',
  prefix: 'BD',
  parcels: N,
  seed: 7,
  date: DATE,
  mix: { code: 0.8, lonlat: 0.2, address: 0 },
})) as Record<string, unknown>[];

await onEachBackend('dispatch', (backend, db) => measure(backend, db, ds, tt, rows));
