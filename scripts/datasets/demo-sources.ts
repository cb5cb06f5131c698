/** Reader of the hand-curated demo sources (`../shared/data-sources/qinghai/<folder>/`). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { parse } from 'csv-parse/sync';
import { inside, roundPos } from './geometry.ts';
import type { CountyConfig, PreparedCounty, SourceCounty, SourceTownship, SourceVillage, TownshipPoint } from './types.ts';

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function readSources(dir: string): { county: SourceCounty; townships: SourceTownship[]; villages: SourceVillage[] } {
  const countyFc = readJson<FeatureCollection>(path.join(dir, 'county.geojson'));
  const seatF = countyFc.features.find((f) => f.properties?.level === 'county_seat');
  const boundF = countyFc.features.find((f) => f.properties?.level === 'county');
  if (!seatF || seatF.geometry.type !== 'Point' || !boundF) throw new Error(`${dir}: county.geojson lacks seat or boundary`);
  if (boundF.geometry.type !== 'Polygon' && boundF.geometry.type !== 'MultiPolygon') throw new Error(`${dir}: boundary not a polygon`);
  const props = seatF.properties ?? {};
  const county: SourceCounty = {
    code: String(props.code),
    name: String(props.name),
    prefecture: String(props.prefecture ?? ''),
    seat: seatF.geometry.coordinates,
    boundary: boundF as Feature<Polygon | MultiPolygon>,
  };
  const tfc = readJson<FeatureCollection<Point | null>>(path.join(dir, 'townships.geojson'));
  const townships = tfc.features
    .map((f) => ({
      code: String(f.properties?.code),
      name: String(f.properties?.name),
      type: String(f.properties?.type),
      villageCount: Number(f.properties?.village_count),
      point: f.geometry ? f.geometry.coordinates : null,
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const rows = parse(readFileSync(path.join(dir, 'villages.csv'), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const villages = rows
    .map((r) => ({
      code: r.code ?? '',
      name: r.name ?? '',
      townshipCode: r.township_code ?? '',
      urClass: r.urban_rural_class ?? '',
      unitType: r.unit_type === 'community' ? ('community' as const) : ('village' as const),
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return { county, townships, villages };
}

/**
 * A demo county: township points real where the sources have one, else the hand estimate of the
 * config (km and bearing from the county seat); the county file copied byte for byte.
 */
export function prepareDemoCounty(srcRoot: string, cfg: CountyConfig): PreparedCounty {
  const srcDir = path.join(srcRoot, cfg.folder);
  const { county, townships, villages } = readSources(srcDir);
  const tPoints: TownshipPoint[] = townships.map((t) => {
    if (t.point) return { ...t, point: roundPos(t.point), estimated: false, note: '' };
    const est = cfg.estimates.find((e) => e.code === t.code);
    if (!est) throw new Error(`${cfg.folder}: township ${t.code} has no point and no estimate`);
    const p = roundPos(turf.destination(county.seat, est.km, est.bearing, { units: 'kilometers' }).geometry.coordinates);
    if (!inside(p, county.boundary)) throw new Error(`${cfg.folder}: estimate for ${t.code} falls outside the county`);
    return { ...t, point: p, estimated: true, note: est.note };
  });
  // The seat township: the one coded ...100 (the first 镇, where the county town is).
  const seatTownship = tPoints.find((t) => t.code.endsWith('100')) ?? tPoints[0]!;
  return {
    cfg,
    county,
    tPoints,
    seatTownship,
    villages,
    warehouseName: `${county.name}县级仓储物流配送中心`.replace('县县', '县'),
    // Copy the bytes, not the (read-only) file mode of the source tree.
    countyFile: readFileSync(path.join(srcDir, 'county.geojson')),
    provenance: { origin: 'demo', notes: [] },
  };
}
