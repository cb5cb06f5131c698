/**
 * Road graph timing: a synthetic county road network as a square grid of about 10^5 two-way road
 * edges (224 x 224 vertices, 0.5 km apart, alternating tertiary / unclassified rows), with NODES
 * dataset nodes (1 warehouse, 20 hubs, the rest villages) placed up to OFF/2 degrees (default about
 * 100 m) off random grid vertices.
 * Measures, in CPU seconds of this process (process.cpuUsage, user + system):
 *
 * 1. contraction of the road graph onto the nodes (`contractRoads`, what `county import-roads`
 *    does after parsing): one CSR Dijkstra per node;
 * 2. the travel matrix on the resulting road links (`csrRoadMatrix`, what `loadTravelMatrix`
 *    computes on a cache miss);
 * 3. for reference, one Dijkstra over the whole grid from one source.
 *
 *   npx tsx bench/road-graph.ts            # NODES=400
 *   NODES=1000 OFF=0.006 npx tsx bench/road-graph.ts
 */
import type { Dataset, NetworkNode } from '../src/domain/dataset.ts';
import { IssueCollector } from '../src/domain/dataset-issues.ts';
import { contractRoads } from '../src/county/import-roads.ts';
import { haversineKm, ROAD_SPEED_KMH, type RoadGraphInput } from '../src/county/osm.ts';
import { buildCsr, dijkstra } from '../src/network/csr-graph.ts';
import { csrRoadMatrix } from '../src/network/road-matrix.ts';

const SIDE = 224;
const NODES = Number(process.env.NODES ?? 400);
const STEP = 0.005; // degrees, about 0.45-0.55 km
/** Node offset from its grid vertex, degrees (each axis, ±OFF/2); 0.002 = up to about 100 m. */
const OFF = Number(process.env.OFF ?? 0.002);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function grid(): RoadGraphInput {
  const n = SIDE * SIDE;
  const coords = new Float64Array(2 * n);
  for (let i = 0; i < SIDE; i++) for (let j = 0; j < SIDE; j++) (coords[2 * (i * SIDE + j)] = 100 + j * STEP), (coords[2 * (i * SIDE + j) + 1] = 35 + i * STEP);
  const from: number[] = [], to: number[] = [], km: number[] = [], minutes: number[] = [], cls: number[] = [];
  const add = (u: number, v: number, c: number): void => {
    const d = haversineKm(coords[2 * u]!, coords[2 * u + 1]!, coords[2 * v]!, coords[2 * v + 1]!);
    const t = (d / ROAD_SPEED_KMH[c === 0 ? 'tertiary' : 'unclassified']!) * 60;
    from.push(u, v), to.push(v, u), km.push(d, d), minutes.push(t, t), cls.push(c, c);
  };
  for (let i = 0; i < SIDE; i++)
    for (let j = 0; j < SIDE; j++) {
      const v = i * SIDE + j;
      if (j + 1 < SIDE) add(v, v + 1, i % 2);
      if (i + 1 < SIDE) add(v, v + SIDE, j % 2);
    }
  return {
    coords, n, from: Int32Array.from(from), to: Int32Array.from(to), km: Float64Array.from(km), minutes: Float64Array.from(minutes),
    cls: Uint8Array.from(cls), classes: ['tertiary', 'unclassified'], ways: from.length / 2, dropped: 0,
  };
}

function nodes(g: RoadGraphInput): NetworkNode[] {
  const r = rng(42);
  return Array.from({ length: NODES }, (_, i) => {
    const v = Math.floor(r() * g.n);
    const kind = i === 0 ? 'county_warehouse' : i <= 20 ? 'township_hub' : 'village_point';
    return {
      id: `n${i}`, kind, code: `n${i}`, name: `n${i}`, parent: null, township: null, station: true, poor: false, community: false,
      synthetic: true, estimated: false, open: 0, close: 1440, urbanRuralClass: null,
      lon: g.coords[2 * v]! + (r() - 0.5) * OFF, lat: g.coords[2 * v + 1]! + (r() - 0.5) * OFF,
    } as unknown as NetworkNode;
  });
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const g = grid();
const ns = nodes(g);
const base = { nodes: ns, nodeById: new Map(ns.map((n) => [n.id, n])), travel: { circuity: 1.35, speedKmh: { default: 40, rural: 30 } }, roads: [] };
let t = cpu();
const { links } = contractRoads(base as unknown as Dataset, g, 5, new Map(), new IssueCollector());
const tContract = cpu() - t;
t = cpu();
const m = csrRoadMatrix({ ...base, roads: links } as unknown as Dataset);
const tMatrix = cpu() - t;
t = cpu();
dijkstra(buildCsr(g.n, g), 0);
const tOne = cpu() - t;
let unreachable = 0;
for (let i = 0; i < m.km.length; i++) if (!Number.isFinite(m.minutes[i]!)) unreachable++;
console.log(
  JSON.stringify({ roadEdges: g.ways, vertices: g.n, nodes: NODES, offsetDeg: OFF, links: links.length, unreachablePairs: unreachable, cpuSeconds: { contract: +tContract.toFixed(2), matrix: +tMatrix.toFixed(3), oneFullDijkstra: +tOne.toFixed(3) } }),
);
