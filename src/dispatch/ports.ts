/**
 * Ports of the dispatch area: the repository interfaces its use cases depend on. Adapters live in
 * src/persistence (Postgres/PGlite through `Db`) and src/persistence/memory (in-memory); all of them
 * pass one conformance suite (test/persistence/repositories.test.ts).
 */
import type { UnitOfWork } from '../domain/unit-of-work.ts';
import type { Timetable } from '../domain/timetable.ts';
import type { StoredCounty } from '../domain/stored-county.ts';
import type { DispatchParcel } from './assign.ts';
import type { EventKind } from './events.ts';
import type { ParcelEvent, ParcelStatus, UnresolvedParcel } from './parcels.ts';
import type { PlannedRun } from './service-day.ts';
import type { ManifestParcel, RunSummary } from '../domain/runs.ts';

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
  /** County of each stored parcel among `keys` (unknown keys are left out). */
  parcelCounties(keys: readonly ParcelKey[]): Promise<{ carrier: string; trackingNo: string; county: string }[]>;
}

/** What the dispatch and consolidation use cases read about a county. */
export interface CountyReader {
  /** The imported county (network, fleet, bus). NotFoundError when it was never imported. */
  loadCounty(county: string): Promise<StoredCounty>;
  /** The county's active timetable, or null when none is stored. */
  activeTimetable(county: string): Promise<Timetable | null>;
  /** Parcels of `county` still unresolved. */
  countUnresolved(county: string): Promise<number>;
}

/** A parcel's outcome of one dispatch: on a run (`assigned`) or `deferred` with reason. */
export interface ParcelOutcome {
  readonly id: string;
  readonly status: 'assigned' | 'deferred';
  readonly runId: string | null;
  /** ISO instant, or null when unknown. */
  readonly eta: string | null;
  readonly reason: string | null;
  /** Service date the parcel waits for, or null. */
  readonly until: string | null;
}

/** One village's part carried by one last-mile run (or deferred: `run` null). */
export interface ShipmentRow {
  readonly village: string;
  readonly run: string | null;
  readonly n: number;
  readonly kg: number;
  readonly m3: number;
  readonly cold: number;
}

/** The full plan of one (county, date), written at once. */
export interface DayPlan {
  readonly runs: readonly PlannedRun[];
  /** Manifest items: parcel `parcel` is item `seq` of run `run`. */
  readonly items: readonly { readonly run: string; readonly parcel: string; readonly seq: number }[];
  readonly outcomes: readonly ParcelOutcome[];
  readonly shipments: readonly ShipmentRow[];
}

/** Storage of daily dispatch (runs, stops, manifests, shipments, parcel outcomes). */
export interface DispatchRepository extends CountyReader, UnitOfWork<DispatchRepository> {
  /** Serialises dispatches of (county, date) until the end of the current transaction. */
  lockDay(county: string, date: string): Promise<void>;
  /** Removes the plan of (county, date): its shipments and runs; its parcels go back to `pending`. */
  clearDay(county: string, date: string): Promise<void>;
  /**
   * Parcels eligible on `date`: resolved, ready before `end` (an ISO instant), and `pending`,
   * `assigned`/`deferred` on this date, or `deferred` from an earlier date and due again.
   */
  eligibleParcels(county: string, date: string, end: string): Promise<DispatchParcel[]>;
  /** Writes the plan (runs, stops, items, parcel outcomes, run totals, shipments) of (county, date). */
  savePlan(county: string, date: string, plan: DayPlan): Promise<void>;
}

/** Eligible parcels of a date grouped by village, carrier, status and run (see eligibleParcels). */
export interface EligibleGroup {
  readonly villageCode: string;
  readonly carrier: string;
  readonly status: string;
  readonly runId: string | null;
  readonly n: number;
  readonly kg: number;
  readonly m3: number;
  readonly coldKg: number;
  readonly deferUntil: string | null;
}

/** What consolidation reads. */
export interface ConsolidationRepository extends CountyReader {
  eligibleGroups(county: string, date: string, end: string): Promise<EligibleGroup[]>;
  /** True when (county, date) has been dispatched (it has runs). */
  dayDispatched(county: string, date: string): Promise<boolean>;
  /** The runs of (county, date) with kind, line and bus trip. */
  runsOfDay(county: string, date: string): Promise<{ id: string; kind: string; lineId: string | null; tripId: string | null }[]>;
}

/** Parcel reads and the operator's manual resolution. */
export interface ParcelRepository extends UnitOfWork<ParcelRepository> {
  /** Parcel (carrier, trackingNo) with its id and without its scans, or null. */
  findParcel(carrier: string, trackingNo: string): Promise<(Omit<ParcelStatus, 'events'> & { readonly id: string }) | null>;
  /** Scans of parcel `id`, oldest first. */
  eventsOf(id: string): Promise<ParcelEvent[]>;
  /** Parcels of `county` still unresolved. */
  countUnresolved(county: string): Promise<number>;
  /** A page of the unresolved parcels of `county`, oldest received first. */
  listUnresolved(county: string, limit: number, offset: number): Promise<UnresolvedParcel[]>;
  /** Id, county and status of parcel (carrier, trackingNo), locked until the end of the transaction; null when unknown. */
  lockParcel(carrier: string, trackingNo: string): Promise<{ id: string; county: string; status: string } | null>;
  /** True when `code` is a village point of `county`. */
  isVillagePoint(county: string, code: string): Promise<boolean>;
  /** Sets parcel `id` to `villageCode` (resolution `manual`) and makes it `pending`. */
  resolveManually(id: string, villageCode: string): Promise<void>;
}

/** A stop of a stored run with the node's name and kind (null when the node is not in the county). */
export interface RunStopRow {
  readonly seq: number;
  readonly node: string;
  readonly arrive: string;
  readonly depart: string;
  readonly name: string | null;
  readonly kind: string | null;
}

/** A parcel on a stored run's manifest, with the stop (`seq`) where it leaves the vehicle. */
export type ManifestItemRow = ManifestParcel & { readonly seq: number };

/** Reads of stored runs and their manifests. */
export interface ManifestRepository {
  /** The runs of `county` on `date`, ordered by departure then id. */
  runsOf(county: string, date: string): Promise<RunSummary[]>;
  /** Run `runId`, or null. */
  findRun(runId: string): Promise<RunSummary | null>;
  /** The stops of `run` in order. */
  stopsOf(run: RunSummary): Promise<RunStopRow[]>;
  /** The parcels on run `runId`'s manifest, ordered by stop, village, carrier, tracking number. */
  itemsOf(runId: string): Promise<ManifestItemRow[]>;
}
