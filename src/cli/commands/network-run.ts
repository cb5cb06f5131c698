/**
 * The work of `rural-dispatch network` (declared in ./network.ts, this module is loaded when the
 * command runs): loads and validates a county dataset and summarises its shape.
 */
import path from 'node:path';
import type { Dataset, TravelMatrix } from '../../domain/dataset.ts';
import { loadDataset } from '../../domain/load-dataset.ts';
import { loadTravelMatrix } from '../../network/travel-matrix.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';

/** The machine-readable summary printed by `--json`. */
export interface NetworkSummary {
  readonly dataset: string;
  readonly name: string;
  readonly countyCode: string;
  readonly warehouses: number;
  readonly townships: number;
  readonly villages: number;
  readonly communities: number;
  readonly stations: number;
  readonly poor: number;
  readonly syntheticPoints: number;
  /** Townships with no source point whose hub position is an estimate. */
  readonly estimatedTownships: readonly { readonly code: string; readonly name: string }[];
  /** [minLon, minLat, maxLon, maxLat] of all nodes. */
  readonly bbox: readonly [number, number, number, number];
  readonly vehicles: number;
  readonly bus: { readonly lines: number; readonly trips: number; readonly stops: number };
  readonly roads: number;
  readonly matrix: {
    readonly source: 'roads' | 'geodesic';
    readonly circuity: number;
    /** Over all other nodes, from the county warehouse. */
    readonly fromWarehouse: { readonly meanKm: number; readonly maxKm: number; readonly meanMinutes: number; readonly maxMinutes: number };
  };
}

/** The demo county (湟源县), used when `--dataset` is not given; resolved from the package root, not the cwd. */
export const DEMO_DATASET = path.join(PACKAGE_ROOT, 'data/counties/630123-huangyuan');

const r2 = (x: number): number => Math.round(x * 100) / 100;

/** Summarises a loaded dataset and its travel matrix. */
export function summarize(ds: Dataset, m: TravelMatrix): NetworkSummary {
  const hubs = ds.nodes.filter((n) => n.kind === 'township_hub');
  const villages = ds.nodes.filter((n) => n.kind === 'village_point');
  const lons = ds.nodes.map((n) => n.lon);
  const lats = ds.nodes.map((n) => n.lat);
  const w = m.index.get(ds.warehouseId)!;
  let sumKm = 0, maxKm = 0, sumMin = 0, maxMin = 0;
  for (let j = 0; j < m.n; j++) {
    if (j === w) continue;
    const km = m.km[w * m.n + j]!;
    const min = m.minutes[w * m.n + j]!;
    sumKm += km;
    sumMin += min;
    maxKm = Math.max(maxKm, km);
    maxMin = Math.max(maxMin, min);
  }
  const others = Math.max(1, m.n - 1);
  return {
    dataset: ds.slug,
    name: ds.name,
    countyCode: ds.countyCode,
    warehouses: ds.nodes.filter((n) => n.kind === 'county_warehouse').length,
    townships: hubs.length,
    villages: villages.length,
    communities: villages.filter((v) => v.community).length,
    stations: villages.filter((v) => v.station).length,
    poor: villages.filter((v) => v.poor).length,
    syntheticPoints: ds.nodes.filter((n) => n.synthetic).length,
    estimatedTownships: hubs.filter((h) => h.estimated).map((h) => ({ code: h.code, name: h.name })),
    bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
    vehicles: ds.fleet.length,
    bus: { lines: new Set(ds.bus.trips.map((t) => t.routeId)).size, trips: ds.bus.trips.length, stops: ds.bus.stops.length },
    roads: ds.roads.length,
    matrix: {
      source: ds.roads.length > 0 ? 'roads' : 'geodesic',
      circuity: ds.travel.circuity,
      fromWarehouse: { meanKm: r2(sumKm / others), maxKm: r2(maxKm), meanMinutes: r2(sumMin / others), maxMinutes: r2(maxMin) },
    },
  };
}

function text(s: NetworkSummary): string {
  const f = s.matrix.fromWarehouse;
  return [
    `${s.name} [${s.dataset}]`,
    `  tiers:        ${s.warehouses} county warehouse, ${s.townships} township hubs, ${s.villages} village points (${s.communities} communities)`,
    `  villages:     ${s.stations} with a service station, ${s.poor} registered poor, ${s.syntheticPoints} synthetic positions`,
    `  townships without a source point (estimated): ${s.estimatedTownships.length ? s.estimatedTownships.map((t) => `${t.code} ${t.name}`).join(', ') : 'none'}`,
    `  bbox:         ${s.bbox.map((x) => x.toFixed(6)).join(', ')}  (minLon, minLat, maxLon, maxLat)`,
    `  fleet:        ${s.vehicles} vehicles; bus: ${s.bus.lines} lines, ${s.bus.trips} trips, ${s.bus.stops} stops; roads: ${s.roads} links`,
    `  travel (${s.matrix.source}${s.matrix.source === 'geodesic' ? ` x ${s.matrix.circuity}` : ''}) from the warehouse: ` +
      `mean ${f.meanKm} km / ${f.meanMinutes} min, max ${f.maxKm} km / ${f.maxMinutes} min`,
  ].join('\n');
}

/** Options of `network`. */
export interface NetworkOptions {
  readonly dataset?: string;
  readonly json?: boolean;
}

/** Runs `network`: loads the dataset and its travel matrix and prints the summary. */
export async function runNetwork(opts: NetworkOptions): Promise<void> {
  const dir = opts.dataset ?? DEMO_DATASET;
  const ds = await loadDataset(dir);
  const m = await loadTravelMatrix(ds, dir);
  const s = summarize(ds, m);
  process.stdout.write((opts.json ? JSON.stringify(s, null, 2) : text(s)) + '\n');
}
