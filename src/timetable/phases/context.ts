/** Builds the `PlanContext` of a planning pass. */
import type { Dataset, TravelMatrix } from '../../domain/dataset.ts';
import type { PlanSettings } from '../settings.ts';
import { toMinutes } from '../time.ts';
import { ambientFleetByDepot } from '../villages.ts';
import type { PassOptions, PlanContext } from './state.ts';

/** The read-only context of one pass (the clock's reading now is its start). */
export function planContext(ds: Dataset, matrix: TravelMatrix, S: PlanSettings, opts: PassOptions): PlanContext {
  const clock = opts.clock ?? (() => Date.now());
  return {
    ds, matrix, S, opts, clock,
    seed: opts.seed ?? 1,
    t0: clock(),
    days: [...S.serviceDays],
    wh: ds.warehouseId,
    earliest: toMinutes(S.earliestTrunkDeparture),
    cutoff: toMinutes(S.cutoff),
    ambientFleet: ambientFleetByDepot(ds),
    reefers: ds.fleet.filter((v) => v.refrigerated),
    progress: (phase, fraction, message) =>
      opts.onProgress?.({ phase, fraction: Math.max(0, Math.min(1, fraction)), ...(message ? { message } : {}) }),
  };
}

