import { describe, expect, it } from 'vitest';
import { buildCsr, dijkstra } from '../../src/network/csr-graph.ts';

/** A seeded random directed graph (mulberry32), arcs with integer minutes so ties happen. */
function randomGraph(seed: number, n: number, m: number) {
  let a = seed >>> 0;
  const r = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const from: number[] = [], to: number[] = [], minutes: number[] = [], km: number[] = [];
  for (let e = 0; e < m; e++) {
    from.push(Math.floor(r() * n));
    to.push(Math.floor(r() * n));
    minutes.push(1 + Math.floor(r() * 5));
    km.push(1 + Math.floor(r() * 9));
  }
  return { from, to, minutes, km };
}

/** Bellman-Ford on (minutes, km) lexicographic, as an independent check. */
function bellmanFord(n: number, g: ReturnType<typeof randomGraph>, s: number) {
  const t = new Array<number>(n).fill(Infinity), d = new Array<number>(n).fill(Infinity);
  t[s] = 0;
  d[s] = 0;
  for (let k = 0; k < n; k++)
    for (let e = 0; e < g.from.length; e++) {
      const u = g.from[e]!, v = g.to[e]!;
      const tv = t[u]! + g.minutes[e]!, dv = d[u]! + g.km[e]!;
      if (tv < t[v]! || (tv === t[v] && dv < d[v]!)) (t[v] = tv), (d[v] = dv);
    }
  return { t, d };
}

describe('CSR graph + binary-heap Dijkstra', () => {
  it('matches Bellman-Ford (minutes, then km) on random directed graphs with ties', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const n = 5 + (seed % 20);
      const g = randomGraph(seed, n, n * 3);
      const csr = buildCsr(n, g);
      for (let s = 0; s < n; s++) {
        const sp = dijkstra(csr, s);
        const bf = bellmanFord(n, g, s);
        expect(Array.from(sp.minutes)).toEqual(bf.t);
        expect(Array.from(sp.km)).toEqual(bf.d);
      }
    }
  });

  it('marks paths through `through` vertices as blocked (preferring unmarked ties) and stops when only blocked ones are left', () => {
    // 0 -> 1 -> 2 -> 3 and 0 -> 4 -> 2 with the same cost as via 1; vertex 1 marked
    const g = buildCsr(5, { from: [0, 1, 2, 0, 4], to: [1, 2, 3, 4, 2], minutes: [1, 1, 1, 1, 1], km: [1, 1, 1, 1, 1] });
    const through = Uint8Array.from([0, 1, 0, 0, 0]);
    const sp = dijkstra(g, 0, through);
    expect(Array.from(sp.blocked)).toEqual([0, 0, 0, 0, 0]); // 2 is reached via 4 just as fast
    const g2 = buildCsr(4, { from: [0, 1, 2], to: [1, 2, 3], minutes: [1, 1, 1], km: [1, 1, 1] });
    const sp2 = dijkstra(g2, 0, Uint8Array.from([0, 1, 0, 0]));
    expect(sp2.blocked[2]).toBe(1);
    // stopped once only blocked vertices were open: 2 and 3 never settled
    expect(Array.from(sp2.settled.subarray(0, sp2.settledCount))).toEqual([0, 1]);
    // the source is never a block to its own paths
    expect(Array.from(dijkstra(g2, 1, Uint8Array.from([0, 1, 0, 0])).blocked)).toEqual([0, 0, 0, 0]);
  });
});
