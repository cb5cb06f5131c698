/**
 * The work of `rural-dispatch ingest` (declared in ./ingest.ts, this module is loaded when it runs):
 * ingests a carrier parcel feed file, exactly as `POST /v1/parcels` does.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { loadDataset } from '../../domain/load-dataset.ts';
import { ValidationError } from '../../errors.ts';
import { ingestParcels, type FeedFormat } from '../../ingest/index.ts';
import { defaultDataDir, importCounty, listCounties, openDb, type Db, pgIngestRepository } from '../../persistence/index.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { claimDataDir } from '../data-dir-lock.ts';

const COUNTIES_DIR = process.env.RD_DATASETS_DIR || path.join(PACKAGE_ROOT, 'data', 'counties') + path.sep;
const DEMO_COUNTY = '630123';

/** Picks the county: --county, else the only imported one, else the demo county; imports it when missing. */
async function ensureCounty(db: Db, wanted: string | undefined): Promise<string> {
  const imported = await listCounties(db);
  const code = wanted ?? (imported.length === 1 ? imported[0]!.code : DEMO_COUNTY);
  if (!/^\d{6}$/.test(code)) throw new ValidationError([{ field: '--county', reason: 'must be a 6-digit county code' }]);
  if (imported.some((c) => c.code === code)) return code;
  const dir = (await readdir(COUNTIES_DIR).catch(() => [] as string[])).find((d) => d.startsWith(`${code}-`));
  if (!dir) throw new ValidationError([{ field: '--county', reason: `county ${code} is not imported and has no dataset in ${COUNTIES_DIR}` }]);
  const r = await importCounty(db, await loadDataset(path.join(COUNTIES_DIR, dir)));
  process.stderr.write(`imported county ${r.county} (${r.nodes} nodes, ${r.vehicles} vehicles)\n`);
  return code;
}

/** Options of `ingest`. */
export interface IngestOptions {
  carrier: string;
  county?: string;
  format?: string;
  data?: string;
}

/** Runs `ingest` of `file` with the parsed options. */
export async function runIngest(file: string, o: IngestOptions): Promise<void> {
  const format = (o.format ?? path.extname(file).slice(1).toLowerCase()) as FeedFormat;
  if (format !== 'json' && format !== 'csv') {
    throw new ValidationError([{ field: '--format', reason: 'must be json or csv (or use a .json/.csv file name)' }]);
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch (err) {
    throw new ValidationError([{ file, field: 'FILE', reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` }]);
  }
  // PGlite is single-process: refuse a directory a running `serve` holds (it would never see these parcels).
  const lock = process.env.DATABASE_URL
    ? null
    : claimDataDir(o.data ?? defaultDataDir(), 'ingest', (owner) =>
        owner.url ? `send the feed to the running server instead: POST ${owner.url}v1/parcels` : 'stop it first, or send the feed over HTTP',
      );
  const db = await openDb({
    ...(o.data ? { dataDir: o.data } : {}),
    ...(process.env.RD_DB_SCHEMA ? { schema: process.env.RD_DB_SCHEMA } : {}),
  });
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: 'ingest [{bar}] {value}/{total} rows | {eta_formatted} left', stream: process.stderr }, cliProgress.Presets.shades_classic)
    : null;
  try {
    const county = await ensureCounty(db, o.county);
    let started = false;
    const report = await ingestParcels(pgIngestRepository(db), {
      county,
      carrier: o.carrier,
      format,
      body,
      file: path.basename(file),
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
    });
    bar?.stop();
    process.stdout.write(JSON.stringify({ county, ...report }, null, 2) + '\n');
    if (report.rejectedRows > 0) process.exitCode = 2;
  } catch (err) {
    // Whole-feed problems are reported against the request body; on the CLI, name the file.
    if (err instanceof ValidationError) throw new ValidationError(err.issues.map((i) => (i.file === 'body' ? { ...i, file } : i)), undefined, err.code === 'malformed_body' ? 'malformed_body' : 'invalid_input');
    throw err;
  } finally {
    bar?.stop();
    await db.close();
    lock?.release();
  }
}
