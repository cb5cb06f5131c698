/**
 * Where a `plan-timetable` job's timetable is stored: the timetable plus a plan-job record keyed by
 * the job id, in one transaction of the PlanJobRepository port (src/queue/ports.ts). A retried job
 * (its first worker killed after or during the write) finds the record and gets the same timetable
 * id back: exactly one timetable per job.
 */
import type { Timetable } from '../domain/timetable.ts';
import { notWorseThan } from '../domain/timetable-diff.ts';
import type { PlanJobRepository } from './ports.ts';

/**
 * Whether a plan job's new timetable becomes active at once: always when the county has no active
 * timetable yet; with `autoActivate` when it is not worse than the active one (served villages,
 * then poor villages served, then weekly cost). Otherwise it stays a draft for an operator.
 * Returns the recorded reason, or null for a draft.
 */
export function activationReason(draft: Timetable, active: Timetable | null, autoActivate: boolean, poor: ReadonlySet<string>): string | null {
  if (active === null) return 'first timetable of the county';
  if (autoActivate && notWorseThan(draft, active, poor)) return 'autoActivate: not worse than the active timetable';
  return null;
}

/** Options of storePlanResult: the automatic activation rule (see activationReason). */
export interface StoreOptions {
  readonly autoActivate?: boolean;
  /** Codes of the county's poor villages (the second criterion of "not worse"). */
  readonly poor?: ReadonlySet<string>;
}

/** Stores `timetable` for job `jobId` once; returns its id and whether this call stored it. */
export async function storePlanResult(
  repo: PlanJobRepository,
  jobId: string,
  attempt: number,
  timetable: Timetable,
  options: StoreOptions = {},
): Promise<{ timetableId: string; stored: boolean }> {
  return repo.withTransaction(async (tx) => {
    // Serialise concurrent attempts of the same job (a stalled worker that is in fact alive).
    await tx.lockJob(jobId);
    const prev = await tx.timetableOf(jobId);
    if (prev !== null) return { timetableId: prev, stored: false };
    const active = await tx.activeTimetable(timetable.county);
    const reason = activationReason(timetable, active, options.autoActivate ?? false, options.poor ?? new Set());
    const timetableId = await tx.saveTimetable(timetable, reason === null ? undefined : { by: `plan-job:${jobId}`, reason });
    await tx.recordJob(jobId, timetable.county, timetableId, attempt);
    return { timetableId, stored: true };
  });
}

/** The timetable id stored by job `jobId`, or null. */
export async function planResultOf(repo: PlanJobRepository, jobId: string): Promise<string | null> {
  return repo.timetableOf(jobId);
}

/** How many timetables jobs stored for `county` (tests and operators' sanity checks). */
export async function countPlanResults(repo: PlanJobRepository, county: string): Promise<number> {
  return repo.countForCounty(county);
}
