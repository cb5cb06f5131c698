/**
 * Carrier feed ingest: parse (JSON/CSV) → validate each row (zod) → resolve the destination →
 * store, all in ONE transaction (a failure mid-batch stores none of it).
 *
 * Idempotent on (carrier, tracking_no): a row identical to the stored parcel is a duplicate and
 * writes nothing; a changed row is an update (the previous version goes to parcel_history, the
 * version number rises). A parcel not yet loaded whose destination, size, temperature or ready
 * time changed goes back to `pending`/`unresolved` and leaves its manifest, so the next dispatch
 * re-plans it; a parcel already loaded keeps its status. Rows are written in chunks of `chunkSize`
 * through the IngestRepository port (src/ingest/ports.ts), one unit of work per feed.
 *
 * A parcel belongs to the county it was first stored for: a row whose (carrier, tracking_no) is
 * stored for another county is rejected with a neutral reason (NOT_ACCEPTED) that names neither
 * the other county nor anything of the stored parcel, and nothing of that parcel changes.
 */
import type { Issue } from '../errors.ts';
import type { IngestRepository, ParcelUpdate, ParcelWrite, StoredParcelRow } from './ports.ts';
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

/** Reason of a row whose parcel is stored for another county (says nothing about that county). */
export const NOT_ACCEPTED = 'tracking number not accepted for this county';

const key = (carrier: string, trackingNo: string): string => `${carrier}\u0000${trackingNo}`;

function sameAs(e: StoredParcelRow, p: ParcelInput, county: string): boolean {
  return (
    e.county === county &&
    e.destCode === p.destCode &&
    e.destLon === p.destLon &&
    e.destLat === p.destLat &&
    e.destAddress === p.destAddress &&
    e.weightKg === p.weightKg &&
    e.volumeL === p.volumeL &&
    e.temperature === p.temperature &&
    e.readyAt === p.readyAt &&
    e.dueBy === p.dueBy
  );
}

function needsReplan(e: StoredParcelRow, p: ParcelInput, dest: ResolvedDestination | null): boolean {
  return (
    e.villageCode !== (dest?.villageCode ?? null) ||
    e.weightKg !== p.weightKg ||
    e.volumeL !== p.volumeL ||
    e.temperature !== p.temperature ||
    e.readyAt !== p.readyAt
  );
}

/**
 * Ingests one feed for `county` in one transaction and reports accepted, duplicate, updated and
 * rejected rows. Throws ValidationError (400) for an unparseable body, FeedTooLargeError (413)
 * past the limits, NotFoundError when the county is not imported.
 */
export async function ingestParcels(repo: IngestRepository, options: IngestOptions): Promise<IngestReport> {
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
  await repo.withTransaction(async (tx) => {
    const county = await tx.loadCounty(options.county);
    const resolver = createVillageResolver(county.nodes);
    let done = 0;
    for (const pass of passes) {
      for (let i = 0; i < pass.length; i += chunkSize) {
        const chunk = pass.slice(i, i + chunkSize);
        const foreign = await writeChunk(tx, options.county, chunk, (p) => resolver.resolve(p), counts);
        for (const p of foreign) rejected.push({ file, row: p.row, field: options.format === 'csv' ? 'tracking_no' : 'trackingNo', reason: NOT_ACCEPTED });
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
    // Rows refused while writing (another county's parcel) join the list in row order.
    rejected: rejected.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)).map((i) => ({ row: i.row ?? 0, field: i.field, reason: i.reason })),
  };
}

async function writeChunk(
  tx: IngestRepository,
  county: string,
  chunk: readonly ParcelInput[],
  resolve: (p: ParcelInput) => ResolvedDestination | null,
  counts: { accepted: number; duplicates: number; updated: number; unresolved: number },
): Promise<ParcelInput[]> {
  const existing = new Map<string, StoredParcelRow>();
  for (const e of await tx.lockExisting(chunk)) existing.set(key(e.carrier, e.trackingNo), e);

  const inserts: ParcelWrite[] = [];
  const updates: ParcelUpdate[] = [];
  const foreign: ParcelInput[] = [];
  for (const p of chunk) {
    const e = existing.get(key(p.carrier, p.trackingNo));
    if (e && e.county !== county) {
      foreign.push(p);
      continue;
    }
    if (e && sameAs(e, p, county)) {
      counts.duplicates++;
      continue;
    }
    const d = resolve(p);
    if (d === null) counts.unresolved++;
    if (e) updates.push({ p, d, id: e.id, replan: needsReplan(e, p, d) });
    else inserts.push({ p, d });
  }

  if (inserts.length > 0) {
    const stored = await tx.insertParcels(county, inserts);
    counts.accepted += stored;
    // A row inserted meanwhile by a concurrent feed of the same carrier: it is stored once, by them.
    counts.duplicates += inserts.length - stored;
  }
  if (updates.length > 0) {
    await tx.updateParcels(county, updates);
    counts.updated += updates.length;
  }
  return foreign;
}
