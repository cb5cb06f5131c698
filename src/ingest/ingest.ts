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
import { ConflictError, type Issue } from '../errors.ts';
import type { FeedStamp, IngestRepository, ParcelUpdate, ParcelWrite, StoredParcelRow } from './ports.ts';
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
  /**
   * Rows that would change a parcel whose stored version came from a later feed (feed time, then
   * arrival): not applied, so concurrent feeds end in the state of the latest one.
   */
  readonly superseded: number;
  /** Of accepted + updated, how many could not be matched to a village (status `unresolved`). */
  readonly unresolved: number;
  /** Number of distinct rows rejected. */
  readonly rejectedRows: number;
  /** The problems of the rejected rows, at most MAX_REPORTED_ISSUES (100) of them. */
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
  /** Charset the sender declared for a byte body (`utf-8`, `gbk`, `gb18030`); default UTF-8. */
  readonly charset?: string;
  /** Feed time (epoch ms): when the feed was received. Default now. Orders concurrent feeds. */
  readonly receivedAt?: number;
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

/** Most issues listed in a report's `rejected` (the count `rejectedRows` is always complete). */
export const MAX_REPORTED_ISSUES = 100;

type Counts = { accepted: number; duplicates: number; updated: number; superseded: number; unresolved: number };

const byKey = (a: ParcelInput, b: ParcelInput): number =>
  a.carrier < b.carrier ? -1 : a.carrier > b.carrier ? 1 : a.trackingNo < b.trackingNo ? -1 : a.trackingNo > b.trackingNo ? 1 : 0;

/** True when stored version `e` came from a feed later than `feed` (feed time, then arrival). */
function fromLaterFeed(e: StoredParcelRow, feed: FeedStamp): boolean {
  return e.feed !== null && (e.feed.at > feed.at || (e.feed.at === feed.at && e.feed.seq > feed.seq));
}

/** Reads and validates every row; the valid ones and the issues of the others. */
function readRows(options: IngestOptions, file: string): { rows: number; valid: ParcelInput[]; rejected: Issue[] } {
  const raw = parseFeed(options.format, options.body, options.charset === undefined ? {} : { charset: options.charset });
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
  return { rows: raw.length, valid, rejected };
}

/**
 * Ingests one feed for `county` in one transaction and reports accepted, duplicate, updated,
 * superseded and rejected rows. Throws ValidationError (400) for an unparseable body,
 * FeedTooLargeError (413) past the limits, NotFoundError when the county is not imported.
 *
 * Concurrent feeds: keys are written in ascending key order (no two feeds wait on each other in
 * opposite orders); a key inserted meanwhile by another feed is compared with what that feed stored
 * and becomes an update (never a silent duplicate); a change whose feed is older (feed time, then
 * arrival) than the stored version's is not applied and counted as `superseded`.
 */
export async function ingestParcels(repo: IngestRepository, options: IngestOptions): Promise<IngestReport> {
  const file = options.file ?? 'body';
  const { rows, valid, rejected } = readRows(options, file);

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
  for (const pass of passes) pass.sort(byKey);

  const feed: FeedStamp = { at: options.receivedAt ?? Date.now(), seq: await repo.nextFeedSeq() };
  const chunkSize = Math.max(1, options.chunkSize ?? 2000);
  const counts: Counts = { accepted: 0, duplicates: 0, updated: 0, superseded: 0, unresolved: 0 };
  /** Rows refused while writing (another county's parcel). */
  const refused: Issue[] = [];
  await repo.withTransaction(async (tx) => {
    // A retried transaction starts counting (and refusing) again.
    Object.assign(counts, { accepted: 0, duplicates: 0, updated: 0, superseded: 0, unresolved: 0 });
    refused.length = 0;
    const county = await tx.loadCounty(options.county);
    const resolver = createVillageResolver(county.nodes);
    let done = 0;
    for (const pass of passes) {
      for (let i = 0; i < pass.length; i += chunkSize) {
        const chunk = pass.slice(i, i + chunkSize);
        const foreign = await writeChunk(tx, options.county, chunk, feed, (p) => resolver.resolve(p), counts);
        for (const p of foreign) refused.push({ file, row: p.row, field: options.format === 'csv' ? 'tracking_no' : 'trackingNo', reason: NOT_ACCEPTED });
        done += chunk.length;
        options.onProgress?.(done, valid.length);
        await options.afterChunk?.(done);
      }
    }
  });
  const all = [...rejected, ...refused].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return {
    rows,
    ...counts,
    rejectedRows: new Set(all.map((i) => i.row)).size,
    // Rows refused while writing (another county's parcel) join the list in row order.
    rejected: all.slice(0, MAX_REPORTED_ISSUES).map((i) => ({ row: i.row ?? 0, field: i.field, reason: i.reason })),
  };
}

/** How many times a chunk looks again at keys a concurrent feed inserted under it. */
const MAX_RECHECKS = 3;

async function writeChunk(
  tx: IngestRepository,
  county: string,
  chunk: readonly ParcelInput[],
  feed: FeedStamp,
  resolve: (p: ParcelInput) => ResolvedDestination | null,
  counts: Counts,
): Promise<ParcelInput[]> {
  const foreign: ParcelInput[] = [];
  let todo = chunk;
  for (let round = 0; todo.length > 0; round++) {
    const existing = new Map<string, StoredParcelRow>();
    for (const e of await tx.lockExisting(todo)) existing.set(key(e.carrier, e.trackingNo), e);

    const inserts: ParcelWrite[] = [];
    const updates: ParcelUpdate[] = [];
    for (const p of todo) {
      const e = existing.get(key(p.carrier, p.trackingNo));
      if (e && e.county !== county) {
        foreign.push(p);
        continue;
      }
      if (e && sameAs(e, p, county)) {
        counts.duplicates++;
        continue;
      }
      if (e && fromLaterFeed(e, feed)) {
        counts.superseded++;
        continue;
      }
      const d = resolve(p);
      if (e) {
        updates.push({ p, d, id: e.id, replan: needsReplan(e, p, d) });
        counts.updated++;
        if (d === null) counts.unresolved++;
      } else inserts.push({ p, d });
    }
    if (updates.length > 0) await tx.updateParcels(county, updates, feed);
    todo = [];
    if (inserts.length === 0) break;
    const stored = await tx.insertParcels(county, inserts, feed);
    counts.accepted += stored;
    for (const w of inserts) if (w.d === null) counts.unresolved++; // less theirs, below
    if (stored === inserts.length) break;
    // Keys a concurrent feed inserted (and committed) meanwhile: compare with what it stored.
    const ours = new Set(
      (await tx.lockExisting(inserts.map((w) => w.p)))
        .filter((e) => e.feed !== null && e.feed.seq === feed.seq)
        .map((e) => key(e.carrier, e.trackingNo)),
    );
    const theirs = inserts.filter((w) => !ours.has(key(w.p.carrier, w.p.trackingNo)));
    for (const w of theirs) if (w.d === null) counts.unresolved--;
    if (round >= MAX_RECHECKS) throw new ConflictError(`parcels ${theirs.map((w) => w.p.trackingNo).slice(0, 5).join(', ')} keep changing under this feed; send it again`);
    todo = theirs.map((w) => w.p);
  }
  return foreign;
}
