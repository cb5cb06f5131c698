/**
 * Carrier feed ingest: parse (JSON/CSV) → validate each row (zod) → resolve the destination →
 * store, all in ONE transaction (a failure mid-batch stores none of it).
 *
 * Idempotent on (carrier, tracking_no): a row identical to the stored parcel is a duplicate and
 * writes nothing; a changed row is an update (the previous version goes to parcel_history, the
 * version number rises). A parcel not yet loaded whose destination, size, temperature or ready
 * time changed goes back to `pending`/`unresolved` and leaves its manifest, so the next dispatch
 * re-plans it; a parcel already loaded keeps its status. Writes are multi-row `INSERT … SELECT
 * unnest(…) ON CONFLICT` and `UPDATE … FROM unnest(…)` in chunks of `chunkSize` rows.
 */
import type { Issue } from '../errors.ts';
import type { Db } from '../persistence/db.ts';
import { getCounty } from '../persistence/counties.ts';
import { refreshRunTotals } from '../persistence/runs.ts';
import { parseFeed, type FeedBody, type FeedFormat } from './parse.ts';
import { validateRow, type ParcelInput } from './schema.ts';
import { createVillageResolver, type ResolvedDestination } from './resolve.ts';

/** One rejected row: 1-based data row, offending column, rule. */
export interface RejectedRow {
  readonly row: number;
  readonly field: string;
  readonly reason: string;
}

/** The ingest reply (counts, and the rejected rows in full). */
export interface IngestReport {
  /** Data rows read from the feed. */
  readonly rows: number;
  /** New parcels stored. */
  readonly accepted: number;
  /** Rows identical to a stored parcel (or to an earlier row of the same feed): nothing written. */
  readonly duplicates: number;
  /** Rows that changed a stored parcel (previous version kept in history). */
  readonly updated: number;
  /** Of accepted + updated, how many could not be matched to a village (status `unresolved`). */
  readonly unresolved: number;
  /** Number of distinct rows rejected. */
  readonly rejectedRows: number;
  /** Every problem of every rejected row. */
  readonly rejected: readonly RejectedRow[];
}

/** Options of `ingestParcels`. */
export interface IngestOptions {
  /** 6-digit code of the county the parcels are for (must be imported). */
  readonly county: string;
  /** The feed's carrier: fills a missing `carrier` column and must equal a present one. */
  readonly carrier?: string;
  readonly format: FeedFormat;
  /** Text, bytes, or (JSON) an already-parsed array. Limits: MAX_FEED_ROWS, MAX_FEED_BYTES. */
  readonly body: FeedBody;
  /** Name used in issues (`file`), e.g. the CLI's file name. Default `body`. */
  readonly file?: string;
  /** Rows per multi-row statement. Default 2000. */
  readonly chunkSize?: number;
  /** Called after each chunk is written (rows processed so far, total valid rows). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Test hook, called inside the transaction after each chunk is written with the number of valid
   * rows written so far; throwing from it aborts the batch (simulates a crash mid-batch).
   */
  readonly afterChunk?: (written: number) => void | Promise<void>;
}

interface Existing {
  id: string;
  carrier: string;
  tracking_no: string;
  county: string;
  dest_code: string | null;
  dest_lon: number | null;
  dest_lat: number | null;
  dest_address: string | null;
  weight_kg: number;
  volume_l: number;
  temperature: string;
  ready_at: Date;
  due_by: Date | null;
  village_code: string | null;
}

const key = (carrier: string, trackingNo: string): string => `${carrier}\u0000${trackingNo}`;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function sameAs(e: Existing, p: ParcelInput, county: string): boolean {
  return (
    e.county === county &&
    e.dest_code === p.destCode &&
    e.dest_lon === p.destLon &&
    e.dest_lat === p.destLat &&
    e.dest_address === p.destAddress &&
    e.weight_kg === p.weightKg &&
    e.volume_l === p.volumeL &&
    e.temperature === p.temperature &&
    e.ready_at.getTime() === p.readyAt &&
    (e.due_by?.getTime() ?? null) === p.dueBy
  );
}

function needsReplan(e: Existing, p: ParcelInput, dest: ResolvedDestination | null): boolean {
  return (
    e.village_code !== (dest?.villageCode ?? null) ||
    e.weight_kg !== p.weightKg ||
    e.volume_l !== p.volumeL ||
    e.temperature !== p.temperature ||
    e.ready_at.getTime() !== p.readyAt
  );
}

/**
 * Ingests one feed for `county` in one transaction and reports accepted, duplicate, updated and
 * rejected rows. Throws ValidationError (400) for an unparseable body, FeedTooLargeError (413)
 * past the limits, NotFoundError when the county is not imported.
 */
export async function ingestParcels(db: Db, options: IngestOptions): Promise<IngestReport> {
  const file = options.file ?? 'body';
  const raw = parseFeed(options.format, options.body);
  const rejected: Issue[] = [];
  const valid: ParcelInput[] = [];
  for (const r of raw) {
    if (r.record === null) {
      rejected.push({ file, row: r.row, field: '(row)', reason: r.problem ?? 'cannot be read' });
      continue;
    }
    const v = validateRow(r.row, r.record, options.carrier, file, options.format === 'csv' ? 'snake' : 'camel');
    if (v.ok) valid.push(v.parcel);
    else rejected.push(...v.issues);
  }

  // Pass k holds the k-th occurrence of each key, so a key repeated within the feed is compared
  // with what the earlier pass wrote (same transaction) rather than racing with it.
  const passes: ParcelInput[][] = [];
  const seen = new Map<string, number>();
  for (const p of valid) {
    const k = key(p.carrier, p.trackingNo);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    (passes[n] ??= []).push(p);
  }

  const chunkSize = Math.max(1, options.chunkSize ?? 2000);
  const counts = { accepted: 0, duplicates: 0, updated: 0, unresolved: 0 };
  await db.transaction(async (tx) => {
    const county = await getCounty(tx, options.county);
    const resolver = createVillageResolver(county.nodes);
    let done = 0;
    for (const pass of passes) {
      for (let i = 0; i < pass.length; i += chunkSize) {
        const chunk = pass.slice(i, i + chunkSize);
        await writeChunk(tx, options.county, chunk, (p) => resolver.resolve(p), counts);
        done += chunk.length;
        options.onProgress?.(done, valid.length);
        await options.afterChunk?.(done);
      }
    }
  });
  return {
    rows: raw.length,
    ...counts,
    rejectedRows: new Set(rejected.map((i) => i.row)).size,
    rejected: rejected.map((i) => ({ row: i.row ?? 0, field: i.field, reason: i.reason })),
  };
}

async function writeChunk(
  tx: Db,
  county: string,
  chunk: readonly ParcelInput[],
  resolve: (p: ParcelInput) => ResolvedDestination | null,
  counts: { accepted: number; duplicates: number; updated: number; unresolved: number },
): Promise<void> {
  const existing = new Map<string, Existing>();
  // One `carrier = $1 AND tracking_no = ANY($2)` lookup per carrier: an index scan on the unique
  // key (a join against unnest() let the planner pick a sequential scan per chunk).
  const byCarrier = new Map<string, string[]>();
  for (const p of chunk) (byCarrier.get(p.carrier) ?? byCarrier.set(p.carrier, []).get(p.carrier)!).push(p.trackingNo);
  const found = { rows: [] as Existing[] };
  for (const [carrier, numbers] of byCarrier) {
    const r = await tx.query<Existing>(
      `SELECT p.id::text AS id, p.carrier, p.tracking_no, p.county, p.dest_code, p.dest_lon, p.dest_lat, p.dest_address,
              p.weight_kg, p.volume_l, p.temperature, p.ready_at, p.due_by, p.village_code
       FROM parcels p WHERE p.carrier = $1 AND p.tracking_no = ANY($2::text[])
       FOR UPDATE`,
      [carrier, numbers],
    );
    found.rows.push(...r.rows);
  }
  for (const e of found.rows) existing.set(key(e.carrier, e.tracking_no), e);

  const inserts: { p: ParcelInput; d: ResolvedDestination | null }[] = [];
  const updates: { p: ParcelInput; d: ResolvedDestination | null; e: Existing; replan: boolean }[] = [];
  for (const p of chunk) {
    const e = existing.get(key(p.carrier, p.trackingNo));
    if (e && sameAs(e, p, county)) {
      counts.duplicates++;
      continue;
    }
    const d = resolve(p);
    if (d === null) counts.unresolved++;
    if (e) updates.push({ p, d, e, replan: needsReplan(e, p, d) });
    else inserts.push({ p, d });
  }

  if (inserts.length > 0) {
    const r = await tx.query(
      `INSERT INTO parcels (carrier, tracking_no, county, dest_code, dest_lon, dest_lat, dest_address, weight_kg,
         volume_l, temperature, ready_at, due_by, village_code, resolution, status)
       SELECT u.carrier, u.tracking_no, $1, u.dest_code, u.dest_lon, u.dest_lat, u.dest_address, u.weight_kg,
         u.volume_l, u.temperature, u.ready_at, u.due_by, u.village_code, u.resolution,
         CASE WHEN u.village_code IS NULL THEN 'unresolved' ELSE 'pending' END
       FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[], $8::float8[],
         $9::float8[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::text[], $14::text[])
         AS u(carrier, tracking_no, dest_code, dest_lon, dest_lat, dest_address, weight_kg, volume_l, temperature,
              ready_at, due_by, village_code, resolution)
       ON CONFLICT (carrier, tracking_no) DO NOTHING
       RETURNING id`,
      [
        county,
        inserts.map((x) => x.p.carrier),
        inserts.map((x) => x.p.trackingNo),
        inserts.map((x) => x.p.destCode),
        inserts.map((x) => x.p.destLon),
        inserts.map((x) => x.p.destLat),
        inserts.map((x) => x.p.destAddress),
        inserts.map((x) => x.p.weightKg),
        inserts.map((x) => x.p.volumeL),
        inserts.map((x) => x.p.temperature),
        inserts.map((x) => iso(x.p.readyAt)),
        inserts.map((x) => iso(x.p.dueBy)),
        inserts.map((x) => x.d?.villageCode ?? null),
        inserts.map((x) => x.d?.resolution ?? null),
      ],
    );
    counts.accepted += r.rowCount;
    // A row inserted meanwhile by a concurrent feed of the same carrier: it is stored once, by them.
    counts.duplicates += inserts.length - r.rowCount;
  }

  if (updates.length > 0) {
    const ids = updates.map((x) => x.e.id);
    await tx.query(
      `INSERT INTO parcel_history (parcel_id, version, previous)
       SELECT p.id, p.version, to_jsonb(p) - 'id' FROM parcels p WHERE p.id = ANY($1::bigint[])`,
      [ids],
    );
    await tx.query(
      `UPDATE parcels p SET county = $1, dest_code = u.dest_code, dest_lon = u.dest_lon, dest_lat = u.dest_lat,
         dest_address = u.dest_address, weight_kg = u.weight_kg, volume_l = u.volume_l, temperature = u.temperature,
         ready_at = u.ready_at, due_by = u.due_by, village_code = u.village_code, resolution = u.resolution,
         version = p.version + 1, updated_at = now(),
         status = CASE WHEN u.replan AND p.status IN ('unresolved', 'pending', 'assigned', 'deferred')
                       THEN CASE WHEN u.village_code IS NULL THEN 'unresolved' ELSE 'pending' END
                       ELSE p.status END,
         run_id = CASE WHEN u.replan AND p.status IN ('unresolved', 'pending', 'assigned', 'deferred') THEN NULL ELSE p.run_id END,
         eta = CASE WHEN u.replan AND p.status IN ('unresolved', 'pending', 'assigned', 'deferred') THEN NULL ELSE p.eta END,
         service_date = CASE WHEN u.replan AND p.status IN ('unresolved', 'pending', 'assigned', 'deferred') THEN NULL ELSE p.service_date END,
         defer_reason = CASE WHEN u.replan AND p.status IN ('unresolved', 'pending', 'assigned', 'deferred') THEN NULL ELSE p.defer_reason END,
         defer_until = CASE WHEN u.replan AND p.status IN ('unresolved', 'pending', 'assigned', 'deferred') THEN NULL ELSE p.defer_until END
       FROM unnest($2::bigint[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::float8[], $8::float8[], $9::text[],
         $10::timestamptz[], $11::timestamptz[], $12::text[], $13::text[], $14::bool[])
         AS u(id, dest_code, dest_lon, dest_lat, dest_address, weight_kg, volume_l, temperature, ready_at, due_by,
              village_code, resolution, replan)
       WHERE p.id = u.id`,
      [
        county,
        ids,
        updates.map((x) => x.p.destCode),
        updates.map((x) => x.p.destLon),
        updates.map((x) => x.p.destLat),
        updates.map((x) => x.p.destAddress),
        updates.map((x) => x.p.weightKg),
        updates.map((x) => x.p.volumeL),
        updates.map((x) => x.p.temperature),
        updates.map((x) => iso(x.p.readyAt)),
        updates.map((x) => iso(x.p.dueBy)),
        updates.map((x) => x.d?.villageCode ?? null),
        updates.map((x) => x.d?.resolution ?? null),
        updates.map((x) => x.replan),
      ],
    );
    // Re-planned parcels leave the manifests they were on; those runs' loads are recomputed.
    const gone = await tx.query<{ run_id: string }>(
      `DELETE FROM manifest_items m USING parcels p
       WHERE m.parcel_id = p.id AND p.id = ANY($1::bigint[]) AND p.status IN ('pending', 'unresolved')
       RETURNING m.run_id`,
      [ids],
    );
    await refreshRunTotals(tx, gone.rows.map((r) => r.run_id));
    counts.updated += updates.length;
  }
}
