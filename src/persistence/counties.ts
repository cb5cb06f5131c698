/**
 * County repository: `importCounty` stores a validated Dataset (network nodes, fleet, bus feed,
 * travel settings); `getCounty` reads back what dispatch and ingest need. Import is idempotent:
 * re-importing a county replaces its nodes and fleet in one transaction (parcels are untouched).
 */
import type { BusFeed, Dataset, NetworkNode, NodeKind, TravelSettings, Vehicle } from '../domain/dataset.ts';
import { NotFoundError } from '../errors.ts';
import type { Db } from './db.ts';
import type { StoredCounty } from '../domain/stored-county.ts';

export type { StoredCounty } from '../domain/stored-county.ts';

/** Counts written by `importCounty`. */
export interface ImportCountyResult {
  readonly county: string;
  readonly nodes: number;
  readonly vehicles: number;
  readonly busTrips: number;
}

/** Upserts one county and replaces its network and fleet, in one transaction. Idempotent. */
export async function importCounty(db: Db, dataset: Dataset): Promise<ImportCountyResult> {
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO counties (code, slug, name, warehouse_id, boundary, travel, bus, imported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (code) DO UPDATE SET slug = EXCLUDED.slug, name = EXCLUDED.name,
         warehouse_id = EXCLUDED.warehouse_id, boundary = EXCLUDED.boundary, travel = EXCLUDED.travel,
         bus = EXCLUDED.bus, imported_at = now()`,
      [
        dataset.countyCode,
        dataset.slug,
        dataset.name,
        dataset.warehouseId,
        JSON.stringify(dataset.boundary ?? null),
        JSON.stringify(dataset.travel ?? {}),
        JSON.stringify(dataset.bus ?? { stops: [], trips: [] }),
      ],
    );
    await tx.query('DELETE FROM nodes WHERE county = $1', [dataset.countyCode]);
    const n = dataset.nodes;
    await tx.query(
      `INSERT INTO nodes (county, id, kind, code, name, parent, lon, lat, station, poor, community, open, close, synthetic, estimated)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[],
         $9::bool[], $10::bool[], $11::bool[], $12::text[], $13::text[], $14::bool[], $15::bool[])`,
      [
        dataset.countyCode,
        n.map((x) => x.id),
        n.map((x) => x.kind),
        n.map((x) => x.code),
        n.map((x) => x.name),
        n.map((x) => x.parent),
        n.map((x) => x.lon),
        n.map((x) => x.lat),
        n.map((x) => x.station),
        n.map((x) => x.poor),
        n.map((x) => x.community ?? false),
        n.map((x) => x.open),
        n.map((x) => x.close),
        n.map((x) => x.synthetic ?? false),
        n.map((x) => x.estimated ?? false),
      ],
    );
    await tx.query('DELETE FROM vehicles WHERE county = $1', [dataset.countyCode]);
    const f = dataset.fleet;
    await tx.query(
      `INSERT INTO vehicles (county, id, depot, capacity_kg, capacity_m3, refrigerated, shift_start, shift_end,
         cost_per_km, cost_per_hour, fixed_cost)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::float8[], $5::float8[], $6::bool[], $7::text[], $8::text[],
         $9::float8[], $10::float8[], $11::float8[])`,
      [
        dataset.countyCode,
        f.map((v) => v.id),
        f.map((v) => v.depot),
        f.map((v) => v.capacityKg),
        f.map((v) => v.capacityM3),
        f.map((v) => v.refrigerated),
        f.map((v) => v.shiftStart),
        f.map((v) => v.shiftEnd),
        f.map((v) => v.costPerKm),
        f.map((v) => v.costPerHour),
        f.map((v) => v.fixedCost),
      ],
    );
    return { county: dataset.countyCode, nodes: n.length, vehicles: f.length, busTrips: dataset.bus?.trips.length ?? 0 };
  });
}

interface CountyRow {
  code: string;
  slug: string;
  name: string;
  warehouse_id: string;
  travel: TravelSettings;
  bus: BusFeed;
}
interface NodeRow {
  id: string;
  kind: NodeKind;
  code: string;
  name: string;
  parent: string | null;
  lon: number;
  lat: number;
  station: boolean;
  poor: boolean;
  community: boolean;
  open: string;
  close: string;
  synthetic: boolean;
  estimated: boolean;
}
interface VehicleRow {
  id: string;
  depot: string;
  capacity_kg: number;
  capacity_m3: number;
  refrigerated: boolean;
  shift_start: string;
  shift_end: string;
  cost_per_km: number;
  cost_per_hour: number;
  fixed_cost: number;
}

/** Reads a stored county with its nodes, fleet and bus feed. Throws NotFoundError when absent. */
export async function getCounty(db: Db, code: string): Promise<StoredCounty> {
  const c = (await db.query<CountyRow>('SELECT code, slug, name, warehouse_id, travel, bus FROM counties WHERE code = $1', [code]))
    .rows[0];
  if (!c) throw new NotFoundError(`county ${code} is not imported`);
  const nodes: NetworkNode[] = (
    await db.query<NodeRow>(
      `SELECT id, kind, code, name, parent, lon, lat, station, poor, community, open, close, synthetic, estimated
       FROM nodes WHERE county = $1 ORDER BY id`,
      [code],
    )
  ).rows.map((r) => ({ ...r }));
  const fleet: Vehicle[] = (
    await db.query<VehicleRow>('SELECT * FROM vehicles WHERE county = $1 ORDER BY id', [code])
  ).rows.map((r) => ({
    id: r.id,
    depot: r.depot,
    capacityKg: r.capacity_kg,
    capacityM3: r.capacity_m3,
    refrigerated: r.refrigerated,
    shiftStart: r.shift_start,
    shiftEnd: r.shift_end,
    costPerKm: r.cost_per_km,
    costPerHour: r.cost_per_hour,
    fixedCost: r.fixed_cost,
  }));
  return {
    code: c.code,
    slug: c.slug,
    name: c.name,
    warehouseId: c.warehouse_id,
    nodes,
    nodeById: new Map(nodes.map((x) => [x.id, x])),
    fleet,
    bus: c.bus,
    travel: c.travel,
  };
}

/** Summary row of `listCounties`. */
export interface CountySummary {
  readonly code: string;
  readonly slug: string;
  readonly name: string;
  readonly villages: number;
}

/** Lists the imported counties with their village counts. */
export async function listCounties(db: Db): Promise<CountySummary[]> {
  const r = await db.query<{ code: string; slug: string; name: string; villages: number }>(
    `SELECT c.code, c.slug, c.name,
       (SELECT count(*)::int FROM nodes n WHERE n.county = c.code AND n.kind = 'village_point') AS villages
     FROM counties c ORDER BY c.code`,
  );
  return r.rows;
}
