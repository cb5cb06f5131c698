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
  /**
   * An opaque stamp of what a coverage report of `county` is computed from: it changes when the
   * county is imported again or its active timetable changes, and, with `withScans`, when a scan
   * is recorded or a parcel of the county is added or changed (ingest, dispatch, manual resolution).
   * Equal stamps mean the same inputs; read per request, so it must stay cheap.
   */
  coverageVersion(county: string, withScans: boolean): Promise<string>;
}
