/**
 * The travel matrix of a dataset: km and minutes between every pair of network nodes, row-major
 * Float64Array over `dataset.nodes` order (entry (i, j) at `i * n + j`).
 *
 * - With road links (roads.geojson): the fastest path over the undirected road graph (Dijkstra,
 *   CSR graph + binary heap, weight = minutes, ties broken by km); km is the length of that path.
 * - Without: geodesic distance (turf, haversine on R = 6371.0088 km) × `travel.circuity`, driven at
 *   `travel.speedKmh.trunk` between warehouse and hubs and `travel.speedKmh.rural` on any leg with a
 *   village end; a missing class falls back to `travel.speedKmh.default`.
 *
 * Computed once per dataset object (memo) and optionally cached on disk (`<dataset>/.cache/`).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as turf from '@turf/turf';
import type { Dataset, NetworkNode, TravelMatrix, TravelSettings } from '../domain/dataset.ts';
import { csrRoadMatrix } from './road-matrix.ts';

/** Great-circle distance in km between two nodes (turf `distance`, haversine). */
export function geodesicKm(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  return turf.distance([a.lon, a.lat], [b.lon, b.lat], { units: 'kilometers' });
}

/** Road class assumed for a geodesic leg: `trunk` between warehouse/hubs, `rural` with a village end. */
export function legClass(a: NetworkNode, b: NetworkNode): 'trunk' | 'rural' {
  return a.kind === 'village_point' || b.kind === 'village_point' ? 'rural' : 'trunk';
}

/** Speed in km/h for a road class, falling back to `default`, then 40 km/h. */
export function classSpeed(travel: TravelSettings, cls: string): number {
  return travel.speedKmh[cls] ?? travel.speedKmh.default ?? 40;
}

function emptyMatrix(ids: readonly string[]): TravelMatrix {
  const n = ids.length;
  return { ids, index: new Map(ids.map((id, i) => [id, i])), n, km: new Float64Array(n * n), minutes: new Float64Array(n * n) };
}

/** Geodesic × circuity matrix (used when the dataset has no road links). */
export function geodesicMatrix(dataset: Dataset): TravelMatrix {
  const nodes = dataset.nodes;
  const m = emptyMatrix(nodes.map((n) => n.id));
  const { circuity } = dataset.travel;
  for (let i = 0; i < m.n; i++) {
    const a = nodes[i]!;
    for (let j = i + 1; j < m.n; j++) {
      const b = nodes[j]!;
      const km = geodesicKm(a, b) * circuity;
      const minutes = (km / classSpeed(dataset.travel, legClass(a, b))) * 60;
      m.km[i * m.n + j] = m.km[j * m.n + i] = km;
      m.minutes[i * m.n + j] = m.minutes[j * m.n + i] = minutes;
    }
  }
  return m;
}

/**
 * Shortest-path matrix over the road links (CSR graph + binary-heap Dijkstra, `road-matrix.ts`).
 * Unreachable pairs are `Infinity` (the loader rejects datasets whose roads leave a node
 * unconnected to the warehouse).
 */
export function roadMatrix(dataset: Dataset): TravelMatrix {
  return csrRoadMatrix(dataset);
}

/** Computes the matrix (roads if present, else geodesic), without caching. */
export function computeTravelMatrix(dataset: Dataset): TravelMatrix {
  return dataset.roads.length > 0 ? roadMatrix(dataset) : geodesicMatrix(dataset);
}

const memo = new WeakMap<Dataset, TravelMatrix>();

/** The travel matrix of `dataset`, computed on first use and memoised per dataset object. */
export function getTravelMatrix(dataset: Dataset): TravelMatrix {
  let m = memo.get(dataset);
  if (!m) {
    m = computeTravelMatrix(dataset);
    memo.set(dataset, m);
  }
  return m;
}

/** Hash of everything the matrix depends on; names the on-disk cache file. */
export function matrixKey(dataset: Dataset): string {
  const h = createHash('sha256');
  h.update('travel-matrix-v1\n');
  h.update(JSON.stringify(dataset.travel));
  for (const n of dataset.nodes) h.update(`\n${n.id},${n.kind},${n.lon},${n.lat}`);
  for (const r of dataset.roads) h.update(`\nr${r.from},${r.to},${r.km},${r.minutes},${r.class}`);
  return h.digest('hex').slice(0, 24);
}

/**
 * Like `getTravelMatrix`, but also keeps the matrix in `<dir>/.cache/travel-<key>.f64` (km then
 * minutes, float64 little-endian). The key hashes nodes, roads and travel settings, so an edited
 * dataset never reads a stale file. Cache write failures are ignored (read-only checkouts).
 */
export async function loadTravelMatrix(dataset: Dataset, dir: string): Promise<TravelMatrix> {
  const cached = memo.get(dataset);
  if (cached) return cached;
  const file = path.join(dir, '.cache', `travel-${matrixKey(dataset)}.f64`);
  const m = emptyMatrix(dataset.nodes.map((n) => n.id));
  const nn = m.n * m.n;
  try {
    const buf = await readFile(file);
    if (buf.byteLength === 16 * nn) {
      const all = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      m.km.set(all.subarray(0, nn));
      m.minutes.set(all.subarray(nn));
      memo.set(dataset, m);
      return m;
    }
  } catch {
    // no cache yet
  }
  const fresh = getTravelMatrix(dataset);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const all = new Float64Array(2 * nn);
    all.set(fresh.km, 0);
    all.set(fresh.minutes, nn);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, new Uint8Array(all.buffer));
    await rename(tmp, file);
  } catch {
    // cache is an optimisation only
  }
  return fresh;
}

/** km and minutes from node `from` to node `to` (ids); throws on unknown ids. */
export function travel(m: TravelMatrix, from: string, to: string): { km: number; minutes: number } {
  const i = m.index.get(from);
  const j = m.index.get(to);
  if (i === undefined || j === undefined) throw new Error(`unknown node ${i === undefined ? from : to}`);
  return { km: m.km[i * m.n + j]!, minutes: m.minutes[i * m.n + j]! };
}
