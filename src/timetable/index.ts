/**
 * The weekly timetable planner: county dataset + travel matrix → `Timetable`
 * (src/domain/timetable.ts). Entry used by `rural-dispatch plan` and the `plan-timetable` job.
 * Method: docs/timetable.md.
 */
import type { Dataset, TravelMatrix } from '../domain/dataset.ts';
import type { Timetable } from '../domain/timetable.ts';
import { plan } from './plan.ts';
import type { PlanSettings } from './settings.ts';

export type { PlanSettings, ServicePolicy } from './settings.ts';
export { DEFAULT_PLAN_SETTINGS, resolveSettings } from './settings.ts';

/** Progress report: `phase` names the step, `fraction` is 0..1 of the whole plan. */
export interface PlanProgress {
  readonly phase: string;
  readonly fraction: number;
  readonly message?: string;
}

/** Run options: randomness and budget are injected, so a plan is reproducible. */
export interface PlanOptions {
  /** RNG seed (default 1). Same seed + same iterations → same timetable apart from `generatedAt`. */
  readonly seed?: number;
  /** Wall-clock budget of the road plan in seconds (default 30); bus re-pricing rounds take up to a quarter more. */
  readonly seconds?: number;
  /** Iteration budget per routing sub-problem; when set it replaces the time budget (tests). */
  readonly iterations?: number;
  /** Plan without passenger-bus legs. */
  readonly noBus?: boolean;
  /** Plan without township hubs: every village gets a direct line from the warehouse. */
  readonly allDirect?: boolean;
  readonly onProgress?: (p: PlanProgress) => void;
}

/** Plans the weekly timetable of one county. Rejects only on invalid input; unservable villages come back `unserved` with a reason. */
export async function planTimetable(
  dataset: Dataset,
  matrix: TravelMatrix,
  settings: Partial<PlanSettings>,
  opts: PlanOptions = {},
): Promise<Timetable> {
  return plan(dataset, matrix, settings, opts);
}
