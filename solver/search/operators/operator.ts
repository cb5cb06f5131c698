/**
 * The move interface: `evaluate` returns the exact cost change without mutating
 * (+Infinity when the move is infeasible or not applicable), `apply` performs it (saving touched
 * routes in the solution's undo log), `supports` says whether the operator applies to a problem.
 *
 * Move arguments are node indices; a negative `v = −(r+1)` stands for the start depot of route r,
 * so "after v" can mean "first in route r".
 */
import type { Problem } from '../../model/problem.ts';
import { sequenceCost } from '../../solution/evaluate.ts';
import type { Solution } from '../../solution/solution.ts';

/**
 * How the local search turns a neighbour pair (u, v) (u and v both assigned nodes) into the
 * arguments of a move: `u,v` as they are; `u,pred(v)` with v replaced by its predecessor (a
 * start-depot marker when v is first), so that u lands just before v; `pred(u),v` likewise for u.
 */
export type MoveArgs = 'u,v' | 'u,pred(v)' | 'pred(u),v';

/** A local-search operator on a pair (u, v) of a granular neighbourhood. */
export interface Operator {
  readonly name: string;
  /** The argument forms the local search tries for each neighbour pair, in this order. */
  readonly tries: readonly MoveArgs[];
  /** False when no move of this operator can exist in problem `p` (the local search skips it). */
  supports(p: Problem): boolean;
  evaluate(sol: Solution, u: number, v: number): number;
  apply(sol: Solution, u: number, v: number): void;
}

/** Route index and position of `v` (node or start-depot marker). */
export function locate(sol: Solution, v: number): { r: number; pos: number } {
  if (v < 0) return { r: -v - 1, pos: 0 };
  return { r: sol.routeOf[v]!, pos: sol.posOf[v]! };
}

/** Route of `v` (node or start-depot marker); −1 if unassigned. */
export function routeOfRef(sol: Solution, v: number): number {
  return v < 0 ? -v - 1 : sol.routeOf[v]!;
}

/** Position of `v` in its route (0 for a start-depot marker). */
export function posOfRef(sol: Solution, v: number): number {
  return v < 0 ? 0 : sol.posOf[v]!;
}

/** True when the exact O(1) path applies to the pair of routes (same end depot and shift end,
 * no duration pricing or limit); otherwise operators fall back to O(n) sequence evaluation. */
export function fastPath(p: Problem, ra: number, rb: number): boolean {
  return (
    p.vehCph[ra] === 0 &&
    p.vehCph[rb] === 0 &&
    p.vehMaxDur[ra] === Infinity &&
    p.vehMaxDur[rb] === Infinity &&
    p.vehEndLoc[ra] === p.vehEndLoc[rb] &&
    p.vehShiftEnd[ra] === p.vehShiftEnd[rb]
  );
}

let bufA = new Int32Array(64);
let bufB = new Int32Array(64);

/** Scratch sequence buffers for O(n) fallbacks (two, for the two routes of a move). */
export function scratch(n: number): [Int32Array, Int32Array] {
  if (bufA.length < n) {
    bufA = new Int32Array(2 * n);
    bufB = new Int32Array(2 * n);
  }
  return [bufA, bufB];
}

/** Writes route r's new task sequence into the solution and recomputes it. */
export function commitRoute(sol: Solution, r: number, seq: ArrayLike<number>, n: number): void {
  sol.touch(r);
  sol.routes[r]!.setNodes(seq, n);
  sol.update(r);
}

/** A move's rewritten task sequences: route ru's `sa[0..na)` and, when rv ≠ ru, route rv's `sb[0..nb)`. */
export type Rewrite = readonly [sa: Int32Array, na: number, sb: Int32Array, nb: number];

/**
 * Exact cost change of a rewrite, recomputed over the whole new sequences: the O(n) fallback the
 * operators share where no O(1) path applies. +Infinity when a new sequence is infeasible.
 */
export function rewriteDelta(p: Problem, sol: Solution, ru: number, rv: number, [sa, na, sb, nb]: Rewrite): number {
  const ca = sequenceCost(p, ru, sa, na);
  if (ca === Infinity) return Infinity;
  if (ru === rv) return ca - sol.routes[ru]!.cost;
  const cb = sequenceCost(p, rv, sb, nb);
  if (cb === Infinity) return Infinity;
  return ca + cb - sol.routes[ru]!.cost - sol.routes[rv]!.cost;
}

/** Commits a rewrite: route ru, and route rv when it differs. */
export function commitRewrite(sol: Solution, ru: number, rv: number, [sa, na, sb, nb]: Rewrite): void {
  commitRoute(sol, ru, sa, na);
  if (rv !== ru) commitRoute(sol, rv, sb, nb);
}
