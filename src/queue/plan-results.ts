/**
 * Where a `plan-timetable` job's timetable is stored: through the persistence repository
 * (`saveTimetable`) plus a `plan_jobs` row (migration 051) keyed by the job id, in one transaction.
 * A retried job (its first worker killed after or during the write) finds the row and gets the
 * same timetable id back: exactly one timetable per job.
 */
import type { Timetable } from '../domain/timetable.ts';
import type { Db } from '../persistence/db.ts';
import { saveTimetable } from '../persistence/index.ts';

/** Stores `timetable` for job `jobId` once; returns its id and whether this call stored it. */
export async function storePlanResult(
  db: Db,
  jobId: string,
  attempt: number,
  timetable: Timetable,
): Promise<{ timetableId: string; stored: boolean }> {
  return db.transaction(async (tx) => {
    // Serialise concurrent attempts of the same job (a stalled worker that is in fact alive).
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`plan-job:${jobId}`]);
    const prev = await tx.query<{ id: string }>('SELECT timetable_id::text AS id FROM plan_jobs WHERE job_id = $1', [jobId]);
    if (prev.rows[0]) return { timetableId: prev.rows[0].id, stored: false };
    const timetableId = await saveTimetable(tx, timetable);
    await tx.query('INSERT INTO plan_jobs (job_id, county, timetable_id, attempt) VALUES ($1, $2, $3::bigint, $4)', [
      jobId,
      timetable.county,
      timetableId,
      attempt,
    ]);
    return { timetableId, stored: true };
  });
}

/** The timetable id stored by job `jobId`, or null. */
export async function planResultOf(db: Db, jobId: string): Promise<string | null> {
  const r = await db.query<{ id: string }>('SELECT timetable_id::text AS id FROM plan_jobs WHERE job_id = $1', [jobId]);
  return r.rows[0]?.id ?? null;
}

/** How many timetables jobs stored for `county` (tests and operators' sanity checks). */
export async function countPlanResults(db: Db, county: string): Promise<number> {
  const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_jobs WHERE county = $1', [county]);
  return r.rows[0]?.n ?? 0;
}
