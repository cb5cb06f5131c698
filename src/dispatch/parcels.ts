/**
 * Parcel queries: status and ETA of one parcel, the unresolved list an operator works through, and
 * the operator's manual resolution of an unresolved parcel to a village. Storage is the
 * ParcelRepository port (./ports.ts).
 */
import { NotFoundError, ValidationError } from '../errors.ts';
import type { ParcelRepository } from './ports.ts';

/** A scan event of a parcel. */
export interface ParcelEvent {
  readonly kind: string;
  readonly at: string;
  readonly node: string | null;
  readonly runId: string | null;
}

/** Status of one parcel with its ETA and scan history. Times are ISO instants. */
export interface ParcelStatus {
  readonly carrier: string;
  readonly trackingNo: string;
  readonly county: string;
  /** unresolved | pending | assigned | deferred | loaded | handed_to_bus | at_hub | delivered | picked_up */
  readonly status: string;
  readonly villageCode: string | null;
  readonly resolution: string | null;
  readonly weightKg: number;
  readonly volumeL: number;
  readonly temperature: string;
  readonly readyAt: string;
  readonly dueBy: string | null;
  /** Service date the parcel is planned for (or was deferred from). */
  readonly serviceDate: string | null;
  /** Last-mile run carrying it. */
  readonly runId: string | null;
  /** Planned arrival at the village (tentative for deferred parcels). */
  readonly eta: string | null;
  readonly deferReason: string | null;
  readonly deferUntil: string | null;
  /** Number of versions (1 + updates received). */
  readonly version: number;
  readonly events: readonly ParcelEvent[];
}

/** Status, ETA and scans of parcel (carrier, trackingNo). Throws NotFoundError when unknown. */
export async function getParcelStatus(repo: ParcelRepository, carrier: string, trackingNo: string): Promise<ParcelStatus> {
  const found = await repo.findParcel(carrier, trackingNo);
  if (!found) throw new NotFoundError(`parcel ${carrier}/${trackingNo} not found`);
  const { id, ...p } = found;
  return { ...p, events: await repo.eventsOf(id) };
}

/** An entry of the unresolved list: what the carrier sent. */
export interface UnresolvedParcel {
  readonly carrier: string;
  readonly trackingNo: string;
  readonly destCode: string | null;
  readonly destLon: number | null;
  readonly destLat: number | null;
  readonly destAddress: string | null;
  readonly weightKg: number;
  readonly readyAt: string;
  readonly receivedAt: string;
}

/** The unresolved parcels of a county, oldest first, with the total count. */
export async function listUnresolved(
  repo: ParcelRepository,
  county: string,
  page: { limit?: number; offset?: number } = {},
): Promise<{ total: number; parcels: UnresolvedParcel[] }> {
  const limit = Math.min(Math.max(page.limit ?? 100, 1), 1000);
  const offset = Math.max(page.offset ?? 0, 0);
  const total = await repo.countUnresolved(county);
  return { total, parcels: await repo.listUnresolved(county, limit, offset) };
}

/**
 * An operator resolves an unresolved parcel to `villageCode` (a village point of the parcel's
 * county): it becomes `pending` and the next dispatch takes it. NotFoundError for an unknown parcel,
 * ValidationError when the village is not in the county or the parcel is not unresolved.
 */
export async function resolveParcel(repo: ParcelRepository, carrier: string, trackingNo: string, villageCode: string): Promise<void> {
  await repo.withTransaction(async (tx) => {
    const p = await tx.lockParcel(carrier, trackingNo);
    if (!p) throw new NotFoundError(`parcel ${carrier}/${trackingNo} not found`);
    if (p.status !== 'unresolved') throw new ValidationError([{ field: 'status', reason: `is ${p.status}; only unresolved parcels can be resolved by hand` }]);
    if (!(await tx.isVillagePoint(p.county, villageCode))) throw new ValidationError([{ field: 'villageCode', reason: `must be a village point of county ${p.county}` }]);
    await tx.resolveManually(p.id, villageCode);
  });
}
