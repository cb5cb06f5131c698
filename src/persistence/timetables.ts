/**
 * Timetable repository: the weekly timetable (src/domain/timetable.ts) stored as JSON with its
 * metadata. One timetable per county is active; daily dispatch reads the active one. The others are
 * drafts (or former active ones); activating one records who did it, when and why.
 */
import type { Timetable } from '../domain/timetable.ts';
import { formatInstant } from '../domain/time.ts';
import { NotFoundError } from '../errors.ts';
import type { Db } from './db.ts';

/** A stored timetable and its id. */
export interface StoredTimetable {
  readonly id: string;
  readonly active: boolean;
  readonly createdAt: string;
  /** When, by whom (an API key id or `plan-job:<id>`) and why it was last activated; null when never. */
  readonly activatedAt: string | null;
  readonly activatedBy: string | null;
  readonly activationReason: string | null;
  readonly timetable: Timetable;
}

/** Who activates a timetable and why. */
export interface Activation {
  readonly by: string;
  readonly reason: string | null;
}

/**
 * Stores a timetable for `timetable.county` (the 6-digit county code) and returns its id.
 * With `activate` (default true) it becomes the county's active timetable, replacing the previous one.
 */
export async function saveTimetable(
  db: Db,
  timetable: Timetable,
  options: { activate?: boolean; activation?: Activation } = {},
): Promise<string> {
  const activate = options.activate ?? true;
  const by = activate ? (options.activation?.by ?? 'system') : null;
  const reason = activate ? (options.activation?.reason ?? null) : null;
  return db.transaction(async (tx) => {
    if (activate) await tx.query('UPDATE timetables SET active = false WHERE county = $1 AND active', [timetable.county]);
    const r = await tx.query<{ id: string }>(
      `INSERT INTO timetables (county, dataset, generated_at, seed, active, data, activated_at, activated_by, activation_reason)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $5 THEN now() END, $7, $8) RETURNING id::text AS id`,
      [timetable.county, timetable.dataset, timetable.generatedAt, timetable.seed, activate, JSON.stringify(timetable), by, reason],
    );
    return r.rows[0]!.id;
  });
}

/** Makes timetable `id` the active one of its county. Throws NotFoundError for an unknown id. */
export async function activateTimetable(db: Db, id: string, activation: Activation = { by: 'system', reason: null }): Promise<void> {
  await db.transaction(async (tx) => {
    const r = await tx.query<{ county: string }>('SELECT county FROM timetables WHERE id = $1::bigint', [id]);
    const county = r.rows[0]?.county;
    if (county === undefined) throw new NotFoundError(`timetable ${id} not found`);
    await tx.query('UPDATE timetables SET active = false WHERE county = $1 AND active', [county]);
    await tx.query(
      'UPDATE timetables SET active = true, activated_at = now(), activated_by = $2, activation_reason = $3 WHERE id = $1::bigint',
      [id, activation.by, activation.reason],
    );
  });
}

interface Row {
  id: string;
  active: boolean;
  created_at: Date;
  activated_at: Date | null;
  activated_by: string | null;
  activation_reason: string | null;
  data: Timetable;
}

const COLUMNS = 'id::text AS id, active, created_at, activated_at, activated_by, activation_reason, data';

function toStored(r: Row): StoredTimetable {
  return {
    id: r.id,
    active: r.active,
    createdAt: formatInstant(r.created_at),
    activatedAt: r.activated_at ? formatInstant(r.activated_at) : null,
    activatedBy: r.activated_by,
    activationReason: r.activation_reason,
    timetable: r.data,
  };
}

/** The active timetable of a county, or null when none was stored. */
export async function getActiveTimetable(db: Db, county: string): Promise<StoredTimetable | null> {
  const r = await db.query<Row>(
    `SELECT ${COLUMNS} FROM timetables WHERE county = $1 AND active`,
    [county],
  );
  return r.rows[0] ? toStored(r.rows[0]) : null;
}

/** A timetable by id. Throws NotFoundError when absent. */
export async function getTimetable(db: Db, id: string): Promise<StoredTimetable> {
  if (!/^\d+$/.test(id)) throw new NotFoundError(`timetable ${id} not found`);
  const r = await db.query<Row>(`SELECT ${COLUMNS} FROM timetables WHERE id = $1::bigint`, [id]);
  if (!r.rows[0]) throw new NotFoundError(`timetable ${id} not found`);
  return toStored(r.rows[0]);
}
