/**
 * Points for townships the province sources have no point for (new since 2016, renamed beyond the
 * name-stem join, or never located by Amap). Rules, in this order, each point flagged `estimated`:
 *
 * 1. a hand estimate of the county config (km and bearing from the seat), where the rules below would mislead;
 * 2. a 街道 (urban subdistrict): 1–3 km from the county seat at a seeded bearing (they lie in the county town);
 *    an industrial or development park (name with 园): 2–5 km from the seat (the edge of the county town);
 * 3. any other township: the centre of the largest empty circle of the county part holding the seat
 *    (an exclave such as 格尔木's 唐古拉 area is left out), i.e. the grid point (60 × 60 over its
 *    bounding box) farthest from every township point placed so far, from the county seat and from
 *    the boundary; an unlocated township most likely covers ground that no located township covers.
 */
import * as turf from '@turf/turf';
import type { Position } from 'geojson';
import { type Area, inside, kmBetween, kmToEdge, roundPos } from './geometry.ts';
import { rng, uniform } from './seed.ts';
import type { SourceCounty, SourceTownship, TownshipEstimate, TownshipPoint } from './types.ts';

/** Grid cells per side for the largest-empty-circle search. */
const GRID = 60;

function ringPoint(folder: string, county: SourceCounty, code: string, placed: readonly Position[], [lo, hi]: readonly [number, number]): Position {
  const r = rng(`${county.code}:estimate:${code}`);
  for (let attempt = 0; attempt < 400; attempt++) {
    const p = roundPos(turf.destination(county.seat, uniform(r, lo, hi), uniform(r, 0, 360), { units: 'kilometers' }).geometry.coordinates);
    const spacing = attempt < 200 ? 0.7 : 0.2;
    if (inside(p, county.boundary) && !placed.some((q) => kmBetween(p, q) < spacing)) return p;
  }
  throw new Error(`${folder}: no place for the estimated township ${code} near the seat`);
}

/** The polygon of the county boundary that holds the county seat. */
function seatPart(county: SourceCounty): Area {
  const g = county.boundary.geometry;
  if (g.type === 'Polygon') return county.boundary;
  const part = g.coordinates.map((c) => turf.polygon(c)).find((f) => inside(county.seat, f));
  return part ?? county.boundary;
}

function emptyCircleCentre(folder: string, county: SourceCounty, code: string, placed: readonly Position[]): { p: Position; km: number } {
  const area = seatPart(county);
  const [minX, minY, maxX, maxY] = turf.bbox(area);
  let best: { p: Position; km: number } | undefined;
  for (let i = 0; i < GRID; i++)
    for (let j = 0; j < GRID; j++) {
      const p = roundPos([minX + ((i + 0.5) * (maxX - minX)) / GRID, minY + ((j + 0.5) * (maxY - minY)) / GRID]);
      if (!inside(p, area)) continue;
      const km = Math.min(kmToEdge(p, county.boundary), ...placed.map((q) => kmBetween(p, q)));
      if (!best || km > best.km) best = { p, km };
    }
  if (!best) throw new Error(`${folder}: no grid point inside the county for ${code}`);
  return best;
}

/** Every township with a point: the source point, or an estimate by the rules above. */
export function estimateTownships(
  folder: string,
  county: SourceCounty,
  townships: readonly SourceTownship[],
  estimates: readonly TownshipEstimate[],
): TownshipPoint[] {
  const placed: Position[] = [county.seat];
  const out = new Map<string, TownshipPoint>();
  for (const t of townships) {
    if (!t.point) continue;
    const point = roundPos(t.point);
    if (!inside(point, county.boundary) && kmToEdge(point, county.boundary) > 0.1) throw new Error(`${folder}: township ${t.code} point outside the county`);
    out.set(t.code, { ...t, point, estimated: false, note: '' });
    placed.push(point);
  }
  const missing = townships.filter((t) => !t.point);
  const add = (t: SourceTownship, point: Position, note: string): void => {
    if (!inside(point, county.boundary)) throw new Error(`${folder}: estimate for ${t.code} falls outside the county`);
    out.set(t.code, { ...t, point, estimated: true, note });
    placed.push(point);
  };
  for (const t of missing) {
    const est = estimates.find((e) => e.code === t.code);
    if (est) add(t, roundPos(turf.destination(county.seat, est.km, est.bearing, { units: 'kilometers' }).geometry.coordinates), est.note);
  }
  for (const t of missing.filter((x) => !out.has(x.code) && x.type === '街道'))
    add(t, ringPoint(folder, county, t.code, placed, [1, 3]), 'no source point; a 街道 lies in the county town: placed 1–3 km from the county seat at a seeded bearing.');
  for (const t of missing.filter((x) => !out.has(x.code) && x.name.includes('园')))
    add(t, ringPoint(folder, county, t.code, placed, [2, 5]), 'no source point; an industrial or development park at the edge of the county town: placed 2–5 km from the county seat at a seeded bearing.');
  for (const t of missing.filter((x) => !out.has(x.code))) {
    const { p, km } = emptyCircleCentre(folder, county, t.code, placed);
    add(t, p, `no source point; placed at the centre of the largest empty circle of the county part holding the seat (${km.toFixed(1)} km from every other township point, the seat and the boundary).`);
  }
  return townships.map((t) => out.get(t.code)!);
}
