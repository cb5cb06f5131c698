/**
 * Postgres/PGlite adapter of the ParcelRepository port (src/dispatch/ports.ts): parcel status and
 * scans, the unresolved list, manual resolution.
 */
import type { ParcelRepository } from '../dispatch/ports.ts';
import { countUnresolved } from './dispatch.ts';
import type { Db } from './db.ts';
import { formatInstant, formatInstantOrNull } from '../domain/time.ts';

interface Row {
  id: string;
  carrier: string;
  tracking_no: string;
  county: string;
  status: string;
  village_code: string | null;
  resolution: string | null;
  weight_kg: number;
  volume_l: number;
  temperature: string;
  ready_at: Date;
  due_by: Date | null;
  service_date: string | null;
  run_id: string | null;
  eta: Date | null;
  defer_reason: string | null;
  defer_until: string | null;
  version: number;
}

const iso = (d: Date | null): string | null => formatInstantOrNull(d);

/** The ParcelRepository of `db` (the pool or a transaction). */
export function pgParcelRepository(db: Db): ParcelRepository {
  return {
    withTransaction: (fn) => db.transaction((tx) => fn(pgParcelRepository(tx))),
    async findParcel(carrier, trackingNo) {
      const p = (
        await db.query<Row>(
          `SELECT id::text AS id, carrier, tracking_no, county, status, village_code, resolution, weight_kg, volume_l,
                  temperature, ready_at, due_by, service_date, run_id, eta, defer_reason, defer_until, version
           FROM parcels WHERE carrier = $1 AND tracking_no = $2`,
          [carrier, trackingNo],
        )
      ).rows[0];
      if (!p) return null;
      return {
        id: p.id,
        carrier: p.carrier,
        trackingNo: p.tracking_no,
        county: p.county,
        status: p.status,
        villageCode: p.village_code,
        resolution: p.resolution,
        weightKg: p.weight_kg,
        volumeL: p.volume_l,
        temperature: p.temperature,
        readyAt: formatInstant(p.ready_at),
        dueBy: iso(p.due_by),
        serviceDate: p.service_date,
        runId: p.run_id,
        eta: iso(p.eta),
        deferReason: p.defer_reason,
        deferUntil: p.defer_until,
        version: p.version,
      };
    },
    async eventsOf(id) {
      const r = await db.query<{ kind: string; at: Date; node: string | null; run_id: string | null }>(
        'SELECT kind, at, node, run_id FROM events WHERE parcel_id = $1::bigint ORDER BY at, id',
        [id],
      );
      return r.rows.map((e) => ({ kind: e.kind, at: formatInstant(e.at), node: e.node, runId: e.run_id }));
    },
    countUnresolved: (county) => countUnresolved(db, county),
    async listUnresolved(county, limit, offset) {
      const rows = await db.query<{
        carrier: string;
        tracking_no: string;
        dest_code: string | null;
        dest_lon: number | null;
        dest_lat: number | null;
        dest_address: string | null;
        weight_kg: number;
        ready_at: Date;
        created_at: Date;
      }>(
        `SELECT carrier, tracking_no, dest_code, dest_lon, dest_lat, dest_address, weight_kg, ready_at, created_at
         FROM parcels WHERE county = $1 AND status = 'unresolved' ORDER BY created_at, id LIMIT $2 OFFSET $3`,
        [county, limit, offset],
      );
      return rows.rows.map((r) => ({
        carrier: r.carrier,
        trackingNo: r.tracking_no,
        destCode: r.dest_code,
        destLon: r.dest_lon,
        destLat: r.dest_lat,
        destAddress: r.dest_address,
        weightKg: r.weight_kg,
        readyAt: formatInstant(r.ready_at),
        receivedAt: formatInstant(r.created_at),
      }));
    },
    async lockParcel(carrier, trackingNo) {
      const r = await db.query<{ id: string; county: string; status: string }>(
        'SELECT id::text AS id, county, status FROM parcels WHERE carrier = $1 AND tracking_no = $2 FOR UPDATE',
        [carrier, trackingNo],
      );
      return r.rows[0] ?? null;
    },
    async isVillagePoint(county, code) {
      return (await db.query('SELECT 1 FROM nodes WHERE county = $1 AND id = $2 AND kind = $3', [county, code, 'village_point'])).rowCount > 0;
    },
    async resolveManually(id, villageCode) {
      await db.query(
        `UPDATE parcels SET village_code = $2, resolution = 'manual', status = 'pending', updated_at = now() WHERE id = $1::bigint`,
        [id, villageCode],
      );
    },
  };
}
