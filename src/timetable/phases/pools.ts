/**
 * Pools phase: a village rides a feeder from its township hub when the hub has an ambient vehicle,
 * else (or within `directRadiusKm` of the warehouse and nearer to it than to its hub, or with
 * `allDirect`) it goes direct from the warehouse. Reads the context; adds `Pools`.
 */
import { km, villageInfos } from '../villages.ts';
import type { AfterPools, PlanContext } from './state.ts';

export function poolsPhase(ctx: PlanContext): AfterPools {
  const { ds, matrix, S, wh } = ctx;
  const villages = villageInfos(ds, S);
  const poolOf = new Map<string, string>();
  for (const v of villages) {
    const hub = v.hub && ds.nodeById.get(v.hub)?.kind === 'township_hub' ? v.hub : null;
    const hubHasVehicle = hub !== null && (ctx.ambientFleet.get(hub)?.length ?? 0) > 0;
    const near = hub !== null && km(matrix, wh, v.node.id) <= Math.min(S.directRadiusKm, km(matrix, hub, v.node.id));
    poolOf.set(v.node.id, ctx.opts.allDirect || !hubHasVehicle || near ? wh : hub!);
  }
  return { villages, poolOf };
}
