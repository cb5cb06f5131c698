/**
 * Parcel queries: status and ETA of one parcel, the unresolved list an operator works through, and
 * the operator's manual resolution of an unresolved parcel to a village.
 */
import { NotFoundError, ValidationError } from '../errors.ts';
import { formatInstant, formatInstantOrNull } from '../domain/time.ts';
import type { Db } from '../persistence/db.ts';

/** A scan event of a parcel. */
export interface ParcelEvent {
  readonly kind: string;
  readonly at: string;
  readonly node: string | null;
  readonly runId: string | null;
}

/** Status of one parcel with its ETA and scan history. Times are ISO instants. */
export interface ParcelStatus {
  readonly carrier: string;
  readonly trackingNo: string;
  readonly county: string;
  /** unresolved | pending | assigned | deferred | loaded | handed_to_bus | at_hub | delivered | picked_up */
  readonly status: string;
  readonly villageCode: string | null;
  readonly resolution: string | null;
  readonly weightKg: number;
  readonly volumeL: number;
  readonly temperature: string;
  readonly readyAt: string;
  readonly dueBy: string | null;
  /** Service date the parcel is planned for (or was deferred from). */
  readonly serviceDate: string | null;
  /** Last-mile run carrying it. */
  readonly runId: string | null;
  /** Planned arrival at the village (tentative for deferred parcels). */
  readonly eta: string | null;
  readonly deferReason: string | null;
  readonly deferUntil: string | null;
  /** Number of versions (1 + updates received). */
  readonly version: number;
  readonly events: readonly ParcelEvent[];
}

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

const iso = formatInstantOrNull;

/** Status, ETA and scans of parcel (carrier, trackingNo). Throws NotFoundError when unknown. */
export async function getParcelStatus(db: Db, carrier: string, trackingNo: string): Promise<ParcelStatus> {
  const p = (
    await db.query<Row>(
      `SELECT id::text AS id, carrier, tracking_no, county, status, village_code, resolution, weight_kg, volume_l,
              temperature, ready_at, due_by, service_date, run_id, eta, defer_reason, defer_until, version
       FROM parcels WHERE carrier = $1 AND tracking_no = $2`,
      [carrier, trackingNo],
    )
  ).rows[0];
  if (!p) throw new NotFoundError(`parcel ${carrier}/${trackingNo} not found`);
  const events = (
    await db.query<{ kind: string; at: Date; node: string | null; run_id: string | null }>(
      'SELECT kind, at, node, run_id FROM events WHERE parcel_id = $1::bigint ORDER BY at, id',
      [p.id],
    )
  ).rows.map((e) => ({ kind: e.kind, at: formatInstant(e.at), node: e.node, runId: e.run_id }));
  return {
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
    events,
  };
}

/** An entry of the unresolved list: what the carrier sent. */
export interface UnresolvedParcel {
  readonly carrier: string;
  readonly trackingNo: string;
  readonly destCode: string | null;
  readonly destLon: number | null;
  readonly destLat: number | null;
  readonly destAddress: string | null;
  readonly weightKg: number;
  readonly readyAt: string;
  readonly receivedAt: string;
}

/** The unresolved parcels of a county, oldest first, with the total count. */
export async function listUnresolved(
  db: Db,
  county: string,
  page: { limit?: number; offset?: number } = {},
): Promise<{ total: number; parcels: UnresolvedParcel[] }> {
  const limit = Math.min(Math.max(page.limit ?? 100, 1), 1000);
  const offset = Math.max(page.offset ?? 0, 0);
  const total = (
    await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM parcels WHERE county = $1 AND status = 'unresolved'`, [county])
  ).rows[0]!.n;
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
  return {
    total,
    parcels: rows.rows.map((r) => ({
      carrier: r.carrier,
      trackingNo: r.tracking_no,
      destCode: r.dest_code,
      destLon: r.dest_lon,
      destLat: r.dest_lat,
      destAddress: r.dest_address,
      weightKg: r.weight_kg,
      readyAt: formatInstant(r.ready_at),
      receivedAt: formatInstant(r.created_at),
    })),
  };
}

/**
 * An operator resolves an unresolved parcel to `villageCode` (a village point of the parcel's
 * county): it becomes `pending` and the next dispatch takes it. NotFoundError for an unknown parcel,
 * ValidationError when the village is not in the county or the parcel is not unresolved.
 */
export async function resolveParcel(db: Db, carrier: string, trackingNo: string, villageCode: string): Promise<void> {
  await db.transaction(async (tx) => {
    const p = (
      await tx.query<{ id: string; county: string; status: string }>(
        'SELECT id::text AS id, county, status FROM parcels WHERE carrier = $1 AND tracking_no = $2 FOR UPDATE',
        [carrier, trackingNo],
      )
    ).rows[0];
    if (!p) throw new NotFoundError(`parcel ${carrier}/${trackingNo} not found`);
    if (p.status !== 'unresolved') throw new ValidationError([{ field: 'status', reason: `is ${p.status}; only unresolved parcels can be resolved by hand` }]);
    const v = await tx.query('SELECT 1 FROM nodes WHERE county = $1 AND id = $2 AND kind = $3', [p.county, villageCode, 'village_point']);
    if (v.rowCount === 0) throw new ValidationError([{ field: 'villageCode', reason: `must be a village point of county ${p.county}` }]);
    await tx.query(
      `UPDATE parcels SET village_code = $2, resolution = 'manual', status = 'pending', updated_at = now() WHERE id = $1::bigint`,
      [p.id, villageCode],
    );
  });
}
