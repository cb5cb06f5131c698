/**
 * Port of the plan results: where a `plan-timetable` job's timetable is stored, keyed by job id
 * (src/queue/plan-results.ts holds the use case). The JobQueue port itself is src/queue/port.ts.
 * Adapters: src/persistence/plan-jobs.ts (Postgres/PGlite) and src/persistence/memory/plan-jobs.ts.
 */
import type { Timetable } from '../domain/timetable.ts';
import type { UnitOfWork } from '../domain/unit-of-work.ts';

/** Timetables stored by plan jobs. */
export interface PlanJobRepository extends UnitOfWork<PlanJobRepository> {
  /** Serialises concurrent attempts of job `jobId` until the end of the current transaction. */
  lockJob(jobId: string): Promise<void>;
  /** The timetable id stored by job `jobId`, or null. */
  timetableOf(jobId: string): Promise<string | null>;
  /** The active timetable of `county`, or null when it has none. */
  activeTimetable(county: string): Promise<Timetable | null>;
  /**
   * Stores `timetable` as a draft, or with `activation` as its county's active timetable (recording
   * who activated it and why); returns its id.
   */
  saveTimetable(timetable: Timetable, activation?: { by: string; reason: string }): Promise<string>;
  /** Records that job `jobId` (attempt `attempt`) stored timetable `timetableId`. */
  recordJob(jobId: string, county: string, timetableId: string, attempt: number): Promise<void>;
  /** How many timetables jobs stored for `county`. */
  countForCounty(county: string): Promise<number>;
}
