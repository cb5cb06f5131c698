/**
 * Ports of the dispatch area: the repository interfaces its use cases depend on. Adapters live in
 * src/persistence (Postgres/PGlite through `Db`) and src/persistence/memory (in-memory); all of them
 * pass one conformance suite (test/persistence/repositories.test.ts).
 */
import type { UnitOfWork } from '../domain/unit-of-work.ts';
import type { EventKind } from './events.ts';

/** A parcel's natural key. */
export interface ParcelKey {
  readonly carrier: string;
  readonly trackingNo: string;
}

/** One scan to store. `at` is an ISO-8601 instant. */
export interface ScanRow {
  readonly parcelId: string;
  readonly kind: EventKind;
  readonly at: string;
  readonly node: string | null;
  readonly runId: string | null;
}

/** Status a scan moves its parcel to, and the forward-only rank of parcel statuses. */
export const SCAN_STATUS: Readonly<Record<EventKind, string>> = {
  loaded: 'loaded',
  handed_to_bus: 'handed_to_bus',
  arrived_at_hub: 'at_hub',
  delivered: 'delivered',
  picked_up: 'picked_up',
};

/** Rank of a parcel status on the scan path (0 for statuses before loading). */
export function scanRank(status: string): number {
  switch (status) {
    case 'loaded':
    case 'handed_to_bus':
      return 1;
    case 'at_hub':
      return 2;
    case 'delivered':
      return 3;
    case 'picked_up':
      return 4;
    default:
      return 0;
  }
}

/** Scan events of parcels. */
export interface EventRepository extends UnitOfWork<EventRepository> {
  /** Parcel id of each key, in input order; null for an unknown parcel. */
  findParcelIds(keys: readonly ParcelKey[]): Promise<(string | null)[]>;
  /**
   * Stores scans; a scan already stored with the same (parcel, kind, at) is skipped.
   * Returns the scans stored by this call.
   */
  insertScans(rows: readonly ScanRow[]): Promise<{ parcelId: string; kind: EventKind }[]>;
  /**
   * Moves each parcel to the highest-ranked of its given statuses (scanRank), only when that rank
   * is above the parcel's current one: a status never moves back.
   */
  advanceStatus(updates: readonly { parcelId: string; status: string }[]): Promise<void>;
}
