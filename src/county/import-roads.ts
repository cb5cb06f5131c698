/**
 * `county import-roads DIR FILE`: the dataset's roads.geojson from an OpenStreetMap extract.
 *
 * 1. The extract becomes a directed road graph (`osm.ts`: classes, one-way, ferries and fords out)
 *    in CSR arrays (`src/network/csr-graph.ts`).
 * 2. Only its largest connected piece (ignoring direction) is used; every dataset node is snapped
 *    to the nearest vertex of it (great-circle, kdbush + geokdbush). A node farther than
 *    `maxSnapKm` (default 20) is an error naming its network.geojson row. The access leg from the
 *    node to its vertex is charged at geodesic km × the dataset circuity and its `rural` speed.
 * 3. The road graph is contracted onto the nodes: a binary-heap Dijkstra from each node's vertex
 *    (minutes; ties by km), and a link (access + road + access) to every node whose shortest path
 *    does not run through the vertex of another node that sits close to the road (access legs in
 *    and out together at most `detourMinutes`, default 2 min); such a path is written as two
 *    links through that node instead, so the links stay few (the search stops once every open
 *    vertex lies behind such a node) and a matrix entry is at most that detour longer than the
 *    road path per node passed. Nodes farther from the road never shorten a path: links go past them.
 * 4. roads.geojson links are undirected: where the two directions differ (one-way streets) the
 *    slower one is written. `class` is the OSM class with the most km on the path.
 *
 * The dataset is replaced atomically and validated (every node connected to the warehouse).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { Dataset } from '../domain/dataset.ts';
import { IssueCollector } from '../domain/dataset-issues.ts';
import { buildCsr, type CsrGraph, dijkstra } from '../network/csr-graph.ts';
import { classSpeed, geodesicKm } from '../network/travel-matrix.ts';
import { ValidationError } from '../errors.ts';
import { updateDataset } from './atomic.ts';
import { featureLines, readNetworkFile } from './files.ts';
import { readRoadExtract, type RoadGraphInput } from './osm.ts';

export const DEFAULT_MAX_SNAP_KM = 20;
/** A shortest path may be written as two links through another node when that node's access legs, in and out, take at most this long. */
export const DEFAULT_DETOUR_MINUTES = 2;

export interface ImportRoadsOptions {
  readonly maxSnapKm?: number;
  readonly detourMinutes?: number;
}

export interface RoadLinkOut {
  readonly from: string;
  readonly to: string;
  readonly km: number;
  readonly minutes: number;
  readonly class: string;
}

export interface ContractResult {
  readonly links: readonly RoadLinkOut[];
  readonly snapKm: readonly number[];
}

/** Vertices of the largest weakly connected component (union-find over the arcs). */
function largestComponent(g: RoadGraphInput): Uint8Array {
  const parent = new Int32Array(g.n).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (let e = 0; e < g.from.length; e++) {
    const a = find(g.from[e]!), b = find(g.to[e]!);
    if (a !== b) parent[a] = b;
  }
  const size = new Int32Array(g.n);
  let best = 0;
  for (let v = 0; v < g.n; v++) {
    const r = find(v);
    if (++size[r]! > size[best]!) best = r;
  }
  const keep = new Uint8Array(g.n);
  for (let v = 0; v < g.n; v++) if (find(v) === find(best)) keep[v] = 1;
  return keep;
}

/** The class with the most km on the path from the search source to `v`. */
function mainClass(csrCls: Uint8Array, g: CsrGraph, pred: Int32Array, v: number, classes: readonly string[]): string {
  const km = new Float64Array(classes.length);
  for (let e = pred[v]!; e >= 0; ) {
    km[csrCls[e]!]! += g.km[e]!;
    // the tail of arc e: the vertex whose CSR range holds e (binary search on offset)
    let lo = 0, hi = g.n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (g.offset[mid]! <= e) lo = mid;
      else hi = mid - 1;
    }
    e = pred[lo]!;
  }
  let best = 0;
  for (let c = 1; c < km.length; c++) if (km[c]! > km[best]!) best = c;
  return km.length > 0 && km[best]! > 0 ? classes[best]! : 'access';
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Contracts the road graph onto the dataset nodes (steps 2–4 above). */
export function contractRoads(
  ds: Dataset,
  g: RoadGraphInput,
  maxSnapKm: number,
  rows: ReadonlyMap<string, number>,
  issues: IssueCollector,
  detourMinutes = DEFAULT_DETOUR_MINUTES,
): ContractResult {
  const keep = largestComponent(g);
  const ids: number[] = [];
  for (let v = 0; v < g.n; v++) if (keep[v]) ids.push(v);
  const index = new KDBush(Math.max(ids.length, 1));
  for (const v of ids) index.add(g.coords[2 * v]!, g.coords[2 * v + 1]!);
  index.finish();
  const nodes = ds.nodes;
  const snap = new Int32Array(nodes.length);
  const accKm = new Float64Array(nodes.length);
  const accMin = new Float64Array(nodes.length);
  const snapKm: number[] = [];
  const speed = classSpeed(ds.travel, 'rural');
  nodes.forEach((n, i) => {
    const hit = around(index, n.lon, n.lat, 1)[0];
    const v = hit === undefined ? -1 : ids[hit as number]!;
    const km = v < 0 ? Infinity : geodesicKm(n, { lon: g.coords[2 * v]!, lat: g.coords[2 * v + 1]! });
    if (!(km <= maxSnapKm)) {
      issues.add('network.geojson', rows.get(n.id), 'geometry.coordinates', `node ${n.id} (${n.name}) is ${km.toFixed(1)} km from the nearest road of the extract (limit ${maxSnapKm} km)`);
      return;
    }
    snap[i] = v;
    snapKm.push(km);
    accKm[i] = km * ds.travel.circuity;
    accMin[i] = (accKm[i]! / speed) * 60;
  });
  if (issues.count > 0) return { links: [], snapKm };
  const csr = buildCsr(g.n, { from: g.from, to: g.to, minutes: g.minutes, km: g.km });
  // CSR order of the arc classes (buildCsr keeps input order within each tail vertex).
  const csrCls = new Uint8Array(g.cls.length);
  const fill = csr.offset.slice(0, g.n);
  for (let e = 0; e < g.from.length; e++) csrCls[fill[g.from[e]!]!++] = g.cls[e]!;
  const atVertex = new Map<number, number[]>();
  nodes.forEach((_, i) => atVertex.set(snap[i]!, [...(atVertex.get(snap[i]!) ?? []), i]));
  // A path may be routed through another node when the detour into it and back is short.
  const through = new Uint8Array(g.n);
  for (const [v, us] of atVertex) if (2 * Math.max(...us.map((u) => accMin[u]!)) <= detourMinutes) through[v] = 1;
  const best = new Map<string, RoadLinkOut>();
  for (let s = 0; s < nodes.length; s++) {
    const sp = dijkstra(csr, snap[s]!, through);
    for (let k = 0; k < sp.settledCount; k++) {
      const v = sp.settled[k]!;
      const us = atVertex.get(v);
      if (!us || sp.blocked[v]) continue;
      for (const u of us) {
        if (u === s) continue;
        const minutes = accMin[s]! + sp.minutes[v]! + accMin[u]!;
        const km = accKm[s]! + sp.km[v]! + accKm[u]!;
        const [a, b] = s < u ? [s, u] : [u, s];
        const key = `${a}|${b}`;
        const old = best.get(key);
        // undirected: keep the slower direction of the pair
        if (!old || minutes > old.minutes) best.set(key, { from: nodes[a]!.id, to: nodes[b]!.id, km, minutes, class: mainClass(csrCls, csr, sp.pred, v, g.classes) });
      }
    }
  }
  const links = [...best.values()]
    .map((l) => ({ ...l, km: Math.max(0.001, r3(l.km)), minutes: Math.max(0.001, r3(l.minutes)) }))
    .sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : x.to > y.to ? 1 : 0));
  return { links, snapKm };
}

/** Imports the extract `file` into the dataset `dir` as roads.geojson (atomically). */
export async function importRoads(dir: string, file: string, o: ImportRoadsOptions = {}): Promise<{ summary: string; links: number; maxSnapKm: number }> {
  const g = await readRoadExtract(file);
  const name = path.basename(file);
  if (g.from.length === 0) throw new ValidationError([{ file: name, field: 'highway', reason: `no road for trucks in the extract (${g.dropped} ways dropped)` }]);
  return updateDataset(dir, async (tmp, ds) => {
    const net = await readNetworkFile(tmp);
    const rows = new Map(net.features.map((f, i) => [String(f.properties.id), i + 1]));
    const issues = new IssueCollector();
    const { links, snapKm } = contractRoads(ds, g, o.maxSnapKm ?? DEFAULT_MAX_SNAP_KM, rows, issues, o.detourMinutes ?? DEFAULT_DETOUR_MINUTES);
    if (issues.count > 0) throw new ValidationError(issues.issues, `roads of ${name} do not reach the dataset: ${issues.count} problem(s):\n${issues.issues.map((i) => `  - ${i.file} row ${i.row}: ${i.field}: ${i.reason}`).join('\n')}`);
    const features = links.map((l) => ({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [ds.nodeById.get(l.from)!, ds.nodeById.get(l.to)!].map((n) => [n.lon, n.lat]) },
      properties: { from: l.from, to: l.to, km: l.km, minutes: l.minutes, class: l.class, source: 'osm' },
    }));
    await writeFile(path.join(tmp, 'roads.geojson'), featureLines(`${ds.slug} roads from ${name}`, features));
    const maxSnap = Math.max(0, ...snapKm);
    const mean = snapKm.reduce((a, b) => a + b, 0) / Math.max(1, snapKm.length);
    return {
      summary: `${links.length} road links between ${ds.nodes.length} nodes from ${g.ways} ways (${g.dropped} dropped), ${g.n} vertices, ${g.from.length} arcs; nodes snapped to the roads at mean ${mean.toFixed(2)} km, max ${maxSnap.toFixed(2)} km`,
      links: links.length,
      maxSnapKm: maxSnap,
    };
  });
}
