/**
 * Scan events: loaded (on a vehicle at the warehouse), handed_to_bus (given to the bus at the
 * county station), arrived_at_hub (cross-dock at the township hub), delivered (at the village
 * point), picked_up (picked up at a village point; coverage reads a parcel with this scan as an
 * upward parcel of the scan's node, docs/coverage.md §6). Each is stored once per (parcel, kind, at)
 * and moves the parcel's status forward only (a late scan of an earlier stage is kept but does not
 * move it back). Coverage reads actual lead times from these events (ready_at → delivered).
 */
import { ScanEvent, type EventKind } from '../domain/events.ts';
import { parseCountyTime } from '../ingest/time.ts';
import { SCAN_STATUS, type EventRepository } from './ports.ts';

export { EVENT_KINDS, type EventKind } from '../domain/events.ts';

/** One scan as posted. `at` is ISO 8601 (without offset: county time, +08:00). */
export type EventInput = ScanEvent;

/** Result of `recordEvents`. Rows are 1-based positions in the input array. */
export interface RecordEventsResult {
  readonly recorded: number;
  readonly duplicates: number;
  readonly rejected: readonly { readonly row: number; readonly field: string; readonly reason: string }[];
}

const eventSchema = ScanEvent;

/**
 * Records scans in one transaction; invalid rows and unknown parcels are rejected (with row and
 * field), the others stored. Posting the same scan again is a duplicate, not a second event.
 */
export async function recordEvents(repo: EventRepository, events: readonly unknown[]): Promise<RecordEventsResult> {
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
  return repo.withTransaction(async (tx) => {
    const ids = await tx.findParcelIds(valid.map((v) => v.e));
    const ok: { id: string; e: EventInput; at: string }[] = [];
    valid.forEach((v, i) => {
      const id = ids[i] ?? null;
      if (id === null) rejected.push({ row: v.row, field: 'trackingNo', reason: `no parcel ${v.e.carrier}/${v.e.trackingNo}` });
      else ok.push({ id, e: v.e, at: v.at });
    });
    if (ok.length === 0) return { recorded: 0, duplicates: 0, rejected };
    const stored = await tx.insertScans(
      ok.map((o) => ({ parcelId: o.id, kind: o.e.kind, at: o.at, node: o.e.node ?? null, runId: o.e.runId ?? null })),
    );
    // Status moves forward only: rank of the current status vs the scan's.
    await tx.advanceStatus(stored.map((r) => ({ parcelId: r.parcelId, status: SCAN_STATUS[r.kind] })));
    return { recorded: stored.length, duplicates: ok.length - stored.length, rejected: rejected.sort((a, b) => a.row - b.row) };
  });
}

/** Who posts scans: a carrier may scan only its own parcels, an operator only its county's. */
export type ScanPoster = { readonly role: 'carrier'; readonly carrier: string } | { readonly role: 'operator'; readonly county: string | null };

/**
 * `recordEvents` for `who`: rows naming a parcel `who` may not see are rejected as not found (the
 * same answer as for a parcel that does not exist); row numbers stay those of `events`.
 */
export async function recordEventsAs(repo: EventRepository, who: ScanPoster, events: readonly unknown[]): Promise<RecordEventsResult> {
  const field = (e: unknown, f: string): string => String((e as Record<string, unknown> | null)?.[f] ?? '');
  const keys = events.map((e) => ({ carrier: field(e, 'carrier'), trackingNo: field(e, 'trackingNo') }));
  const owners = new Map<string, string>();
  if (who.role === 'operator') {
    for (const p of await repo.parcelCounties(keys)) owners.set(`${p.carrier}\u0000${p.trackingNo}`, p.county);
  }
  const allowed: unknown[] = [];
  const rowOf: number[] = [];
  const rejected: { row: number; field: string; reason: string }[] = [];
  events.forEach((e, i) => {
    const k = keys[i]!;
    const owner = owners.get(`${k.carrier}\u0000${k.trackingNo}`);
    const ok = who.role === 'carrier' ? k.carrier === who.carrier : owner === undefined || owner === who.county;
    if (ok) {
      allowed.push(e);
      rowOf.push(i + 1);
    } else rejected.push({ row: i + 1, field: 'trackingNo', reason: 'parcel not found' });
  });
  const r = allowed.length ? await recordEvents(repo, allowed) : { recorded: 0, duplicates: 0, rejected: [] };
  for (const x of r.rejected) rejected.push({ ...x, row: rowOf[x.row - 1] ?? x.row });
  rejected.sort((a, b) => a.row - b.row);
  return { recorded: r.recorded, duplicates: r.duplicates, rejected };
}
