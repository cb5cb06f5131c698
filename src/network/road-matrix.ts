/**
 * The road travel matrix on a compact graph: the dataset's road links (undirected, as in
 * roads.geojson) become two arcs each in a CSR graph (`csr-graph.ts`), and one binary-heap
 * Dijkstra per node fills a row of the matrix (minutes minimised; among equally fast paths the
 * shorter km). Same result as the graphology search it replaces, without per-edge objects.
 */
import type { Dataset, TravelMatrix } from '../domain/dataset.ts';
import { buildCsr, type CsrGraph, dijkstra } from './csr-graph.ts';

/** The CSR graph of the road links over `dataset.nodes` (vertex i = `dataset.nodes[i]`). */
export function datasetRoadGraph(dataset: Dataset): CsrGraph {
  const index = new Map(dataset.nodes.map((n, i) => [n.id, i]));
  const m = dataset.roads.length;
  const from = new Int32Array(2 * m), to = new Int32Array(2 * m);
  const minutes = new Float64Array(2 * m), km = new Float64Array(2 * m);
  dataset.roads.forEach((r, k) => {
    const a = index.get(r.from)!, b = index.get(r.to)!;
    from[2 * k] = a; to[2 * k] = b;
    from[2 * k + 1] = b; to[2 * k + 1] = a;
    minutes[2 * k] = minutes[2 * k + 1] = r.minutes;
    km[2 * k] = km[2 * k + 1] = r.km;
  });
  return buildCsr(dataset.nodes.length, { from, to, minutes, km });
}

/** km and minutes between all nodes over the road links; unreachable pairs are Infinity. */
export function csrRoadMatrix(dataset: Dataset): TravelMatrix {
  const ids = dataset.nodes.map((n) => n.id);
  const n = ids.length;
  const g = datasetRoadGraph(dataset);
  const km = new Float64Array(n * n);
  const minutes = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const sp = dijkstra(g, i);
    km.set(sp.km, i * n);
    minutes.set(sp.minutes, i * n);
  }
  return { ids, index: new Map(ids.map((id, i) => [id, i])), n, km, minutes };
}
