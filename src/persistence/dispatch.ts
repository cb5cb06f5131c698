/**
 * Postgres/PGlite adapters of the dispatch ports (src/dispatch/ports.ts): daily dispatch writes
 * (runs, stops, manifest items, shipments, parcel outcomes) and the consolidation read model.
 */
import type { DispatchParcel } from '../dispatch/assign.ts';
import type { ConsolidationRepository, CountyReader, DayPlan, DispatchRepository, EligibleGroup } from '../dispatch/ports.ts';
import type { Temperature } from '../ingest/schema.ts';
import { getCounty } from './counties.ts';
import type { Db } from './db.ts';
import { refreshRunTotals } from './runs.ts';
import { getActiveTimetable } from './timetables.ts';

/** SQL predicate (params: $1 county, $2 date, $3 end-of-date instant) of parcels eligible on a date. */
const ELIGIBLE_SQL = `county = $1 AND village_code IS NOT NULL AND ready_at < $3::timestamptz AND (
    status = 'pending'
    OR (status IN ('assigned', 'deferred') AND service_date = $2)
    OR (status = 'deferred' AND service_date < $2 AND (defer_until IS NULL OR defer_until <= $2)))`;

interface EligibleRow {
  id: string;
  carrier: string;
  village_code: string;
  weight_kg: number;
  volume_l: number;
  temperature: Temperature;
  ready_at: Date;
  due_by: Date | null;
}

/** Number of unresolved parcels of `county`. */
export async function countUnresolved(db: Db, county: string): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM parcels WHERE county = $1 AND status = 'unresolved'`, [county])).rows[0]!.n;
}

function pgCountyReader(db: Db): CountyReader {
  return {
    loadCounty: (county) => getCounty(db, county),
    activeTimetable: async (county) => (await getActiveTimetable(db, county))?.timetable ?? null,
    countUnresolved: (county) => countUnresolved(db, county),
  };
}

/** The DispatchRepository of `db` (the pool or a transaction). */
export function pgDispatchRepository(db: Db): DispatchRepository {
  return {
    ...pgCountyReader(db),
    withTransaction: (fn) => db.transaction((tx) => fn(pgDispatchRepository(tx))),
    async lockDay(county, date) {
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dispatch:${county}:${date}`]);
    },
    async clearDay(county, date) {
      await db.query('DELETE FROM shipments WHERE county = $1 AND service_date = $2', [county, date]);
      await db.query('DELETE FROM runs WHERE county = $1 AND service_date = $2', [county, date]);
      await db.query(
        `UPDATE parcels SET status = 'pending', run_id = NULL, eta = NULL, service_date = NULL, defer_reason = NULL,
           defer_until = NULL, updated_at = now()
         WHERE county = $1 AND service_date = $2 AND status IN ('assigned', 'deferred')`,
        [county, date],
      );
    },
    async eligibleParcels(county, date, end): Promise<DispatchParcel[]> {
      const rows = (
        await db.query<EligibleRow>(
          `SELECT id::text AS id, carrier, village_code, weight_kg, volume_l, temperature, ready_at, due_by
           FROM parcels WHERE ${ELIGIBLE_SQL}`,
          [county, date, end],
        )
      ).rows;
      return rows.map((r) => ({
        id: r.id,
        carrier: r.carrier,
        villageCode: r.village_code,
        kg: r.weight_kg,
        m3: r.volume_l / 1000,
        temperature: r.temperature,
        readyAt: r.ready_at.getTime(),
        dueBy: r.due_by ? r.due_by.getTime() : null,
      }));
    },
    savePlan: (county, date, plan) => savePlan(db, county, date, plan),
  };
}

async function savePlan(tx: Db, county: string, date: string, plan: DayPlan): Promise<void> {
  const { runs, items, outcomes: o, shipments: sh } = plan;
  await tx.query(
    `INSERT INTO runs (id, county, service_date, kind, line_id, tier, trip_id, vehicle, refrigerated, depart,
       capacity_kg, capacity_m3, feeds_from)
     SELECT u.id, $1, $2, u.kind, u.line_id, u.tier, u.trip_id, u.vehicle, u.refrigerated, u.depart, u.capacity_kg,
       u.capacity_m3, u.feeds_from
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bool[], $10::text[],
       $11::float8[], $12::float8[], $13::text[])
       AS u(id, kind, line_id, tier, trip_id, vehicle, refrigerated, depart, capacity_kg, capacity_m3, feeds_from)`,
    [
      county,
      date,
      runs.map((r) => r.id),
      runs.map((r) => r.kind),
      runs.map((r) => r.lineId),
      runs.map((r) => r.tier),
      runs.map((r) => r.tripId),
      runs.map((r) => r.vehicle),
      runs.map((r) => r.refrigerated),
      runs.map((r) => r.depart),
      runs.map((r) => r.capacityKg),
      runs.map((r) => r.capacityM3),
      runs.map((r) => r.feedsFrom),
    ],
  );
  const stops = runs.flatMap((r) => r.stops.map((s) => ({ run: r.id, ...s })));
  await tx.query(
    `INSERT INTO run_stops (run_id, seq, node, arrive, depart)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[])`,
    [stops.map((s) => s.run), stops.map((s) => s.seq), stops.map((s) => s.node), stops.map((s) => s.arrive), stops.map((s) => s.depart)],
  );
  await tx.query(
    `INSERT INTO manifest_items (run_id, parcel_id, seq)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[])`,
    [items.map((i) => i.run), items.map((i) => i.parcel), items.map((i) => i.seq)],
  );
  await tx.query(
    `UPDATE parcels p SET status = u.status, run_id = u.run_id, eta = u.eta, service_date = $1,
       defer_reason = u.reason, defer_until = u.until, updated_at = now()
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[])
       AS u(id, status, run_id, eta, reason, until)
     WHERE p.id = u.id`,
    [date, o.map((x) => x.id), o.map((x) => x.status), o.map((x) => x.runId), o.map((x) => x.eta), o.map((x) => x.reason), o.map((x) => x.until)],
  );
  await refreshRunTotals(tx, runs.map((r) => r.id));
  await tx.query(
    `INSERT INTO shipments (county, service_date, village_code, run_id, parcels, kg, m3, chilled_kg)
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::int[], $6::float8[], $7::float8[], $8::float8[])`,
    [county, date, sh.map((s) => s.village), sh.map((s) => s.run), sh.map((s) => s.n), sh.map((s) => s.kg), sh.map((s) => s.m3), sh.map((s) => s.cold)],
  );
}

interface GroupRow {
  village_code: string;
  carrier: string;
  status: string;
  run_id: string | null;
  n: number;
  kg: number;
  m3: number;
  cold_kg: number;
  defer_until: string | null;
}

/** The ConsolidationRepository of `db`. */
export function pgConsolidationRepository(db: Db): ConsolidationRepository {
  return {
    ...pgCountyReader(db),
    async eligibleGroups(county, date, end): Promise<EligibleGroup[]> {
      const rows = (
        await db.query<GroupRow>(
          `SELECT village_code, carrier, status, run_id, count(*)::int AS n, sum(weight_kg) AS kg,
                  sum(volume_l) / 1000.0 AS m3, coalesce(sum(weight_kg) FILTER (WHERE temperature <> 'ambient'), 0) AS cold_kg,
                  min(defer_until) AS defer_until
           FROM parcels WHERE ${ELIGIBLE_SQL}
           GROUP BY village_code, carrier, status, run_id`,
          [county, date, end],
        )
      ).rows;
      return rows.map((r) => ({
        villageCode: r.village_code,
        carrier: r.carrier,
        status: r.status,
        runId: r.run_id,
        n: r.n,
        kg: r.kg,
        m3: r.m3,
        coldKg: r.cold_kg,
        deferUntil: r.defer_until,
      }));
    },
    async dayDispatched(county, date) {
      return (await db.query('SELECT 1 FROM runs WHERE county = $1 AND service_date = $2 LIMIT 1', [county, date])).rowCount > 0;
    },
    async runsOfDay(county, date) {
      const r = await db.query<{ id: string; kind: string; line_id: string | null; trip_id: string | null }>(
        'SELECT id, kind, line_id, trip_id FROM runs WHERE county = $1 AND service_date = $2',
        [county, date],
      );
      return r.rows.map((x) => ({ id: x.id, kind: x.kind, lineId: x.line_id, tripId: x.trip_id }));
    },
  };
}
