/**
 * Postgres/PGlite adapter of the IngestRepository port (src/ingest/ports.ts). Writes are multi-row
 * `INSERT … SELECT unnest(…) ON CONFLICT` and `UPDATE … FROM unnest(…)`; history rows are the
 * previous version as JSON (table parcel_history).
 */
import type { IngestRepository, StoredParcelRow } from '../ingest/ports.ts';
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
}

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
  };
}

/** The IngestRepository of `db` (the pool or a transaction). */
export function pgIngestRepository(db: Db): IngestRepository {
  return {
    withTransaction: (fn) => db.transaction((tx) => fn(pgIngestRepository(tx))),
    loadCounty: (county) => getCounty(db, county),

    async lockExisting(keys) {
      // One `carrier = $1 AND tracking_no = ANY($2)` lookup per carrier: an index scan on the unique
      // key (a join against unnest() let the planner pick a sequential scan per chunk).
      const byCarrier = new Map<string, string[]>();
      for (const k of keys) (byCarrier.get(k.carrier) ?? byCarrier.set(k.carrier, []).get(k.carrier)!).push(k.trackingNo);
      const out: StoredParcelRow[] = [];
      for (const [carrier, numbers] of byCarrier) {
        const r = await db.query<ExistingRow>(
          `SELECT p.id::text AS id, p.carrier, p.tracking_no, p.county, p.dest_code, p.dest_lon, p.dest_lat, p.dest_address,
                  p.weight_kg, p.volume_l, p.temperature, p.ready_at, p.due_by, p.village_code
           FROM parcels p WHERE p.carrier = $1 AND p.tracking_no = ANY($2::text[])
           FOR UPDATE`,
          [carrier, numbers],
        );
        out.push(...r.rows.map(toStored));
      }
      return out;
    },

    async insertParcels(county, inserts) {
      if (inserts.length === 0) return 0;
      const r = await db.query(
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
      return r.rowCount;
    },

    async updateParcels(county, updates) {
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
           version = p.version + 1, updated_at = now(),
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
