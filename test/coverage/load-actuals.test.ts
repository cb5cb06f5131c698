/**
 * `loadActuals` against the real schema (embedded PGlite, in memory): parcels and scan events of the
 * `tiny` county go in through SQL, the same figures as the hand-made `tinyActuals` come out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCoverage, loadActuals, periodInstants, type ActualParcel } from '../../src/coverage/index.ts';
import { ValidationError } from '../../src/errors.ts';
import { importCounty, openDb, pgActualsRepository, type Db } from '../../src/persistence/index.ts';
import { tinyActuals, tinyDataset, tinyTimetable } from './fixture.ts';

let db: Db;

async function insertParcel(p: ActualParcel, n: number): Promise<string> {
  if (p.direction === 'up') {
    // An upward parcel: known to the system, picked up at its village (the scan's node).
    const r = await db.query<{ id: string }>(
      `INSERT INTO parcels (carrier, tracking_no, county, weight_kg, volume_l, temperature, ready_at, status)
       VALUES ('test', $1, '630123', 1, 1, 'ambient', $2, 'picked_up') RETURNING id::text AS id`,
      [`${p.id}-${n}`, p.pickedUpAt],
    );
    const id = r.rows[0]!.id;
    await db.query(`INSERT INTO events (parcel_id, kind, at, node) VALUES ($1, 'picked_up', $2, $3)`, [id, p.pickedUpAt, p.village]);
    return id;
  }
  const r = await db.query<{ id: string }>(
    `INSERT INTO parcels (carrier, tracking_no, county, village_code, weight_kg, volume_l, temperature, ready_at, status)
     VALUES ('test', $1, '630123', $2, 1, 1, 'ambient', $3, $4) RETURNING id::text AS id`,
    [`${p.id}-${n}`, p.village, p.atWarehouse, p.deliveredAt ? 'delivered' : 'assigned'],
  );
  const id = r.rows[0]!.id;
  // Scans before delivery must not change anything.
  await db.query(`INSERT INTO events (parcel_id, kind, at) VALUES ($1, 'loaded', $2)`, [id, p.atWarehouse]);
  if (p.deliveredAt) {
    await db.query(`INSERT INTO events (parcel_id, kind, at, node) VALUES ($1, 'delivered', $2, $3)`, [id, p.deliveredAt, p.village]);
    // The addressee collects it a day later: a picked_up scan after delivery keeps it downward.
    await db.query(`INSERT INTO events (parcel_id, kind, at, node) VALUES ($1, 'picked_up', $2::timestamptz + interval '1 day', $3)`, [id, p.deliveredAt, p.village]);
  }
  return id;
}

beforeAll(async () => {
  db = await openDb({ dataDir: ':memory:', useEnv: false });
  await importCounty(db, tinyDataset());
  let n = 0;
  for (const p of tinyActuals.parcels) await insertParcel(p, n++);
  // A second, later delivered scan of d1 (a re-scan): the first one counts.
  await db.query(
    `INSERT INTO events (parcel_id, kind, at) SELECT id, 'delivered', '2026-11-03T12:00:00Z' FROM parcels WHERE tracking_no = 'd1-0'`,
  );
  // A parcel whose destination was never resolved cannot count for any village.
  await db.query(
    `INSERT INTO parcels (carrier, tracking_no, county, weight_kg, volume_l, temperature, ready_at, status)
     VALUES ('test', 'unresolved', '630123', 1, 1, 'ambient', '2026-11-03T00:00:00Z', 'unresolved')`,
  );
});

afterAll(async () => {
  await db?.close();
});

describe('loadActuals', () => {
  it('reads downward parcels to their first delivered scan and upward parcels by their pickup', async () => {
    const a = await loadActuals(pgActualsRepository(db), '630123', tinyActuals.from, tinyActuals.to);
    expect(Date.parse(a.from)).toBe(Date.parse(tinyActuals.from));
    expect(a.from).toMatch(/\+08:00$/);
    // d5 reached the warehouse before the period, u5 was picked up after it; the unresolved parcel has no village.
    expect(a.parcels.map((p) => `${p.direction} ${p.village}`).sort()).toEqual([
      'down 630123100001',
      'down 630123100001',
      'down 630123200001',
      'down 630123200001',
      'up 630123100001',
      'up 630123100001',
      'up 630123100001',
      'up 630123200001',
    ]);
    expect(a.parcels.filter((p) => p.direction === 'down' && p.deliveredAt === null)).toHaveLength(1);
  });

  it('gives the same actual figures as the hand-made scan facts', async () => {
    const a = await loadActuals(pgActualsRepository(db), '630123', tinyActuals.from, tinyActuals.to);
    const fromDb = computeCoverage({ dataset: tinyDataset(), timetable: tinyTimetable(), actuals: a }).counties[0]!;
    const fromFixture = computeCoverage({ dataset: tinyDataset(), timetable: tinyTimetable(), actuals: tinyActuals }).counties[0]!;
    expect(fromDb.actual).toEqual(fromFixture.actual);
    expect(fromDb.actual?.leadTime).toEqual({ n: 3, mean: 30, p50: 26, p95: 54 });
    expect(fromDb.actual?.within48h).toEqual({ num: 2, den: 4, rate: 0.5 });
    expect(fromDb.actual?.pickupsPerWeek).toBe(2);
  });

  it('reads plain dates as Beijing-time service days with an inclusive end', async () => {
    const a = await loadActuals(pgActualsRepository(db), '630123', '2026-11-02', '2026-11-15');
    expect({ from: a.from, to: a.to }).toEqual({ from: '2026-11-02T00:00:00+08:00', to: '2026-11-16T00:00:00+08:00' });
    const c = computeCoverage({ dataset: tinyDataset(), timetable: tinyTimetable(), actuals: a }).counties[0]!;
    expect(c.actual?.parcelsDown).toBe(4);
    expect(c.actual?.within24h.rate).toBe(0.25);
    expect(c.actual?.pickupsPerWeek).toBe(2);
    expect(periodInstants('2026-11-02T00:00:00Z', '2026-11-16T00:00:00Z')).toEqual({ from: '2026-11-02T08:00:00+08:00', to: '2026-11-16T08:00:00+08:00' });
    expect(() => periodInstants('2026-11-05', '2026-11-01')).toThrow(ValidationError);
    expect(() => periodInstants('yesterday', '2026-11-01')).toThrow(ValidationError);
  });

  it('returns nothing for another county', async () => {
    expect((await loadActuals(pgActualsRepository(db), '632223', tinyActuals.from, tinyActuals.to)).parcels).toEqual([]);
  });
});
