/**
 * Static servability: a task that no vehicle type could serve even on a route of its own is
 * excluded from the search and reported in `unassigned` with the reason (VROOM's convention:
 * unservable jobs are data, not errors).
 */
import type { Problem } from '../model/problem.ts';
import { sequenceCost } from '../solution/evaluate.ts';

/** Per-head exclusion flags and reasons. */
export interface Servability {
  readonly excluded: Uint8Array;
  readonly reason: Map<number, string>;
}

/** Tests every task head against every vehicle type (one representative vehicle per type). */
export function checkServability(p: Problem): Servability {
  const excluded = new Uint8Array(p.nNodes);
  const reason = new Map<number, string>();
  const reps: number[] = [];
  const seenType = new Set<number>();
  for (let v = 0; v < p.nVeh; v++) {
    if (!seenType.has(p.vehType[v]!)) {
      seenType.add(p.vehType[v]!);
      reps.push(v);
    }
  }
  const seq = new Int32Array(2);
  for (const u of p.heads) {
    const q = p.partner[u]!;
    let attrOk = false;
    let capOk = false;
    let timeOk = false;
    for (const v of reps) {
      const req = p.requiresMask[u]!;
      if ((p.vehAttr[v]! & req) !== req) continue;
      attrOk = true;
      let fits = true;
      for (let d = 0; d < p.dims; d++) {
        const need = Math.max(p.nodeDel[u * p.dims + d]!, p.nodeLoad[u * p.dims + d]!);
        if (need > p.vehCap[v * p.dims + d]!) fits = false;
      }
      if (!fits) continue;
      capOk = true;
      seq[0] = u;
      seq[1] = q;
      if (sequenceCost(p, v, seq, q >= 0 ? 2 : 1) < Infinity) {
        timeOk = true;
        break;
      }
    }
    if (timeOk) continue;
    excluded[u] = 1;
    if (q >= 0) excluded[q] = 1;
    if (reps.length === 0) reason.set(u, 'no vehicles available');
    else if (!attrOk) reason.set(u, 'no vehicle type offers the required attributes');
    else if (!capOk) reason.set(u, "demand exceeds every vehicle's capacity");
    else reason.set(u, "cannot be served within its time windows, a vehicle's shift and maximum duration");
  }
  return { excluded, reason };
}
