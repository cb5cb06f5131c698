/**
 * Where a `plan-timetable` job's timetable is stored: the timetable plus a plan-job record keyed by
 * the job id, in one transaction of the PlanJobRepository port (src/queue/ports.ts). A retried job
 * (its first worker killed after or during the write) finds the record and gets the same timetable
 * id back: exactly one timetable per job.
 */
import type { Timetable } from '../domain/timetable.ts';
import type { PlanJobRepository } from './ports.ts';

/** Stores `timetable` for job `jobId` once; returns its id and whether this call stored it. */
export async function storePlanResult(
  repo: PlanJobRepository,
  jobId: string,
  attempt: number,
  timetable: Timetable,
): Promise<{ timetableId: string; stored: boolean }> {
  return repo.withTransaction(async (tx) => {
    // Serialise concurrent attempts of the same job (a stalled worker that is in fact alive).
    await tx.lockJob(jobId);
    const prev = await tx.timetableOf(jobId);
    if (prev !== null) return { timetableId: prev, stored: false };
    const timetableId = await tx.saveTimetable(timetable);
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
