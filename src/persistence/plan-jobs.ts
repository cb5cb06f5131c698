/**
 * Postgres/PGlite adapter of the PlanJobRepository port (src/queue/ports.ts): table plan_jobs
 * (migration 051) next to the timetables repository.
 */
import type { PlanJobRepository } from '../queue/ports.ts';
import type { Db } from './db.ts';
import { getActiveTimetable, saveTimetable } from './timetables.ts';

/** The PlanJobRepository of `db` (the pool or a transaction). */
export function pgPlanJobRepository(db: Db): PlanJobRepository {
  return {
    withTransaction: (fn) => db.transaction((tx) => fn(pgPlanJobRepository(tx))),
    async lockJob(jobId) {
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`plan-job:${jobId}`]);
    },
    async timetableOf(jobId) {
      const r = await db.query<{ id: string }>('SELECT timetable_id::text AS id FROM plan_jobs WHERE job_id = $1', [jobId]);
      return r.rows[0]?.id ?? null;
    },
    activeTimetable: async (county) => (await getActiveTimetable(db, county))?.timetable ?? null,
    saveTimetable: (timetable, activation) =>
      saveTimetable(db, timetable, activation ? { activate: true, activation } : { activate: false }),
    async recordJob(jobId, county, timetableId, attempt) {
      await db.query('INSERT INTO plan_jobs (job_id, county, timetable_id, attempt) VALUES ($1, $2, $3::bigint, $4)', [
        jobId,
        county,
        timetableId,
        attempt,
      ]);
    },
    async countForCounty(county) {
      const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_jobs WHERE county = $1', [county]);
      return r.rows[0]?.n ?? 0;
    },
  };
}
