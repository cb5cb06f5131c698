/** Geometry helpers of the dataset build (turf on WGS-84 `[lon, lat]`). */
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { round, uniform } from './seed.ts';

export type Area = Feature<Polygon | MultiPolygon>;

export const kmBetween = (a: Position, b: Position): number => turf.distance(a, b, { units: 'kilometers' });
export const roundPos = (p: Position): Position => [round(p[0]!, 6), round(p[1]!, 6)];

export function inside(p: Position, area: Area): boolean {
  return turf.booleanPointInPolygon(p, area);
}

/** Voronoi cells of the township points, clipped to the county polygon, keyed by township code. */
export function townshipCells(points: readonly { code: string; point: Position }[], boundary: Area): Map<string, Area> {
  const [minX, minY, maxX, maxY] = turf.bbox(boundary);
  const box: [number, number, number, number] = [minX - 0.5, minY - 0.5, maxX + 0.5, maxY + 0.5];
  const fc = turf.featureCollection(points.map((t) => turf.point(t.point)));
  const vor = turf.voronoi(fc, { bbox: box });
  const cells = new Map<string, Area>();
  points.forEach((t, i) => {
    const cell = vor.features[i];
    const clipped = cell ? turf.intersect(turf.featureCollection([cell, boundary])) : null;
    cells.set(t.code, clipped ?? boundary);
  });
  return cells;
}

/** A random point inside `area` (rejection sampling in its bounding box). */
export function randomPointIn(area: Area, r: () => number): Position {
  const [minX, minY, maxX, maxY] = turf.bbox(area);
  for (let i = 0; i < 10_000; i++) {
    const p: Position = [uniform(r, minX, maxX), uniform(r, minY, maxY)];
    if (inside(p, area)) return p;
  }
  throw new Error('could not sample inside area');
}

/** Distance (km, planar approximation good enough at county scale) of p to segment a-b, and the projection t. */
export function segmentOffset(p: Position, a: Position, b: Position): { km: number; t: number } {
  const kx = 111.32 * Math.cos(((a[1]! + b[1]!) / 2) * (Math.PI / 180));
  const ky = 110.57;
  const ax = a[0]! * kx, ay = a[1]! * ky, bx = b[0]! * kx, by = b[1]! * ky, px = p[0]! * kx, py = p[1]! * ky;
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  const tc = Math.max(0, Math.min(1, t));
  const qx = ax + tc * dx, qy = ay + tc * dy;
  return { km: Math.hypot(px - qx, py - qy), t };
}

/** Distance in km (planar approximation) from p to the nearest edge of the area. */
export function kmToEdge(p: Position, area: Area): number {
  const g = area.geometry;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let best = Infinity;
  for (const poly of polys)
    for (const ring of poly)
      for (let i = 1; i < ring.length; i++) best = Math.min(best, segmentOffset(p, ring[i - 1]!, ring[i]!).km);
  return best;
}
