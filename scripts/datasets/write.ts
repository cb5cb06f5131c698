/** Writes one built county: network, county boundary, fleet, demand, dataset.json and the GTFS bus feed. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUS_FEE_PER_PARCEL, BUS_FEE_PER_TRIP, SPEEDS } from './config.ts';
import { SEED } from './seed.ts';
import type { BuiltCounty, Line, OutNode, PreparedCounty } from './types.ts';

/** Place name of a committee: `岳峰村村民委员会` → `岳峰村`, `涌兴村委会` → `涌兴村`, `城台社区居民委员会` → `城台社区`. */
export function placeName(name: string): string {
  const base = name.replace(/(居民委员会|村民委员会|牧民委员会|居委会|村委会|牧委会)$/, '');
  if (base === name || /(村|社区)$/.test(base)) return base;
  return /(居民委员会|居委会)$/.test(name) ? base : `${base}村`;
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csv = (rows: (string | number)[][]): string => rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

/** GeoJSON with one feature per line: diff-friendly and still small. */
export function geojsonText(fc: { type: string; name: string; features: unknown[] }): string {
  return `{"type":"FeatureCollection","name":${JSON.stringify(fc.name)},"features":[\n${fc.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

const hhmm = (min: number): string => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(Math.round(min % 60)).padStart(2, '0')}`;
const hhmmss = (min: number): string => `${hhmm(min)}:00`;

function networkText(folder: string, nodes: readonly OutNode[]): string {
  return geojsonText({
    type: 'FeatureCollection',
    name: `${folder} network`,
    features: nodes.map((n) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: n.pos },
      properties: {
        id: n.id,
        kind: n.kind,
        code: n.code,
        name: n.name,
        parent: n.parent,
        township: n.township,
        station: n.station,
        poor: n.poor,
        community: n.community,
        open: n.open,
        close: n.close,
        synthetic: n.synthetic,
        estimated: n.estimated,
        urban_rural_class: n.urban_rural_class,
      },
    })),
  });
}

function datasetText(p: PreparedCounty): string {
  const dataset = {
    name: `${p.county.name} (${p.cfg.nameEn}), ${p.county.prefecture}, Qinghai`,
    countyCode: p.county.code,
    slug: p.cfg.folder,
    seed: SEED,
    timezone: 'Asia/Shanghai',
    travel: { circuity: p.cfg.circuity, speedKmh: SPEEDS },
    bus: { feeModel: 'trip', feePerTrip: BUS_FEE_PER_TRIP, feePerParcel: BUS_FEE_PER_PARCEL },
    sources: {
      codes: 'NBS 统计用区划代码和城乡划分代码 2023 via modood/Administrative-divisions-of-China',
      points: 'Township points, county boundary and 2016 urban-rural codes: Vonng/adcode, CC BY 4.0',
    },
    generatedBy: 'scripts/build-datasets.ts',
  };
  return JSON.stringify(dataset, null, 2) + '\n';
}

/** The six GTFS files of the synthetic bus feed, by file name. */
function gtfsFiles(code: string, countyName: string, lines: readonly Line[]): Record<string, string> {
  const stopNodes = [...new Map(lines.flatMap((l) => l.stops).map((s) => [s.id, s])).values()].sort((a, b) => a.id.localeCompare(b.id));
  return {
    'agency.txt': csv([
      ['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang'],
      [`${code}-BUS`, `${countyName}城乡客运 (synthetic)`, 'https://example.invalid/', 'Asia/Shanghai', 'zh'],
    ]),
    'stops.txt': csv([
      ['stop_id', 'stop_name', 'stop_lat', 'stop_lon', 'node_id'],
      ...stopNodes.map((s) => [`S${s.id}`, s.kind === 'county_warehouse' ? `${countyName}汽车站` : placeName(s.name), s.pos[1]!, s.pos[0]!, s.id]),
    ]),
    'routes.txt': csv([['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type'], ...lines.map((l) => [l.routeId, `${code}-BUS`, l.shortName, l.longName, 3])]),
    'trips.txt': csv([
      ['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id', 'cargo_kg', 'cargo_m3'],
      ...lines.flatMap((l) => l.trips.map((t) => [l.routeId, l.serviceId, t.tripId, placeName(t.stopTimes[t.stopTimes.length - 1]!.node.name), t.direction, t.cargoKg, t.cargoM3])),
    ]),
    'stop_times.txt': csv([
      ['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence'],
      ...lines.flatMap((l) => l.trips.flatMap((t) => t.stopTimes.map((s, i) => [t.tripId, hhmmss(s.arr), hhmmss(s.dep), `S${s.node.id}`, i + 1]))),
    ]),
    'calendar.txt': csv([
      ['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'],
      ...[...new Set(lines.map((l) => l.serviceId))].sort().map((s) => [s, 1, 1, 1, 1, 1, 1, s === 'DAILY' ? 1 : 0, '20260101', '20261231']),
    ]),
  };
}

/** Writes every file of the dataset into `<outRoot>/counties/<folder>/`; returns that folder. */
export function writeDataset(outRoot: string, p: PreparedCounty, b: BuiltCounty, readme: string): string {
  const outDir = path.join(outRoot, 'counties', p.cfg.folder);
  mkdirSync(path.join(outDir, 'bus'), { recursive: true });
  writeFileSync(path.join(outDir, 'network.geojson'), networkText(p.cfg.folder, b.nodes));
  writeFileSync(path.join(outDir, 'county.geojson'), p.countyFile);
  writeFileSync(path.join(outDir, 'fleet.json'), JSON.stringify({ vehicles: b.fleet }, null, 2) + '\n');
  writeFileSync(path.join(outDir, 'demand.csv'), b.demandRows.join('\n') + '\n');
  writeFileSync(path.join(outDir, 'dataset.json'), datasetText(p));
  for (const [name, text] of Object.entries(gtfsFiles(p.county.code, p.county.name, b.lines))) writeFileSync(path.join(outDir, 'bus', name), text);
  writeFileSync(path.join(outDir, 'README.md'), readme);
  return outDir;
}
