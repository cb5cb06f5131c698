/**
 * Scan events: loaded (on a vehicle at the warehouse), handed_to_bus (given to the bus at the
 * county station), arrived_at_hub (cross-dock at the township hub), delivered (at the village
 * point), picked_up (picked up at a village point; coverage reads a parcel with this scan as an
 * upward parcel of the scan's node, docs/coverage.md §6). Each is stored once per (parcel, kind, at)
 * and moves the parcel's status forward only (a late scan of an earlier stage is kept but does not
 * move it back). Coverage reads actual lead times from these events (ready_at → delivered).
 */
import { ScanEvent, type EventKind } from '../domain/events.ts';
import type { Db } from '../persistence/db.ts';
import { parseCountyTime } from '../ingest/time.ts';

export { EVENT_KINDS, type EventKind } from '../domain/events.ts';

/** One scan as posted. `at` is ISO 8601 (without offset: county time, +08:00). */
export type EventInput = ScanEvent;

/** Result of `recordEvents`. Rows are 1-based positions in the input array. */
export interface RecordEventsResult {
  readonly recorded: number;
  readonly duplicates: number;
  readonly rejected: readonly { readonly row: number; readonly field: string; readonly reason: string }[];
}

const STATUS_OF: Record<EventKind, string> = {
  loaded: 'loaded',
  handed_to_bus: 'handed_to_bus',
  arrived_at_hub: 'at_hub',
  delivered: 'delivered',
  picked_up: 'picked_up',
};

const eventSchema = ScanEvent;

/**
 * Records scans in one transaction; invalid rows and unknown parcels are rejected (with row and
 * field), the others stored. Posting the same scan again is a duplicate, not a second event.
 */
export async function recordEvents(db: Db, events: readonly unknown[]): Promise<RecordEventsResult> {
  const rejected: { row: number; field: string; reason: string }[] = [];
  const valid: { row: number; e: EventInput; at: string }[] = [];
  events.forEach((raw, i) => {
    const r = eventSchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      rejected.push({ row: i + 1, field: String(issue.path[0] ?? '(row)'), reason: issue.message });
    } else {
      valid.push({ row: i + 1, e: r.data, at: new Date(parseCountyTime(r.data.at)!).toISOString() });
    }
  });
  if (valid.length === 0) return { recorded: 0, duplicates: 0, rejected };
  return db.transaction(async (tx) => {
    const found = await tx.query<{ i: number; id: string | null }>(
      `SELECT k.i, p.id::text AS id
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(carrier, tracking_no, i)
       LEFT JOIN parcels p ON p.carrier = k.carrier AND p.tracking_no = k.tracking_no ORDER BY k.i`,
      [valid.map((v) => v.e.carrier), valid.map((v) => v.e.trackingNo)],
    );
    const ok: { id: string; e: EventInput; at: string }[] = [];
    for (const f of found.rows) {
      const v = valid[Number(f.i) - 1]!;
      if (f.id === null) rejected.push({ row: v.row, field: 'trackingNo', reason: `no parcel ${v.e.carrier}/${v.e.trackingNo}` });
      else ok.push({ id: f.id, e: v.e, at: v.at });
    }
    if (ok.length === 0) return { recorded: 0, duplicates: 0, rejected };
    const ins = await tx.query<{ parcel_id: string; kind: EventKind }>(
      `INSERT INTO events (parcel_id, kind, at, node, run_id)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::text[])
       ON CONFLICT (parcel_id, kind, at) DO NOTHING
       RETURNING parcel_id::text, kind`,
      [ok.map((o) => o.id), ok.map((o) => o.e.kind), ok.map((o) => o.at), ok.map((o) => o.e.node ?? null), ok.map((o) => o.e.runId ?? null)],
    );
    // Status moves forward only: rank of the current status vs the scan's.
    await tx.query(
      `UPDATE parcels p SET status = u.status, updated_at = now()
       FROM (SELECT id, (array_agg(status ORDER BY rank DESC))[1] AS status, max(rank) AS rank
             FROM unnest($1::bigint[], $2::text[]) AS x(id, status)
             CROSS JOIN LATERAL (SELECT CASE x.status WHEN 'loaded' THEN 1 WHEN 'handed_to_bus' THEN 1 WHEN 'at_hub' THEN 2
                                   WHEN 'delivered' THEN 3 WHEN 'picked_up' THEN 4 ELSE 0 END AS rank) r
             GROUP BY id) u
       WHERE p.id = u.id AND u.rank > CASE p.status WHEN 'loaded' THEN 1 WHEN 'handed_to_bus' THEN 1 WHEN 'at_hub' THEN 2
                                   WHEN 'delivered' THEN 3 WHEN 'picked_up' THEN 4 ELSE 0 END`,
      [ins.rows.map((r) => r.parcel_id), ins.rows.map((r) => STATUS_OF[r.kind])],
    );
    return { recorded: ins.rowCount, duplicates: ok.length - ins.rowCount, rejected: rejected.sort((a, b) => a.row - b.row) };
  });
}
