/**
 * The county network as a graphology graph: one node per network node (attributes = the
 * `NetworkNode` fields), directed tier edges warehouse → hub → village (`kind: 'tier'`), and
 * undirected road links from roads.geojson (`kind: 'road'`, with km, minutes, class).
 */
import { MultiGraph, UndirectedGraph } from 'graphology';
import type { Dataset, NetworkNode } from '../domain/dataset.ts';

/** Attributes of a graph edge. */
export type NetworkEdge =
  | { readonly kind: 'tier' }
  | { readonly kind: 'road'; readonly km: number; readonly minutes: number; readonly class: string };

/** The mixed multigraph type returned by `buildNetworkGraph`. */
export type NetworkGraph = MultiGraph<NetworkNode, NetworkEdge>;

/** Builds the network graph of a dataset: tier edges plus road links. */
export function buildNetworkGraph(dataset: Dataset): NetworkGraph {
  const g: NetworkGraph = new MultiGraph<NetworkNode, NetworkEdge>({ type: 'mixed', allowSelfLoops: false });
  for (const n of dataset.nodes) g.addNode(n.id, n);
  for (const n of dataset.nodes) if (n.parent !== null && g.hasNode(n.parent)) g.addDirectedEdge(n.parent, n.id, { kind: 'tier' });
  for (const r of dataset.roads) g.addUndirectedEdge(r.from, r.to, { kind: 'road', km: r.km, minutes: r.minutes, class: r.class });
  return g;
}

/** Attributes of a road-graph edge (the fastest of parallel links between two nodes). */
export interface RoadEdge {
  readonly km: number;
  readonly minutes: number;
}

/**
 * The undirected simple road graph used for shortest paths: every node, and for each pair of nodes
 * linked by roads the fastest link (ties: the shorter).
 */
export function buildRoadGraph(dataset: Dataset): UndirectedGraph<Record<string, never>, RoadEdge> {
  const g = new UndirectedGraph<Record<string, never>, RoadEdge>();
  for (const n of dataset.nodes) g.addNode(n.id);
  for (const r of dataset.roads) {
    const e = g.edge(r.from, r.to);
    if (e === undefined) g.addEdge(r.from, r.to, { km: r.km, minutes: r.minutes });
    else {
      const old = g.getEdgeAttributes(e);
      if (r.minutes < old.minutes || (r.minutes === old.minutes && r.km < old.km)) g.replaceEdgeAttributes(e, { km: r.km, minutes: r.minutes });
    }
  }
  return g;
}
