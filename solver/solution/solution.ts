/**
 * A solution: one `Route` per vehicle, the position of every node, the list of unassigned tasks,
 * and an undo log so a rejected ruin-and-recreate step is rolled back by restoring only the
 * routes it touched (no full copy per iteration).
 */
import type { Problem } from '../model/problem.ts';
import { Route } from './route.ts';

/** Mutable solution state. */
export class Solution {
  readonly routes: Route[];
  /** Route index of each node, −1 when unassigned. */
  readonly routeOf: Int32Array;
  /** Position of each node in its route. */
  readonly posOf: Int32Array;
  /** Unassigned task heads (jobs and shipment pickups) in `unassigned[0..nUnassigned-1]`. */
  unassigned: Int32Array;
  nUnassigned = 0;
  /** Heads that no vehicle can ever serve; excluded from the search, reported with a reason. */
  readonly excluded: Uint8Array;

  // Undo log.
  private readonly touchedFlag: Uint8Array;
  private readonly scratchFlag: Uint8Array;
  private readonly touched: number[] = [];
  private backup: Int32Array[] = [];
  private readonly backupLen: Int32Array;
  private unBackup: Int32Array;
  private nUnBackup = 0;

  /** Creates an empty solution (every servable task unassigned). */
  constructor(
    readonly p: Problem,
    excluded: Uint8Array,
  ) {
    this.routes = [];
    for (let v = 0; v < p.nVeh; v++) this.routes.push(new Route(p, v));
    this.routeOf = new Int32Array(p.nNodes).fill(-1);
    this.posOf = new Int32Array(p.nNodes).fill(-1);
    this.unassigned = new Int32Array(p.heads.length + 1);
    this.unBackup = new Int32Array(p.heads.length + 1);
    this.excluded = excluded;
    for (const h of p.heads) if (!excluded[h]) this.unassigned[this.nUnassigned++] = h;
    this.touchedFlag = new Uint8Array(p.nVeh);
    this.scratchFlag = new Uint8Array(p.nNodes);
    this.backupLen = new Int32Array(p.nVeh);
    for (let v = 0; v < p.nVeh; v++) this.backup.push(new Int32Array(8));
  }

  /** Routing cost plus penalties of unassigned tasks. */
  cost(): number {
    let c = 0;
    for (const r of this.routes) c += r.cost;
    const pen = this.p.penalty;
    for (let i = 0; i < this.nUnassigned; i++) c += pen[this.unassigned[i]!]!;
    return c;
  }

  /** Routing cost only (no penalties). */
  routingCost(): number {
    let c = 0;
    for (const r of this.routes) c += r.cost;
    return c;
  }

  /** Number of non-empty routes. */
  vehicles(): number {
    let k = 0;
    for (const r of this.routes) if (r.len > 0) k++;
    return k;
  }

  /** Total distance. */
  distance(): number {
    let d = 0;
    for (const r of this.routes) d += r.distance;
    return d;
  }

  /** Number of nodes assigned to routes. */
  assignedNodes(): number {
    let k = 0;
    for (const r of this.routes) k += r.len;
    return k;
  }

  /** Recomputes route `r` and the positions of its nodes. */
  update(r: number): void {
    this.routes[r]!.recompute(this.routeOf, this.posOf, r);
  }

  /** Starts an undo scope: later `touch` calls save routes, `rollback` restores them. */
  begin(): void {
    for (const r of this.touched) this.touchedFlag[r] = 0;
    this.touched.length = 0;
    this.unBackup.set(this.unassigned.subarray(0, this.nUnassigned));
    this.nUnBackup = this.nUnassigned;
  }

  /** Saves route `r` before its first change in the current scope. */
  touch(r: number): void {
    if (this.touchedFlag[r]) return;
    this.touchedFlag[r] = 1;
    this.touched.push(r);
    const route = this.routes[r]!;
    let b = this.backup[r]!;
    if (b.length < route.len) {
      b = new Int32Array(route.len * 2);
      this.backup[r] = b;
    }
    b.set(route.nodes.subarray(1, route.len + 1));
    this.backupLen[r] = route.len;
  }

  /** Restores every route touched since `begin` and the unassigned list. */
  rollback(): void {
    // Nodes now in touched routes may have moved; clear them, then rebuild from the backups.
    for (const r of this.touched) {
      const route = this.routes[r]!;
      for (let i = 1; i <= route.len; i++) this.routeOf[route.nodes[i]!] = -1;
    }
    for (let i = 0; i < this.nUnassigned; i++) {
      const u = this.unassigned[i]!;
      this.routeOf[u] = -1;
      const q = this.p.partner[u]!;
      if (q >= 0) this.routeOf[q] = -1;
    }
    for (const r of this.touched) {
      const route = this.routes[r]!;
      route.setNodes(this.backup[r]!, this.backupLen[r]!);
      this.update(r);
    }
    this.unassigned.set(this.unBackup.subarray(0, this.nUnBackup));
    this.nUnassigned = this.nUnBackup;
    for (let i = 0; i < this.nUnassigned; i++) {
      const u = this.unassigned[i]!;
      this.routeOf[u] = -1;
      const q = this.p.partner[u]!;
      if (q >= 0) this.routeOf[q] = -1;
    }
  }

  /** Adds a head to the unassigned list (its nodes must already be out of their route). */
  addUnassigned(u: number): void {
    this.unassigned[this.nUnassigned++] = u;
    this.routeOf[u] = -1;
    const q = this.p.partner[u]!;
    if (q >= 0) this.routeOf[q] = -1;
  }

  /** Removes the task whose head is `u` from its route (both ends for a shipment) and lists it
   * as unassigned. The caller must `update` the route afterwards. */
  removeTask(u: number): number {
    const r = this.routeOf[u]!;
    const route = this.routes[r]!;
    this.touch(r);
    const q = this.p.partner[u]!;
    route.removeAt(this.posOf[u]!);
    if (q >= 0) {
      // Positions after u shifted by one; look q up by scanning (routes are short).
      for (let i = 1; i <= route.len; i++) {
        if (route.nodes[i] === q) {
          route.removeAt(i);
          break;
        }
      }
    }
    this.addUnassigned(u);
    return r;
  }

  /** Removes the tasks with heads `heads[0..count-1]` (all in route `r`, both ends of shipments)
   * and lists them as unassigned; updates the route. */
  removeTasks(r: number, heads: Int32Array, count: number): void {
    const route = this.routes[r]!;
    this.touch(r);
    const flag = this.scratchFlag;
    for (let i = 0; i < count; i++) {
      const h = heads[i]!;
      flag[h] = 1;
      const q = this.p.partner[h]!;
      if (q >= 0) flag[q] = 1;
    }
    let k = 1;
    for (let i = 1; i <= route.len; i++) {
      const u = route.nodes[i]!;
      if (flag[u]) flag[u] = 0;
      else route.nodes[k++] = u;
    }
    route.len = k - 1;
    route.nodes[k] = -1;
    for (let i = 0; i < count; i++) this.addUnassigned(heads[i]!);
    this.update(r);
  }

  /** A compact copy of the route sequences and the unassigned list. */
  snapshot(): Snapshot {
    return {
      routes: this.routes.map((r) => r.nodes.slice(1, r.len + 1)),
      unassigned: this.unassigned.slice(0, this.nUnassigned),
    };
  }

  /** Loads a snapshot taken from a solution of the same problem. */
  restore(s: Snapshot): void {
    this.routeOf.fill(-1);
    s.routes.forEach((seq, r) => {
      const route = this.routes[r]!;
      route.setNodes(seq, seq.length);
      this.update(r);
    });
    this.unassigned.set(s.unassigned);
    this.nUnassigned = s.unassigned.length;
    this.begin();
  }

  /** True when every route is feasible. */
  feasible(): boolean {
    for (const r of this.routes) if (!r.feasible) return false;
    return true;
  }
}

/** Route sequences and unassigned heads, detached from the mutable solution. */
export interface Snapshot {
  readonly routes: readonly Int32Array[];
  readonly unassigned: Int32Array;
}
