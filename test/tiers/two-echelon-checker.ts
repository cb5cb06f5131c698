/**
 * Independent checker for 2E-CVRP solutions in the CLI contract shape (1-based numbers). It shares
 * no code with the solver: it recomputes distances from the parsed instance and checks coverage,
 * Q1/Q2, K1/K2/Ks, that split deliveries happen only at satellites (every customer on exactly one
 * route), that truck loads at each satellite sum to that satellite's second-echelon freight, and
 * recomputes the cost from the listed routes.
 */
import type { TwoEchelonInstance } from '../../solver/tiers/two-echelon/model.ts';

/** A contract-shaped solution. */
export interface CheckedSolution {
  readonly firstEchelon: readonly { route: readonly number[]; loads: readonly number[] }[];
  readonly secondEchelon: readonly { satellite: number; route: readonly number[] }[];
}

/** Returns the violations (empty when feasible) and the recomputed cost. */
export function checkTwoEchelon(inst: TwoEchelonInstance, sol: CheckedSolution): { errors: string[]; cost: number } {
  const errors: string[] = [];
  const ns = inst.satellites.length;
  const nc = inst.customers.length;
  const d = (a: { x: number; y: number }, b: { x: number; y: number }): number => Math.hypot(a.x - b.x, a.y - b.y);
  const seen = new Array<number>(nc + 1).fill(0);
  const satFreight = new Array<number>(ns + 1).fill(0);
  const perSat = new Array<number>(ns + 1).fill(0);
  let cost = 0;
  let used2 = 0;
  for (const [i, r] of sol.secondEchelon.entries()) {
    if (!Number.isInteger(r.satellite) || r.satellite < 1 || r.satellite > ns) {
      errors.push(`second route ${i}: satellite ${r.satellite} out of 1..${ns}`);
      continue;
    }
    if (r.route.length === 0) continue;
    used2++;
    perSat[r.satellite]!++;
    const sat = inst.satellites[r.satellite - 1]!;
    let prev: { x: number; y: number } = sat;
    let load = 0;
    for (const c of r.route) {
      const cu = inst.customers[c - 1];
      if (!cu) {
        errors.push(`second route ${i}: customer ${c} out of 1..${nc}`);
        continue;
      }
      seen[c]!++;
      load += cu.q;
      cost += inst.c2 * d(prev, cu);
      prev = cu;
    }
    cost += inst.c2 * d(prev, sat) + inst.F2;
    if (load > inst.Q2 + 1e-9) errors.push(`second route ${i}: load ${load} > Q2 ${inst.Q2}`);
    satFreight[r.satellite]! += load;
  }
  for (let c = 1; c <= nc; c++) if (seen[c] !== 1) errors.push(`customer ${c} served ${seen[c]} times (must be exactly once)`);
  if (used2 > inst.K2) errors.push(`${used2} second-echelon routes > K2 ${inst.K2}`);
  for (let s = 1; s <= ns; s++) if (perSat[s]! > inst.Ks) errors.push(`satellite ${s}: ${perSat[s]} routes > Ks ${inst.Ks}`);
  const delivered = new Array<number>(ns + 1).fill(0);
  let used1 = 0;
  for (const [i, r] of sol.firstEchelon.entries()) {
    if (r.route.length !== r.loads.length) errors.push(`first route ${i}: ${r.route.length} satellites but ${r.loads.length} loads`);
    if (r.route.length === 0) continue;
    used1++;
    if (new Set(r.route).size !== r.route.length) errors.push(`first route ${i}: a satellite visited twice`);
    let prev: { x: number; y: number } = inst.depot;
    let load = 0;
    r.route.forEach((s, k) => {
      const sat = inst.satellites[s - 1];
      if (!sat) {
        errors.push(`first route ${i}: satellite ${s} out of 1..${ns}`);
        return;
      }
      const l = r.loads[k] ?? 0;
      if (l < -1e-9) errors.push(`first route ${i}: negative load at satellite ${s}`);
      delivered[s]! += l;
      load += l;
      cost += inst.c1 * d(prev, sat) + sat.handling * l;
      prev = sat;
    });
    cost += inst.c1 * d(prev, inst.depot) + inst.F1;
    if (load > inst.Q1 + 1e-6) errors.push(`first route ${i}: load ${load} > Q1 ${inst.Q1}`);
  }
  if (used1 > inst.K1) errors.push(`${used1} trucks > K1 ${inst.K1}`);
  for (let s = 1; s <= ns; s++) {
    if (Math.abs(delivered[s]! - satFreight[s]!) > 1e-6) {
      errors.push(`satellite ${s}: trucks deliver ${delivered[s]} but its routes carry ${satFreight[s]}`);
    }
  }
  return { errors, cost };
}
