/**
 * Ingest throughput: parcels/s for a 100,000-parcel CSV feed of the demo county (630123), first
 * ingest (all new: multi-row INSERT … SELECT unnest … ON CONFLICT) and re-ingest (all duplicates),
 * on embedded PGlite (in memory) and on Postgres (TEST_DATABASE_URL or DATABASE_URL or the
 * default test URL, in a throw-away schema) when reachable.
 *
 *   npm run bench:ingest                      # 100,000 parcels
 *   BENCH_PARCELS=20000 npm run bench:ingest  # smaller
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../src/domain/load-dataset.ts';
import { importCounty, type Db, pgIngestRepository } from '../src/persistence/index.ts';
import { onEachBackend } from './backends.ts';
import { ingestParcels } from '../src/ingest/index.ts';
import { generateFeed, toCsv } from '../scripts/generate-feeds.ts';

const N = Number(process.env.BENCH_PARCELS ?? 100_000);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATASET = path.join(ROOT, 'data/counties/630123-huangyuan');

interface Row {
  backend: string;
  parcels: number;
  firstSeconds: number;
  firstPerSecond: number;
  againSeconds: number;
  againPerSecond: number;
}

async function measure(backend: string, db: Db, body: string): Promise<Row> {
  await importCounty(db, await loadDataset(DATASET));
  let t = performance.now();
  const first = await ingestParcels(pgIngestRepository(db), { county: '630123', carrier: 'BENCH', format: 'csv', body });
  const firstSeconds = (performance.now() - t) / 1000;
  if (first.accepted !== N) throw new Error(`expected ${N} accepted, got ${JSON.stringify({ ...first, rejected: first.rejected.slice(0, 3) })}`);
  t = performance.now();
  const again = await ingestParcels(pgIngestRepository(db), { county: '630123', carrier: 'BENCH', format: 'csv', body });
  const againSeconds = (performance.now() - t) / 1000;
  if (again.duplicates !== N) throw new Error(`expected ${N} duplicates, got ${again.duplicates}`);
  return {
    backend,
    parcels: N,
    firstSeconds: +firstSeconds.toFixed(2),
    firstPerSecond: Math.round(N / firstSeconds),
    againSeconds: +againSeconds.toFixed(2),
    againPerSecond: Math.round(N / againSeconds),
  };
}

const rows = await generateFeed({
  datasetDir: DATASET,
  carrier: 'BENCH',
  prefix: 'BN',
  parcels: N,
  seed: 42,
  date: '2026-11-30',
  mix: { code: 0.6, lonlat: 0.25, address: 0.15 },
});
const body = toCsv(rows);
process.stdout.write(`feed: ${N} parcels, ${(Buffer.byteLength(body) / 1e6).toFixed(1)} MB CSV\n`);

await onEachBackend('ingest', (backend, db) => measure(backend, db, body));
