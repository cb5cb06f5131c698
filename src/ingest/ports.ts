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
  /** The feed the stored version came from (null: stored before feeds were ordered, or by hand). */
  readonly feed: FeedStamp | null;
}

/**
 * Where a feed stands in the order of feeds: its feed time (epoch ms, when it was received), then
 * its arrival number (a counter shared by every process). A change from an earlier feed never
 * overwrites the version of a later one.
 */
export interface FeedStamp {
  readonly at: number;
  readonly seq: number;
}

/** A (carrier, tracking number) key. */
export interface ParcelKey {
  readonly carrier: string;
  readonly trackingNo: string;
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
  /** The arrival number of a new feed (increasing, shared by every process; outside transactions). */
  nextFeedSeq(): Promise<number>;
  /**
   * The stored parcels among `(carrier, trackingNo)` keys, locked until the end of the transaction.
   * Rows are locked in key order (carrier, then tracking number), so feeds locking overlapping
   * keys in that order cannot deadlock.
   */
  lockExisting(keys: readonly ParcelKey[]): Promise<StoredParcelRow[]>;
  /**
   * Inserts new parcels of `county` (`unresolved` without a village, else `pending`) stamped with
   * `feed`, in the given order; a key stored meanwhile by a concurrent feed is skipped (once that
   * feed has committed). Returns how many were inserted.
   */
  insertParcels(county: string, rows: readonly ParcelWrite[], feed?: FeedStamp): Promise<number>;
  /**
   * Updates stored parcels: each previous version goes to the history and the version rises; a
   * re-planned parcel not yet loaded becomes `pending`/`unresolved`, loses run, ETA and deferral
   * and leaves its manifests (whose run totals are recomputed). A loaded parcel keeps its status.
   * The rows now carry `feed`.
   */
  updateParcels(county: string, rows: readonly ParcelUpdate[], feed?: FeedStamp): Promise<void>;
}
