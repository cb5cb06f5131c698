/**
 * Postgres/PGlite adapter of the ManifestRepository port (src/dispatch/ports.ts): tables `runs`,
 * `run_stops`, `manifest_items`, `parcels` and `nodes` (schema: migrations/).
 */
import type { ManifestItemRow, ManifestRepository, RunStopRow } from '../dispatch/ports.ts';
import type { RunSummary } from '../domain/runs.ts';
import { formatInstantOrNull } from '../domain/time.ts';
import type { Db } from './db.ts';

interface RunRow {
  id: string;
  county: string;
  service_date: string;
  kind: RunSummary['kind'];
  line_id: string | null;
  tier: string | null;
  trip_id: string | null;
  vehicle: string | null;
  refrigerated: boolean;
  depart: string;
  capacity_kg: number;
  capacity_m3: number;
  load_kg: number;
  load_m3: number;
  parcels: number;
  feeds_from: string | null;
}

const RUN_COLUMNS = `id, county, service_date, kind, line_id, tier, trip_id, vehicle, refrigerated, depart, capacity_kg,
  capacity_m3, load_kg, load_m3, parcels, feeds_from`;

function toRun(r: RunRow): RunSummary {
  return {
    id: r.id,
    county: r.county,
    date: r.service_date,
    kind: r.kind,
    lineId: r.line_id,
    tier: r.tier,
    tripId: r.trip_id,
    vehicle: r.vehicle,
    refrigerated: r.refrigerated,
    depart: r.depart,
    capacityKg: r.capacity_kg,
    capacityM3: r.capacity_m3,
    loadKg: r.load_kg,
    loadM3: r.load_m3,
    parcels: r.parcels,
    feedsFrom: r.feeds_from,
  };
}

interface ItemRow {
  seq: number;
  carrier: string;
  tracking_no: string;
  village_code: string;
  weight_kg: number;
  volume_l: number;
  temperature: string;
  status: string;
  eta: Date | null;
}

/** The ManifestRepository of `db`. */
export function pgManifestRepository(db: Db): ManifestRepository {
  return {
    async runsOf(county, date) {
      const r = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE county = $1 AND service_date = $2 ORDER BY depart, id`, [county, date]);
      return r.rows.map(toRun);
    },
    async findRun(runId) {
      const row = (await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1`, [runId])).rows[0];
      return row ? toRun(row) : null;
    },
    async stopsOf(run) {
      const r = await db.query<RunStopRow>(
        `SELECT s.seq, s.node, s.arrive, s.depart, n.name, n.kind
         FROM run_stops s LEFT JOIN nodes n ON n.county = $2 AND n.id = s.node
         WHERE s.run_id = $1 ORDER BY s.seq`,
        [run.id, run.county],
      );
      return r.rows.map((s) => ({ seq: s.seq, node: s.node, arrive: s.arrive, depart: s.depart, name: s.name, kind: s.kind }));
    },
    async itemsOf(runId): Promise<ManifestItemRow[]> {
      const r = await db.query<ItemRow>(
        `SELECT m.seq, p.carrier, p.tracking_no, p.village_code, p.weight_kg, p.volume_l, p.temperature, p.status, p.eta
         FROM manifest_items m JOIN parcels p ON p.id = m.parcel_id
         WHERE m.run_id = $1 ORDER BY m.seq, p.village_code, p.carrier, p.tracking_no`,
        [runId],
      );
      return r.rows.map((i) => ({
        seq: i.seq,
        carrier: i.carrier,
        trackingNo: i.tracking_no,
        villageCode: i.village_code,
        weightKg: i.weight_kg,
        volumeL: i.volume_l,
        temperature: i.temperature,
        status: i.status,
        eta: formatInstantOrNull(i.eta),
      }));
    },
  };
}
