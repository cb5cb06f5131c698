/**
 * Readers for the spatial files of a dataset: `county.geojson` (boundary), `network.geojson`
 * (nodes, docs/datasets.md) and the optional `roads.geojson`. Problems are recorded in the
 * collector; the returned values hold only the rows that passed.
 */
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { NetworkNode, NodeKind, RoadLink } from './dataset.ts';
import { isObject } from './dataset-files.ts';
import { bool, clock, nodeRef, num, reqString, type IssueCollector, type NodeIds } from './dataset-issues.ts';

/** The node kinds, in tier order. */
export const NODE_KINDS: readonly NodeKind[] = ['county_warehouse', 'township_hub', 'village_point'];

/** Code length per kind: county 6 digits, township 9, village 12. */
const CODE_DIGITS: Readonly<Record<NodeKind, number>> = { county_warehouse: 6, township_hub: 9, village_point: 12 };

/**
 * How far (km) a node may lie outside the county polygon and still count as inside: the boundary
 * is a 2018 Amap polyline with ~1,500 vertices, so points on the border can fall a few metres out.
 */
export const BOUNDARY_TOLERANCE_KM = 0.2;

/** The county boundary geometry from `county.geojson` (a FeatureCollection, Feature or bare geometry). */
export function parseBoundary(raw: unknown, file: string, issues: IssueCollector): Polygon | MultiPolygon | undefined {
  const isArea = (g: unknown): g is Polygon | MultiPolygon =>
    isObject(g) && (g.type === 'Polygon' || g.type === 'MultiPolygon') && Array.isArray(g.coordinates);
  if (raw === undefined) return undefined;
  if (isArea(raw)) return raw;
  if (isObject(raw) && raw.type === 'Feature' && isArea(raw.geometry)) return raw.geometry;
  if (isObject(raw) && Array.isArray(raw.features)) {
    for (const f of raw.features) if (isObject(f) && isArea(f.geometry)) return f.geometry;
  }
  issues.add(file, undefined, 'geometry', 'no Polygon or MultiPolygon feature (the county boundary) found');
  return undefined;
}

/** Distance in km from a point to the nearest edge of an area. */
function kmToBoundary(p: Position, area: Polygon | MultiPolygon): number {
  const polys = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  let best = Infinity;
  for (const poly of polys)
    for (const ring of poly) {
      if (ring.length < 2) continue;
      best = Math.min(best, turf.pointToLineDistance(p, turf.lineString(ring), { units: 'kilometers' }));
    }
  return best;
}

/** True when `p` is inside `area` or within `toleranceKm` of its edge. */
export function insideWithTolerance(p: Position, area: Polygon | MultiPolygon, toleranceKm = BOUNDARY_TOLERANCE_KM): boolean {
  return turf.booleanPointInPolygon(p, area) || kmToBoundary(p, area) <= toleranceKm;
}

/** Result of `parseNetwork`: the valid nodes, and every id the file declares (valid or not). */
export interface ParsedNetwork {
  readonly nodes: NetworkNode[];
  readonly declared: ReadonlySet<string>;
}

/**
 * Parses `network.geojson` into nodes, checking each feature (row = 1-based feature index): point
 * geometry inside the county, id/code unique, kind known, code length per kind, parent present and of
 * the tier above (village → township hub → county warehouse), times "HH:MM" with open < close.
 */
export function parseNetwork(
  raw: unknown,
  file: string,
  boundary: Polygon | MultiPolygon | undefined,
  issues: IssueCollector,
): ParsedNetwork {
  if (raw === undefined) return { nodes: [], declared: new Set() };
  if (!isObject(raw) || !Array.isArray(raw.features)) {
    issues.add(file, undefined, 'features', 'must be a GeoJSON FeatureCollection with a features array');
    return { nodes: [], declared: new Set() };
  }
  interface Draft {
    node: NetworkNode;
    row: number;
    township: string | null | undefined;
  }
  const drafts: Draft[] = [];
  const firstRowById = new Map<string, number>();
  const firstRowByCode = new Map<string, number>();
  raw.features.forEach((f: unknown, i: number) => {
    const row = i + 1;
    const bad = issues.at(file, row);
    const before = issues.count;
    if (!isObject(f)) {
      bad('feature', 'must be a GeoJSON Feature object');
      return;
    }
    const p = isObject(f.properties) ? f.properties : {};
    if (!isObject(f.properties)) bad('properties', 'must be an object');
    const g = f.geometry;
    let lon: number | undefined, lat: number | undefined;
    if (!isObject(g) || g.type !== 'Point' || !Array.isArray(g.coordinates)) {
      bad('geometry', 'must be a Point');
    } else {
      lon = num(g.coordinates[0], 'geometry.coordinates[0] (lon)', bad, { json: true, min: -180, max: 180 });
      lat = num(g.coordinates[1], 'geometry.coordinates[1] (lat)', bad, { json: true, min: -90, max: 90 });
    }
    const id = reqString(p.id, 'properties.id', bad);
    const kindRaw = p.kind;
    const kind = NODE_KINDS.find((k) => k === kindRaw);
    if (!kind) bad('properties.kind', `must be one of ${NODE_KINDS.join('|')}, got ${JSON.stringify(kindRaw)}`);
    const code = reqString(p.code, 'properties.code', bad);
    if (code !== undefined && kind && !new RegExp(`^\\d{${CODE_DIGITS[kind]}}$`).test(code))
      bad('properties.code', `must be ${CODE_DIGITS[kind]} digits for a ${kind}, got "${code}"`);
    const name = reqString(p.name, 'properties.name', bad);
    const parentRaw = p.parent;
    const parent = parentRaw === null || parentRaw === undefined || parentRaw === '' ? null : String(parentRaw);
    const village = kind === 'village_point';
    const station = bool(p.station, 'properties.station', bad, village ? undefined : true);
    const poor = bool(p.poor, 'properties.poor', bad, false);
    const community = bool(p.community, 'properties.community', bad, false);
    const synthetic = bool(p.synthetic, 'properties.synthetic', bad, false);
    const estimated = bool(p.estimated, 'properties.estimated', bad, false);
    const open = clock(p.open, 'properties.open', bad);
    const close = clock(p.close, 'properties.close', bad);
    if (open !== undefined && close !== undefined && close <= open) bad('properties.close', `must be after open (${String(p.open)}), got ${String(p.close)}`);
    if (lon !== undefined && lat !== undefined && boundary && !insideWithTolerance([lon, lat], boundary))
      bad('geometry.coordinates', `point (${lon}, ${lat}) is outside the county boundary (tolerance ${BOUNDARY_TOLERANCE_KM} km)`);
    if (id !== undefined) {
      const first = firstRowById.get(id);
      if (first !== undefined) bad('properties.id', `duplicate id "${id}" (first at feature ${first})`);
      else firstRowById.set(id, row);
    }
    if (code !== undefined) {
      const first = firstRowByCode.get(code);
      if (first !== undefined) bad('properties.code', `duplicate code "${code}" (first at feature ${first})`);
      else firstRowByCode.set(code, row);
    }
    if (issues.count > before || id === undefined || !kind || code === undefined || name === undefined) return;
    const township = p.township === undefined ? undefined : p.township === null ? null : String(p.township);
    drafts.push({
      row,
      township,
      node: {
        id,
        kind,
        code,
        name,
        parent,
        lon: lon!,
        lat: lat!,
        station: station!,
        poor: poor!,
        community: community!,
        open: String(p.open).trim(),
        close: String(p.close).trim(),
        synthetic: synthetic!,
        estimated: estimated!,
      },
    });
  });

  // References between rows, checked once all rows are known.
  const byId = new Map(drafts.map((d) => [d.node.id, d.node]));
  const allIds = new Set(firstRowById.keys());
  const warehouses = drafts.filter((d) => d.node.kind === 'county_warehouse');
  if (warehouses.length !== 1 && raw.features.length > 0)
    issues.add(file, undefined, 'properties.kind', `exactly one county_warehouse is required, found ${warehouses.length}`);
  const ok: NetworkNode[] = [];
  for (const d of drafts) {
    const { node, row } = d;
    const bad = issues.at(file, row);
    const before = issues.count;
    const parentNode = node.parent === null ? undefined : byId.get(node.parent);
    // The parent must exist and be of the tier above. A parent whose own row is invalid is not
    // reported again here (its row already has an issue).
    const parentIs = (want: NodeKind, label: string): NetworkNode | undefined => {
      const pid = node.parent!;
      if (!allIds.has(pid)) bad('properties.parent', `${label} "${pid}" does not exist as a ${want} in ${file}`);
      else if (parentNode && parentNode.kind !== want) bad('properties.parent', `${label} "${pid}" is a ${parentNode.kind}, expected a ${want}`);
      return parentNode?.kind === want ? parentNode : undefined;
    };
    if (node.kind === 'county_warehouse') {
      if (node.parent !== null) bad('properties.parent', `must be null for the county warehouse, got "${node.parent}"`);
    } else if (node.parent === null) {
      bad('properties.parent', `is required for a ${node.kind}`);
    } else if (node.kind === 'township_hub') {
      const p = parentIs('county_warehouse', 'parent');
      if (p && !node.code.startsWith(p.code)) bad('properties.code', `must start with the county code ${p.code}`);
    } else {
      const p = parentIs('township_hub', 'township');
      if (p && !node.code.startsWith(p.code)) bad('properties.code', `must start with its township code ${p.code}`);
    }
    if (node.kind === 'village_point' && d.township !== undefined && d.township !== node.parent) {
      const t = d.township === null ? undefined : byId.get(d.township);
      if (!t || t.kind !== 'township_hub') bad('properties.township', `township "${String(d.township)}" does not exist as a township_hub in ${file}`);
      else bad('properties.township', `must equal parent "${String(node.parent)}", got "${d.township}"`);
    }
    if (issues.count === before) ok.push(Object.freeze(node));
  }
  return { nodes: ok, declared: allIds };
}

/**
 * Parses the optional `roads.geojson`: LineString features with `{from, to, km, minutes, class}`
 * between known node ids; km and minutes > 0. Links are undirected.
 */
export function parseRoads(raw: unknown, file: string, nodeIds: NodeIds, issues: IssueCollector): RoadLink[] {
  if (raw === undefined) return [];
  if (!isObject(raw) || !Array.isArray(raw.features)) {
    issues.add(file, undefined, 'features', 'must be a GeoJSON FeatureCollection with a features array');
    return [];
  }
  const out: RoadLink[] = [];
  raw.features.forEach((f: unknown, i: number) => {
    const bad = issues.at(file, i + 1);
    const before = issues.count;
    if (!isObject(f)) return bad('feature', 'must be a GeoJSON Feature object');
    const p = isObject(f.properties) ? f.properties : {};
    if (!isObject(f.geometry) || f.geometry.type !== 'LineString') bad('geometry', 'must be a LineString');
    const from = reqString(p.from, 'properties.from', bad);
    const to = reqString(p.to, 'properties.to', bad);
    if (from !== undefined) nodeRef(from, nodeIds, 'properties.from', bad);
    if (to !== undefined) nodeRef(to, nodeIds, 'properties.to', bad);
    if (from !== undefined && from === to) bad('properties.to', 'must differ from from');
    const km = num(p.km, 'properties.km', bad, { json: true, min: 0, exclusiveMin: true });
    const minutes = num(p.minutes, 'properties.minutes', bad, { json: true, min: 0, exclusiveMin: true });
    const cls = reqString(p.class, 'properties.class', bad);
    if (issues.count === before) out.push(Object.freeze({ from: from!, to: to!, km: km!, minutes: minutes!, class: cls! }));
  });
  return out;
}
