/**
 * Cost of a 2E-CVRP solution given only its second-echelon routes: the first echelon is implied
 * (optimal split-delivery truck routes for the satellite loads, first-echelon.ts). This is the
 * convention of the shared benchmark's solutions/*.txt files (`obj`, `se`, `fe` lines).
 */
import { FirstEchelon } from './first-echelon.ts';
import { type SecondEchelonRoute, type TwoEchelonData, secondRouteLength } from './model.ts';

/** Costs of a second-echelon route set; `fe` is Infinity when no K1-truck first echelon exists. */
export interface TwoEchelonCost {
  readonly total: number;
  readonly se: number;
  readonly fe: number;
}

/** Evaluates second-echelon routes (0-based indices) with the optimal first echelon. */
export function evaluateSecondEchelon(d: TwoEchelonData, routes: readonly SecondEchelonRoute[], fe?: FirstEchelon): TwoEchelonCost {
  const loads = new Float64Array(d.ns);
  let se = 0;
  for (const r of routes) {
    if (r.customers.length === 0) continue;
    se += d.inst.c2 * secondRouteLength(d, r) + d.inst.F2;
    for (const c of r.customers) loads[r.satellite] = loads[r.satellite]! + d.demand[c]!;
  }
  const feCost = (fe ?? new FirstEchelon(d)).cost(loads);
  return { total: se + feCost, se, fe: feCost };
}
