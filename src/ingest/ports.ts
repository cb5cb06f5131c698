/**
 * Port of carrier feed ingest: the repository the ingest use case (src/ingest/ingest.ts) depends
 * on. Adapter: src/persistence/ingest.ts (Postgres/PGlite). One feed is one unit of work.
 */
import type { UnitOfWork } from '../domain/unit-of-work.ts';
import type { StoredCounty } from '../domain/stored-county.ts';
import type { ParcelInput } from './schema.ts';
import type { ResolvedDestination } from './resolve.ts';

/** A parcel as stored, as far as ingest compares it with a feed row. Times are epoch ms. */
export interface StoredParcelRow {
  readonly id: string;
  readonly carrier: string;
  readonly trackingNo: string;
  readonly county: string;
  readonly destCode: string | null;
  readonly destLon: number | null;
  readonly destLat: number | null;
  readonly destAddress: string | null;
  readonly weightKg: number;
  readonly volumeL: number;
  readonly temperature: string;
  readonly readyAt: number;
  readonly dueBy: number | null;
  readonly villageCode: string | null;
}

/** A feed row to store and its resolved destination (null: unresolved). */
export interface ParcelWrite {
  readonly p: ParcelInput;
  readonly d: ResolvedDestination | null;
}

/** A changed feed row of stored parcel `id`; `replan` sends a not-yet-loaded parcel back to planning. */
export interface ParcelUpdate extends ParcelWrite {
  readonly id: string;
  readonly replan: boolean;
}

/** Storage of carrier feeds. */
export interface IngestRepository extends UnitOfWork<IngestRepository> {
  /** The imported county. NotFoundError when it was never imported. */
  loadCounty(county: string): Promise<StoredCounty>;
  /** The stored parcels among `(carrier, trackingNo)` keys, locked until the end of the transaction. */
  lockExisting(keys: readonly { readonly carrier: string; readonly trackingNo: string }[]): Promise<StoredParcelRow[]>;
  /**
   * Inserts new parcels of `county` (`unresolved` without a village, else `pending`); a key stored
   * meanwhile by someone else is skipped. Returns how many were inserted.
   */
  insertParcels(county: string, rows: readonly ParcelWrite[]): Promise<number>;
  /**
   * Updates stored parcels: each previous version goes to the history and the version rises; a
   * re-planned parcel not yet loaded becomes `pending`/`unresolved`, loses run, ETA and deferral
   * and leaves its manifests (whose run totals are recomputed). A loaded parcel keeps its status.
   */
  updateParcels(county: string, rows: readonly ParcelUpdate[]): Promise<void>;
}
