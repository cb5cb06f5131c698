/**
 * Postgres/PGlite adapter of the IngestRepository port (src/ingest/ports.ts). Writes are multi-row
 * `INSERT … SELECT unnest(…) ON CONFLICT` and `UPDATE … FROM unnest(…)`; history rows are the
 * previous version as JSON (table parcel_history).
 *
 * Concurrency: rows are locked in key order (`ORDER BY … FOR UPDATE`) and the use case writes keys in
 * that order, so two feeds never wait on each other in opposite orders; should Postgres still report
 * a deadlock (40P01) or a serialization failure (40001), the whole feed transaction is retried a
 * bounded number of times with jittered backoff (`withTransaction` of the top-level repository).
 */
import type { FeedStamp, IngestRepository, StoredParcelRow } from '../ingest/ports.ts';
import { getCounty } from './counties.ts';
import type { Db } from './db.ts';
import { refreshRunTotals } from './runs.ts';

interface ExistingRow {
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
  feed_at: Date | null;
  feed_seq: string | null;
}

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
/** Attempts of one feed transaction (the first plus retries). */
export const INGEST_TX_ATTEMPTS = 5;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `fn`, again after a deadlock or serialization failure (bounded, exponential backoff with full jitter). */
export async function retryingTransaction<T>(fn: () => Promise<T>, attempts = INGEST_TX_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= attempts || typeof code !== 'string' || !RETRYABLE.has(code)) throw err;
      await sleep(Math.random() * 25 * 2 ** attempt);
    }
  }
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function toStored(e: ExistingRow): StoredParcelRow {
  return {
    id: e.id,
    carrier: e.carrier,
    trackingNo: e.tracking_no,
    county: e.county,
    destCode: e.dest_code,
    destLon: e.dest_lon,
    destLat: e.dest_lat,
    destAddress: e.dest_address,
    weightKg: e.weight_kg,
    volumeL: e.volume_l,
    temperature: e.temperature,
    readyAt: e.ready_at.getTime(),
    dueBy: e.due_by?.getTime() ?? null,
    villageCode: e.village_code,
    feed: e.feed_at === null || e.feed_seq === null ? null : { at: e.feed_at.getTime(), seq: Number(e.feed_seq) },
  };
}

/**
 * The IngestRepository of `db` (the pool or a transaction). `inTx`: `db` is already a transaction,
 * so `withTransaction` nests (a savepoint) instead of retrying.
 */
export function pgIngestRepository(db: Db, inTx = false): IngestRepository {
  return {
    withTransaction: (fn) =>
      inTx ? db.transaction((tx) => fn(pgIngestRepository(tx, true))) : retryingTransaction(() => db.transaction((tx) => fn(pgIngestRepository(tx, true)))),
    loadCounty: (county) => getCounty(db, county),
    async nextFeedSeq() {
      const r = await db.query<{ n: string }>(`SELECT nextval('ingest_feed_seq')::text AS n`);
      return Number(r.rows[0]!.n);
    },

    async lockExisting(keys) {
      // One `carrier = $1 AND tracking_no = ANY($2)` lookup per carrier: an index scan on the unique
      // key (a join against unnest() let the planner pick a sequential scan per chunk).
      const byCarrier = new Map<string, string[]>();
      for (const k of keys) (byCarrier.get(k.carrier) ?? byCarrier.set(k.carrier, []).get(k.carrier)!).push(k.trackingNo);
      const out: StoredParcelRow[] = [];
      // Carriers and, within one, tracking numbers are locked in ascending (byte) order.
      for (const carrier of [...byCarrier.keys()].sort(compareText)) {
        const numbers = byCarrier.get(carrier)!;
        const r = await db.query<ExistingRow>(
          `SELECT p.id::text AS id, p.carrier, p.tracking_no, p.county, p.dest_code, p.dest_lon, p.dest_lat, p.dest_address,
                  p.weight_kg, p.volume_l, p.temperature, p.ready_at, p.due_by, p.village_code, p.feed_at, p.feed_seq::text AS feed_seq
           FROM parcels p WHERE p.carrier = $1 AND p.tracking_no = ANY($2::text[])
           ORDER BY p.tracking_no COLLATE "C"
           FOR UPDATE`,
          [carrier, numbers],
        );
        out.push(...r.rows.map(toStored));
      }
      return out;
    },

    async insertParcels(county, inserts, feed) {
      if (inserts.length === 0) return 0;
      const r = await db.query(
        `INSERT INTO parcels (carrier, tracking_no, county, dest_code, dest_lon, dest_lat, dest_address, weight_kg,
           volume_l, temperature, ready_at, due_by, village_code, resolution, status, feed_at, feed_seq)
         SELECT u.carrier, u.tracking_no, $1, u.dest_code, u.dest_lon, u.dest_lat, u.dest_address, u.weight_kg,
           u.volume_l, u.temperature, u.ready_at, u.due_by, u.village_code, u.resolution,
           CASE WHEN u.village_code IS NULL THEN 'unresolved' ELSE 'pending' END, $15::timestamptz, $16::bigint
         FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[], $8::float8[],
           $9::float8[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::text[], $14::text[])
           WITH ORDINALITY AS u(carrier, tracking_no, dest_code, dest_lon, dest_lat, dest_address, weight_kg, volume_l,
                temperature, ready_at, due_by, village_code, resolution, ord)
         ORDER BY u.ord
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
          feed ? iso(feed.at) : null,
          feed?.seq ?? null,
        ],
      );
      return r.rowCount;
    },

    async updateParcels(county, updates, feed) {
      if (updates.length === 0) return;
      const ids = updates.map((x) => x.id);
      await db.query(
        `INSERT INTO parcel_history (parcel_id, version, previous)
         SELECT p.id, p.version, to_jsonb(p) - 'id' FROM parcels p WHERE p.id = ANY($1::bigint[])`,
        [ids],
      );
      const open = `u.replan AND p.status IN ('unresolved', 'pending', 'assigned', 'deferred')`;
      await db.query(
        `UPDATE parcels p SET county = $1, dest_code = u.dest_code, dest_lon = u.dest_lon, dest_lat = u.dest_lat,
           dest_address = u.dest_address, weight_kg = u.weight_kg, volume_l = u.volume_l, temperature = u.temperature,
           ready_at = u.ready_at, due_by = u.due_by, village_code = u.village_code, resolution = u.resolution,
           version = p.version + 1, updated_at = now(), feed_at = $15::timestamptz, feed_seq = $16::bigint,
           status = CASE WHEN ${open}
                         THEN CASE WHEN u.village_code IS NULL THEN 'unresolved' ELSE 'pending' END
                         ELSE p.status END,
           run_id = CASE WHEN ${open} THEN NULL ELSE p.run_id END,
           eta = CASE WHEN ${open} THEN NULL ELSE p.eta END,
           service_date = CASE WHEN ${open} THEN NULL ELSE p.service_date END,
           defer_reason = CASE WHEN ${open} THEN NULL ELSE p.defer_reason END,
           defer_until = CASE WHEN ${open} THEN NULL ELSE p.defer_until END
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
          feed ? iso(feed.at) : null,
          feed?.seq ?? null,
        ],
      );
      // Re-planned parcels leave the manifests they were on; those runs' loads are recomputed.
      const gone = await db.query<{ run_id: string }>(
        `DELETE FROM manifest_items m USING parcels p
         WHERE m.parcel_id = p.id AND p.id = ANY($1::bigint[]) AND p.status IN ('pending', 'unresolved')
         RETURNING m.run_id`,
        [ids],
      );
      await refreshRunTotals(db, gone.rows.map((r) => r.run_id));
    },
  };
}
