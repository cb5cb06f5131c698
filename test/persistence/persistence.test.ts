import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { DEFAULT_PG_URL, postgresAvailable } from '../helpers/services.ts';
import {
  openDb,
  importCounty,
  getCounty,
  listCounties,
  saveTimetable,
  getTimetable,
  getActiveTimetable,
  activateTimetable,
  readMigrations,
} from '../../src/persistence/index.ts';
import { NotFoundError } from '../../src/errors.ts';
import { forEachBackend, uniqueSchema } from './backends.ts';
import { COUNTY, fixtureDataset, fixtureTimetable, V1 } from './fixtures.ts';

forEachBackend('persistence', (db, kind) => {
  it('records every migration once in schema_migrations', async () => {
    const files = await readMigrations();
    const r = await db().query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(r.rows.map((x) => x.version)).toEqual(files.map((f) => f.version));
  });

  it('imports a county idempotently and reads it back', async () => {
    const again = await importCounty(db(), fixtureDataset());
    expect(again).toMatchObject({ county: COUNTY, nodes: 8, vehicles: 4, busTrips: 1 });
    const c = await getCounty(db(), COUNTY);
    expect(c.nodes).toHaveLength(8);
    expect(c.nodeById.get(V1)?.name).toBe('上庄村民委员会');
    expect(c.fleet.find((v) => v.id === 'C1')?.refrigerated).toBe(true);
    expect(c.bus.trips[0]?.cargoKg).toBe(10);
    expect((await listCounties(db())).find((x) => x.code === COUNTY)?.villages).toBe(5);
  });

  it('keeps exactly one active timetable per county', async () => {
    const a = await saveTimetable(db(), { ...fixtureTimetable(), seed: 7 });
    expect((await getActiveTimetable(db(), COUNTY))?.timetable.seed).toBe(7);
    const b = await saveTimetable(db(), { ...fixtureTimetable(), seed: 8 });
    expect((await getActiveTimetable(db(), COUNTY))?.id).toBe(b);
    await activateTimetable(db(), a);
    expect((await getActiveTimetable(db(), COUNTY))?.timetable.seed).toBe(7);
    const n = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM timetables WHERE county = $1 AND active', [COUNTY]);
    expect(n.rows[0]?.n).toBe(1);
    await saveTimetable(db(), fixtureTimetable()); // leave the fixture timetable active
  });

  it('stores drafts inactive and records who activated a timetable, when and why', async () => {
    const active = await getActiveTimetable(db(), COUNTY);
    const draft = await saveTimetable(db(), { ...fixtureTimetable(), seed: 9 }, { activate: false });
    expect((await getActiveTimetable(db(), COUNTY))?.id).toBe(active?.id);
    const d = await getTimetable(db(), draft);
    expect([d.active, d.activatedAt, d.activatedBy, d.activationReason]).toEqual([false, null, null, null]);
    await activateTimetable(db(), draft, { by: 'key-7', reason: 'reviewed' });
    const a = await getTimetable(db(), draft);
    expect([a.active, a.activatedBy, a.activationReason]).toEqual([true, 'key-7', 'reviewed']);
    expect(a.activatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await getTimetable(db(), active!.id)).active).toBe(false);
    await saveTimetable(db(), fixtureTimetable()); // leave the fixture timetable active
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(
      db().transaction(async (tx) => {
        await tx.query(`INSERT INTO runs (id, county, service_date, kind, refrigerated, depart, capacity_kg, capacity_m3)
                        VALUES ('r-x', $1, '2026-11-30', 'line', false, '08:00', 1, 1)`, [COUNTY]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await db().query('SELECT 1 FROM runs WHERE id = $1', ['r-x'])).rowCount).toBe(0);
  });

  it('when code inside a transaction uses the outer Db, then it does not deadlock (PGlite joins the transaction)', { timeout: 20_000 }, async () => {
    const insert = `INSERT INTO runs (id, county, service_date, kind, refrigerated, depart, capacity_kg, capacity_m3)
                    VALUES ($1, $2, '2026-11-30', 'line', false, '08:00', 1, 1)`;
    const seen = await db().transaction(async (tx) => {
      await tx.query(insert, ['r-outer', COUNTY]);
      const outer = await db().query('SELECT 1 FROM runs WHERE id = $1', ['r-outer']);
      await db().transaction((inner) => inner.query(insert, ['r-inner', COUNTY]));
      return outer.rowCount;
    });
    // PGlite has one connection: the outer call ran inside the transaction and saw its row.
    // Postgres ran it on another connection, which cannot see uncommitted rows.
    expect(seen).toBe(kind === 'pglite' ? 1 : 0);
    const both = await db().query<{ id: string }>(`SELECT id FROM runs WHERE id IN ('r-outer', 'r-inner') ORDER BY id`);
    expect(both.rows.map((r) => r.id)).toEqual(['r-inner', 'r-outer']);
  });

  it('throws NotFoundError for a county that was never imported', async () => {
    await expect(getCounty(db(), '111111')).rejects.toBeInstanceOf(NotFoundError);
  });
});

const pgUp = await postgresAvailable();
describe.skipIf(!pgUp)('migrations under concurrency [postgres]', () => {
  it('applies each migration once when several processes open the same schema at the same time', async () => {
    const schema = uniqueSchema('t_migr');
    const dbs = await Promise.all([1, 2, 3].map(() => openDb({ url: DEFAULT_PG_URL, schema, max: 2 })));
    try {
      const r = await dbs[0]!.query<{ n: number; d: number }>('SELECT count(*)::int AS n, count(DISTINCT version)::int AS d FROM schema_migrations');
      expect(r.rows[0]!.n).toBe((await readMigrations()).length);
      expect(r.rows[0]!.d).toBe(r.rows[0]!.n);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
      const c = new pg.Client({ connectionString: DEFAULT_PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    }
  });
});
