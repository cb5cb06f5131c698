/**
 * Port of the coverage actuals: the scan facts `loadActuals` (./load-actuals.ts) turns into the pure
 * `Actuals` shape. Adapter: src/persistence/actuals.ts (Postgres/PGlite).
 */

/** One parcel of a county with its first `delivered` and `picked_up` scans (ISO instants). */
export interface ScanFactRow {
  readonly id: string;
  readonly villageCode: string | null;
  readonly readyAt: string;
  readonly deliveredAt: string | null;
  readonly pickedUpAt: string | null;
  /** Node of the first `picked_up` scan. */
  readonly pickupNode: string | null;
}

/** Reads scan facts. */
export interface ActualsRepository {
  /**
   * Parcels of `county` ready at the warehouse in [from, to), and parcels picked up in [from, to)
   * that were never delivered; `from`/`to` are ISO instants.
   */
  scanFacts(county: string, from: string, to: string): Promise<ScanFactRow[]>;
}
