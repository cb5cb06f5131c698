/**
 * Neighbour lists, precomputed once: for each node the other nodes sorted by travel distance
 * between their locations (the adjacency SISR walks to pick routes to ruin, and the granular
 * neighbourhood of the local search; Toth & Vigo 2003).
 */
import type { Problem } from '../model/problem.ts';

/** `list[u*k .. u*k+k-1]`: the k nearest other nodes of u. */
export interface Neighbours {
  readonly k: number;
  readonly list: Int32Array;
}

/** Builds the k nearest neighbours of every node (k is capped at nNodes − 1). */
export function buildNeighbours(p: Problem, kMax: number): Neighbours {
  const n = p.nNodes;
  const k = Math.max(0, Math.min(kMax, n - 1));
  const list = new Int32Array(n * k);
  const idx = new Int32Array(n);
  const key = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const lu = p.nodeLoc[u]!;
    let m = 0;
    for (let w = 0; w < n; w++) {
      if (w === u) continue;
      const lw = p.nodeLoc[w]!;
      key[w] = (p.dist[lu * p.nLoc + lw]! + p.dist[lw * p.nLoc + lu]!) / 2;
      idx[m++] = w;
    }
    const sub = Array.from(idx.subarray(0, m)).sort((a, b) => key[a]! - key[b]! || a - b);
    for (let j = 0; j < k; j++) list[u * k + j] = sub[j]!;
  }
  return { k, list };
}
