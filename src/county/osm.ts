/**
 * An OpenStreetMap road graph from an extract: `.osm.pbf` (parsed with the npm package
 * `tiny-osmpbf`) or GeoJSON LineStrings / MultiLineStrings carrying the OSM tags as properties
 * (e.g. an osmium or ogr2ogr export). The result is a directed arc list over vertex coordinates.
 *
 * Kept: ways with a `highway` value of ROAD_SPEED_KMH (motor roads down to tracks). Dropped:
 * footways, paths, steps, cycleways and the like, `route=ferry`, `ford=yes`, `area=yes`,
 * `access` / `motor_vehicle` = `no` | `private`. One-way: `oneway=yes|true|1` (forward),
 * `oneway=-1|reverse` (backward), motorways and `junction=roundabout` unless `oneway=no`.
 * Speed: by highway class (table below; `*_link` as its road); `maxspeed` is not read.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OsmPbfElement } from 'tiny-osmpbf';
import { ValidationError } from '../errors.ts';

/** Assumed speed (km/h) per OSM highway class, for a loaded light truck on rural roads in China. */
export const ROAD_SPEED_KMH: Readonly<Record<string, number>> = {
  motorway: 90,
  trunk: 70,
  primary: 60,
  secondary: 50,
  tertiary: 40,
  unclassified: 30,
  road: 30,
  residential: 25,
  living_street: 15,
  service: 20,
  track: 15,
};

export interface RoadGraphInput {
  /** Vertex coordinates, [lon, lat] interleaved. */
  readonly coords: Float64Array;
  readonly n: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly km: Float64Array;
  readonly minutes: Float64Array;
  /** Index into `classes` per arc. */
  readonly cls: Uint8Array;
  readonly classes: readonly string[];
  readonly ways: number;
  readonly dropped: number;
}

type Tags = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** The road class of a way, or null when it is no road for trucks. */
export function roadClass(tags: Tags): string | null {
  const hw = typeof tags.highway === 'string' ? tags.highway : null;
  if (!hw) return null;
  const base = hw.endsWith('_link') ? hw.slice(0, -5) : hw;
  if (!(base in ROAD_SPEED_KMH)) return null;
  if (tags.route === 'ferry' || tags.ford === 'yes' || tags.area === 'yes') return null;
  for (const k of ['access', 'motor_vehicle']) if (tags[k] === 'no' || tags[k] === 'private') return null;
  return base;
}

/** 1 forward only, -1 backward only, 0 both ways. */
export function onewayOf(tags: Tags, cls: string): 1 | -1 | 0 {
  const o = String(tags.oneway ?? '');
  if (o === 'yes' || o === 'true' || o === '1') return 1;
  if (o === '-1' || o === 'reverse') return -1;
  if (o === 'no' || o === 'false' || o === '0') return 0;
  return cls === 'motorway' || tags.junction === 'roundabout' ? 1 : 0;
}

const R = 6371.0088;
export function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Accumulates ways into arcs; vertices keyed by OSM node id or rounded coordinates. */
class Builder {
  private readonly vertex = new Map<string | number, number>();
  private readonly xy: number[] = [];
  private readonly a: number[] = [];
  private readonly b: number[] = [];
  private readonly d: number[] = [];
  private readonly t: number[] = [];
  private readonly c: number[] = [];
  readonly classes: string[] = [];
  ways = 0;
  dropped = 0;

  private vid(key: string | number, lon: number, lat: number): number {
    let v = this.vertex.get(key);
    if (v === undefined) {
      v = this.xy.length / 2;
      this.vertex.set(key, v);
      this.xy.push(lon, lat);
    }
    return v;
  }

  addWay(points: readonly { key: string | number; lon: number; lat: number }[], tags: Tags): void {
    const cls = roadClass(tags);
    if (!cls || points.length < 2) {
      this.dropped++;
      return;
    }
    this.ways++;
    let ci = this.classes.indexOf(cls);
    if (ci < 0) ci = this.classes.push(cls) - 1;
    const dir = onewayOf(tags, cls);
    const speed = ROAD_SPEED_KMH[cls]!;
    for (let i = 1; i < points.length; i++) {
      const p = points[i - 1]!, q = points[i]!;
      const u = this.vid(p.key, p.lon, p.lat), w = this.vid(q.key, q.lon, q.lat);
      if (u === w) continue;
      const km = haversineKm(p.lon, p.lat, q.lon, q.lat);
      const minutes = (km / speed) * 60;
      if (dir >= 0) this.arc(u, w, km, minutes, ci);
      if (dir <= 0) this.arc(w, u, km, minutes, ci);
    }
  }

  private arc(u: number, w: number, km: number, minutes: number, ci: number): void {
    this.a.push(u);
    this.b.push(w);
    this.d.push(km);
    this.t.push(minutes);
    this.c.push(ci);
  }

  result(): RoadGraphInput {
    return {
      coords: Float64Array.from(this.xy),
      n: this.xy.length / 2,
      from: Int32Array.from(this.a),
      to: Int32Array.from(this.b),
      km: Float64Array.from(this.d),
      minutes: Float64Array.from(this.t),
      cls: Uint8Array.from(this.c),
      classes: this.classes,
      ways: this.ways,
      dropped: this.dropped,
    };
  }
}

async function fromPbf(buf: Buffer, name: string): Promise<RoadGraphInput> {
  const { default: parsePbf } = await import('tiny-osmpbf');
  let elements: OsmPbfElement[];
  try {
    elements = parsePbf(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)).elements;
  } catch (e) {
    throw new ValidationError([{ file: name, field: 'pbf', reason: `is not a readable OSM PBF file (${(e as Error).message})` }]);
  }
  const nodes = new Map<number, [number, number]>();
  for (const el of elements) if (el.type === 'node') nodes.set(el.id, [el.lon!, el.lat!]);
  const b = new Builder();
  for (const el of elements) {
    if (el.type !== 'way') continue;
    const pts: { key: number; lon: number; lat: number }[] = [];
    for (const id of el.nodes ?? []) {
      const p = nodes.get(id);
      if (p) pts.push({ key: id, lon: p[0], lat: p[1] }); // nodes cut off by the extract are skipped
    }
    b.addWay(pts, el.tags ?? {});
  }
  return b.result();
}

type Geom = { type?: string; coordinates?: unknown };

function fromGeojson(text: string, name: string): RoadGraphInput {
  let fc: { features?: unknown };
  try {
    fc = JSON.parse(text) as { features?: unknown };
  } catch (e) {
    throw new ValidationError([{ file: name, field: 'file', reason: `is not valid JSON (${(e as Error).message})` }]);
  }
  if (!Array.isArray(fc.features)) throw new ValidationError([{ file: name, field: 'features', reason: 'must be an array (a FeatureCollection)' }]);
  const b = new Builder();
  const issues: { file: string; row: number; field: string; reason: string }[] = [];
  fc.features.forEach((f: unknown, i: number) => {
    const g = (f as { geometry?: Geom }).geometry;
    const tags = ((f as { properties?: Tags }).properties ?? {}) as Tags;
    if (g?.type !== 'LineString' && g?.type !== 'MultiLineString') return; // points, polygons: not roads
    const lines = (g.type === 'LineString' ? [g.coordinates] : g.coordinates) as unknown[];
    for (const line of Array.isArray(lines) ? lines : []) {
      const pts: { key: string; lon: number; lat: number }[] = [];
      for (const c of Array.isArray(line) ? line : []) {
        const [lon, lat] = Array.isArray(c) ? (c as unknown[]) : [];
        if (typeof lon !== 'number' || typeof lat !== 'number' || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
          issues.push({ file: name, row: i + 1, field: 'geometry.coordinates', reason: `must be [lon, lat] positions in degrees, got ${JSON.stringify(c)}` });
          return;
        }
        // Vertices shared between features by position (1e-7 degrees, about 1 cm).
        pts.push({ key: `${Math.round(lon * 1e7)},${Math.round(lat * 1e7)}`, lon, lat });
      }
      b.addWay(pts, tags);
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return b.result();
}

/** Reads an extract by file name: `.pbf` → PBF, `.geojson` / `.json` → GeoJSON. */
export async function readRoadExtract(file: string): Promise<RoadGraphInput> {
  const name = path.basename(file);
  const buf = await readFile(file).catch((e: Error) => {
    throw new ValidationError([{ file: name, field: 'file', reason: `cannot be read (${e.message})` }]);
  });
  if (/\.pbf$/i.test(file)) return fromPbf(buf, name);
  if (/\.(geo)?json$/i.test(file)) return fromGeojson(buf.toString('utf8'), name);
  throw new ValidationError([{ file: name, field: 'file', reason: 'must end in .osm.pbf, .pbf, .geojson or .json' }]);
}
