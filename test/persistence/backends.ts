/**
 * The conformance harness: every suite registered with `forEachBackend` runs once on embedded
 * PGlite (':memory:') and once on real Postgres (TEST_DATABASE_URL; skipped with a notice when
 * down, a failure under CI=true). On Postgres each suite gets its own schema (search_path),
 * dropped afterwards, so parallel suites never collide.
 */
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import pg from 'pg';
import { DEFAULT_PG_URL, postgresAvailable } from '../helpers/services.ts';
import { openDb, importCounty, saveTimetable, type Db } from '../../src/persistence/index.ts';
import { fixtureDataset, fixtureTimetable } from './fixtures.ts';

const pgUp = await postgresAvailable();

/** Tables emptied between tests (counties, network and timetables stay). */
const DATA_TABLES = 'events, manifest_items, run_stops, shipments, runs, parcel_history, parcels';

/** Options of `forEachBackend`. */
export interface SuiteOptions {
  /** Import the fixture county and activate its timetable before the suite. Default true. */
  readonly fixture?: boolean;
  /** Empty the data tables before each test. Default true. */
  readonly truncate?: boolean;
}

/** Registers `body` once per backend; `db()` is the suite's open database. */
export function forEachBackend(name: string, body: (db: () => Db, kind: 'pglite' | 'postgres') => void, options: SuiteOptions = {}): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    describe.skipIf(kind === 'postgres' && !pgUp)(`${name} [${kind}]`, () => {
      let db: Db | undefined;
      const schema = `t_${name.replace(/\W+/g, '_').toLowerCase().slice(0, 30)}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
      beforeAll(async () => {
        db = kind === 'pglite' ? await openDb({ dataDir: ':memory:', useEnv: false }) : await openDb({ url: DEFAULT_PG_URL, schema, max: 4 });
        if (options.fixture !== false) {
          await importCounty(db, fixtureDataset());
          await saveTimetable(db, fixtureTimetable());
        }
      });
      afterAll(async () => {
        await db?.close();
        if (kind === 'postgres') {
          const c = new pg.Client({ connectionString: DEFAULT_PG_URL });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await c.end();
        }
      });
      if (options.truncate !== false) {
        beforeEach(async () => {
          await db!.query(`TRUNCATE ${DATA_TABLES} RESTART IDENTITY CASCADE`);
        });
      }
      body(() => db!, kind);
    });
  }
}

/** Unique schema name helper for suites that open their own connections. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
}
