/**
 * The weekly timetable: the output of `rural-dispatch plan`, of the `plan-timetable` job, and the
 * input of daily dispatch and coverage. JSON-serialisable as is. Times are "HH:MM" local time;
 * node ids are network ids (src/domain/dataset.ts). Document changes in the README's schema section.
 */
import type { Weekday } from './dataset.ts';

export type LineTier = 'trunk' | 'feeder' | 'direct';
export type VillageMode = 'feeder' | 'direct' | 'bus' | 'unserved';

export interface LineStop {
  readonly node: string;
  /** Arrival "HH:MM" (equals depart for the first stop). */
  readonly arrive: string;
  /** Departure "HH:MM" after service (equals arrive for the last stop). */
  readonly depart: string;
  /** Expected kg dropped / picked up here per run. */
  readonly dropKg?: number;
  readonly pickKg?: number;
  /** Expected chilled kg handled here per run (only on refrigerated lines). */
  readonly chilledKg?: number;
  /** `break`: a driver's rest (no service), at `node`, or on the road from `node` toward `toward`. */
  readonly kind?: 'break';
  readonly toward?: string;
}

/** A fixed line run on fixed weekdays at fixed times (定时、定点、定线路). */
export interface Line {
  readonly id: string;
  readonly tier: LineTier;
  /** Vehicle id from fleet.json. */
  readonly vehicle: string;
  readonly weekdays: readonly Weekday[];
  /** First and last stop are the depot (warehouse for trunk/direct, hub for feeder). */
  readonly stops: readonly LineStop[];
  readonly km: number;
  readonly minutes: number;
  /** Expected peak load per run, kg and m3. */
  readonly loadKg: number;
  readonly loadM3: number;
  /** For a feeder: the trunk line whose arrival at the hub it waits for. */
  readonly feedsFrom?: string;
  /** True for cold-chain lines (refrigerated vehicle carrying the chilled freight). */
  readonly coldChain?: boolean;
}

/** Parcels for `node` ride GTFS trip `tripId` on `weekdays`. */
export interface BusLeg {
  readonly tripId: string;
  readonly node: string;
  readonly weekdays: readonly Weekday[];
  /** Expected kg and m3 per trip for this node. */
  readonly kg: number;
  readonly m3: number;
  /** Scheduled arrival "HH:MM" of the trip at the node's stop. */
  readonly arrive: string;
  readonly feePerWeek: number;
  /** `down` = county station → village (arrive is at the village); `up` = village → county station. */
  readonly direction?: 'down' | 'up';
}

export interface VillageService {
  /** 12-digit village code (= node id). */
  readonly code: string;
  readonly mode: VillageMode;
  readonly weekdays: readonly Weekday[];
  readonly visitsPerWeek: number;
  /** The line (or `bus:<tripId>`) that serves it. */
  readonly line: string | null;
  /** Planned hours from warehouse cut-off to arrival at the village (mean over service days). */
  readonly leadTimeHours: number | null;
  /** Why a village is unserved, when it is. */
  readonly reason?: string;
  /** Every line serving the village's ambient freight (a daily village may ride a different line per pattern). */
  readonly lines?: readonly string[];
  /** Policy minimum visits per week (visitsPerWeek is at least this unless unserved). */
  readonly requiredVisitsPerWeek?: number;
  /** Cold-chain line and weekdays carrying the village's chilled freight (null when it has none or none fits). */
  readonly chilledLine?: string | null;
  readonly chilledWeekdays?: readonly Weekday[];
}

export interface TimetableTotals {
  readonly vehicles: number;
  readonly kmPerWeek: number;
  readonly vehicleHoursPerWeek: number;
  /** Total weekly cost in yuan: vehicles (fixed, km, hours) plus bus fees. */
  readonly costPerWeek: number;
  /** The bus-fee part of costPerWeek. */
  readonly busFeesPerWeek: number;
  /** Median and 95th percentile of the served villages' planned lead time (cut-off to arrival, `leadTimeHours`). */
  readonly leadTimeHoursP50?: number | null;
  readonly leadTimeHoursP95?: number | null;
}

export interface Timetable {
  readonly county: string;
  readonly dataset: string;
  readonly generatedAt: string;
  readonly seed: number;
  /** Settings used (cut-off, transfer minutes, policy, …), echoed for reproducibility. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly lines: readonly Line[];
  readonly busLegs: readonly BusLeg[];
  readonly villages: readonly VillageService[];
  readonly totals: TimetableTotals;
}
