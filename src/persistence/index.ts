/**
 * Persistence module API. `openDb` gives a `Db` (Postgres via DATABASE_URL, else embedded PGlite)
 * with migrations applied. All SQL of the project lives in this folder: the county and timetable
 * repositories take that `Db` (or a transaction handle) first; `pg*Repository(db)` build the
 * adapters of the use-case ports (src/<area>/ports.ts). In-memory adapters: ./memory/index.ts.
 */
export type { Db, QueryResult } from './db.ts';
export { openDb, defaultDataDir, type OpenDbOptions } from './open.ts';
export { migrate, readMigrations, MIGRATIONS_DIR, type Migration } from './migrate.ts';
export {
  importCounty,
  getCounty,
  listCounties,
  type StoredCounty,
  type ImportCountyResult,
  type CountySummary,
} from './counties.ts';
export {
  saveTimetable,
  activateTimetable,
  getActiveTimetable,
  getTimetable,
  type StoredTimetable,
} from './timetables.ts';
export { pgEventRepository } from './events.ts';
export { pgApiKeyRepository } from './api-keys.ts';
export { pgPlanJobRepository } from './plan-jobs.ts';
export { pgDispatchRepository, pgConsolidationRepository, countUnresolved } from './dispatch.ts';
export { pgIngestRepository } from './ingest.ts';
export { pgActualsRepository } from './actuals.ts';
export { pgParcelRepository } from './parcels.ts';
export { pgManifestRepository } from './manifests.ts';
export { pingDb } from './health.ts';
export { DatabaseUnavailableError, isConnectionError, maskUrl } from './unavailable.ts';
export { backupEmbedded, holdsDatabase, restoreEmbedded } from './backup.ts';
