/**
 * A compact directed graph in typed arrays (compressed sparse rows) and a binary-heap Dijkstra on
 * it. Used for the road travel matrix and for contracting an OpenStreetMap road graph onto the
 * dataset nodes (`src/county/import-roads.ts`).
 *
 * Vertices are 0..n-1. The arcs leaving vertex v are `head[offset[v] .. offset[v+1])` with their
 * `minutes` and `km`. The search minimises minutes; among equally fast paths it keeps the shorter
 * one (km), so results do not depend on arc order.
 */

/** A directed arc list before compaction. */
export interface ArcList {
  readonly from: ArrayLike<number>;
  readonly to: ArrayLike<number>;
  readonly minutes: ArrayLike<number>;
  readonly km: ArrayLike<number>;
}

export interface CsrGraph {
  readonly n: number;
  readonly offset: Int32Array;
  readonly head: Int32Array;
  readonly minutes: Float64Array;
  readonly km: Float64Array;
}

/** Builds the CSR arrays (counting sort by tail vertex; arcs keep their input order per vertex). */
export function buildCsr(n: number, arcs: ArcList): CsrGraph {
  const m = arcs.from.length;
  const offset = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) offset[arcs.from[e]! + 1]!++;
  for (let v = 0; v < n; v++) offset[v + 1]! += offset[v]!;
  const fill = offset.slice(0, n);
  const head = new Int32Array(m);
  const minutes = new Float64Array(m);
  const km = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const p = fill[arcs.from[e]!]!++;
    head[p] = arcs.to[e]!;
    minutes[p] = arcs.minutes[e]!;
    km[p] = arcs.km[e]!;
  }
  return { n, offset, head, minutes, km };
}

/** Binary min-heap of vertices keyed by (minutes, km), with decrease-key through a position index. */
class VertexHeap {
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private size = 0;

  constructor(
    n: number,
    private readonly t: Float64Array,
    private readonly d: Float64Array,
  ) {
    this.heap = new Int32Array(n);
    this.pos = new Int32Array(n).fill(-1);
  }

  get length(): number {
    return this.size;
  }

  private less(a: number, b: number): boolean {
    return this.t[a]! < this.t[b]! || (this.t[a] === this.t[b] && (this.d[a]! < this.d[b]! || (this.d[a] === this.d[b] && a < b)));
  }

  private place(i: number, v: number): void {
    this.heap[i] = v;
    this.pos[v] = i;
  }

  /** Inserts v or moves it up after its key decreased. */
  push(v: number): void {
    let i = this.pos[v]!;
    if (i < 0) i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pv = this.heap[parent]!;
      if (!this.less(v, pv)) break;
      this.place(i, pv);
      i = parent;
    }
    this.place(i, v);
  }

  pop(): number {
    const top = this.heap[0]!;
    this.pos[top] = -1;
    const last = this.heap[--this.size]!;
    if (this.size === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && this.less(this.heap[r]!, this.heap[l]!) ? r : l;
      if (!this.less(this.heap[c]!, last)) break;
      this.place(i, this.heap[c]!);
      i = c;
    }
    this.place(i, last);
    return top;
  }
}

/** Result of one search: minutes and km per vertex (Infinity when unreached). */
export interface ShortestPaths {
  readonly minutes: Float64Array;
  readonly km: Float64Array;
  /** Vertices in the order they were settled (final values); `settledCount` of them. */
  readonly settled: Int32Array;
  readonly settledCount: number;
  /** The CSR arc by which each vertex was reached (-1 for the source and unreached vertices). */
  readonly pred: Int32Array;
  /** With `through`: 1 where the shortest path found runs through a `through` vertex (other than the source). */
  readonly blocked: Uint8Array;
}

/**
 * Dijkstra from `source` (minutes, ties by km). With `through` (a 0/1 mark per vertex), it also
 * tells for each settled vertex whether its shortest path passes a marked vertex other than the
 * source (`blocked`; among equally short paths an unmarked one is preferred), and it stops as soon
 * as every vertex left in the heap is blocked, so the search stays local around the source.
 */
export function dijkstra(g: CsrGraph, source: number, through?: Uint8Array): ShortestPaths {
  const t = new Float64Array(g.n).fill(Infinity);
  const d = new Float64Array(g.n).fill(Infinity);
  const done = new Uint8Array(g.n);
  const inHeap = new Uint8Array(g.n);
  const bl = new Uint8Array(g.n);
  const settled = new Int32Array(g.n);
  const pred = new Int32Array(g.n).fill(-1);
  let count = 0;
  let open = 0; // unblocked vertices in the heap
  const heap = new VertexHeap(g.n, t, d);
  t[source] = 0;
  d[source] = 0;
  heap.push(source);
  inHeap[source] = 1;
  open = 1;
  while (heap.length > 0 && (!through || open > 0)) {
    const v = heap.pop();
    inHeap[v] = 0;
    if (!bl[v]) open--;
    done[v] = 1;
    settled[count++] = v;
    const nb = bl[v] === 1 || (through !== undefined && v !== source && through[v] === 1) ? 1 : 0;
    const tv = t[v]!, dv = d[v]!;
    for (let e = g.offset[v]!, end = g.offset[v + 1]!; e < end; e++) {
      const w = g.head[e]!;
      if (done[w]) continue;
      const tw = tv + g.minutes[e]!;
      const dw = dv + g.km[e]!;
      if (tw < t[w]! || (tw === t[w] && (dw < d[w]! || (dw === d[w] && nb < bl[w]!)))) {
        if (inHeap[w] && !bl[w]) open--;
        t[w] = tw;
        d[w] = dw;
        bl[w] = nb;
        pred[w] = e;
        if (!nb) open++;
        inHeap[w] = 1;
        heap.push(w);
      }
    }
  }
  return { minutes: t, km: d, settled, settledCount: count, pred, blocked: bl };
}
