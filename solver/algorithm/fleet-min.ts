/**
 * Fleet minimisation for the hierarchical objective (Christiaens & Vanden Berghe 2020, §5: "vehicle
 * minimisation"): remove a route, then keep ruining and recreating without opening new vehicles.
 * Every iteration each still-unassigned task's absence counter grows; a candidate is accepted when
 * it leaves fewer tasks out, or the same tasks with a smaller total absence, so the search learns
 * which customers are hard to place and inserts them first. When all are placed, the fleet has
 * shrunk by one and the next route is removed.
 */
import { ruinStrings } from '../search/ruin-sisr.ts';
import { recreate } from '../search/recreate.ts';
import type { Solution, Snapshot } from '../solution/solution.ts';
import type { Context } from './context.ts';

/** Minimises the number of routes until budget fraction `f1`; `sol` ends as the best feasible
 * (everything assigned) solution with the fewest routes found. */
export function minimiseFleet(ctx: Context, sol: Solution, f1: number): void {
  const p = sol.p;
  const { rng, budget } = ctx;
  if (mandatoryOut(sol) > 0) return; // start needs every mandatory task served
  let best: Snapshot = sol.snapshot();
  const absence = new Float64Array(p.nNodes);
  const removeRoute = (): boolean => {
    // Remove the route with the fewest tasks, or a random non-empty one.
    let pick = -1;
    const nonEmpty: number[] = [];
    sol.routes.forEach((r, i) => {
      if (r.len > 0) nonEmpty.push(i);
    });
    if (nonEmpty.length <= 1) return false;
    if (rng.next() < 0.5) {
      let bestLen = Infinity;
      for (const i of nonEmpty) {
        const l = sol.routes[i]!.len;
        if (l < bestLen) {
          bestLen = l;
          pick = i;
        }
      }
    } else {
      pick = nonEmpty[rng.int(nonEmpty.length)]!;
    }
    sol.begin();
    const route = sol.routes[pick]!;
    while (route.len > 0) {
      const u = route.nodes[1]!;
      const h = p.partner[u]! >= 0 && p.nodeKind[u] === 3 ? p.partner[u]! : u;
      sol.removeTask(h);
      sol.update(pick);
    }
    sol.begin();
    return true;
  };
  let target = sol.vehicles() - 1;
  if (!removeRoute()) return;
  let curOut = mandatoryOut(sol);
  let curAbs = sumAbsence(sol, absence);
  let lastSuccess = budget.fraction(ctx.iteration);
  let sinceSuccess = 0;
  for (;;) {
    const g = budget.fraction(ctx.iteration);
    // Stop at the phase end, or when no route could be removed for `fleetPatience` of the budget.
    if (g >= f1 || g - lastSuccess > ctx.params.fleetPatience || budget.done(ctx.iteration, sinceSuccess)) break;
    sol.begin();
    ruinStrings(sol, ctx.nb, rng, ctx.params.ruin);
    recreate(sol, rng, ctx.params.recreate, target, absence);
    ctx.iteration++;
    sinceSuccess++;
    const out = mandatoryOut(sol);
    const abs = sumAbsence(sol, absence);
    if (out < curOut || abs < curAbs) {
      curOut = out;
      curAbs = abs;
    } else {
      sol.rollback();
    }
    for (let i = 0; i < sol.nUnassigned; i++) absence[sol.unassigned[i]!]! += 1;
    curAbs = sumAbsence(sol, absence);
    if (mandatoryOut(sol) === 0) {
      best = sol.snapshot();
      lastSuccess = g;
      sinceSuccess = 0;
      ctx.reportBest(sol);
      target = sol.vehicles() - 1;
      if (!removeRoute()) break;
      curOut = mandatoryOut(sol);
      curAbs = sumAbsence(sol, absence);
    }
    if ((ctx.iteration & 1023) === 0) ctx.reportProgress(g, sol.routingCost(), sol.vehicles());
  }
  sol.restore(best);
}

/** Unassigned mandatory tasks (optional ones may stay out; hierarchical puts vehicles first). */
export function mandatoryOut(sol: Solution): number {
  let k = 0;
  for (let i = 0; i < sol.nUnassigned; i++) if (!sol.p.optional[sol.unassigned[i]!]) k++;
  return k;
}

function sumAbsence(sol: Solution, absence: Float64Array): number {
  let s = 0;
  for (let i = 0; i < sol.nUnassigned; i++) s += absence[sol.unassigned[i]!]!;
  return s;
}
