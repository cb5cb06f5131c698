/**
 * The plan state of one planning pass, passed through the phases of the pipeline (docs/timetable.md
 * §8). `PlanContext` holds what every phase may read and none changes (dataset, settings, options,
 * clock). The state grows phase by phase: each phase takes the state of the phases before it and
 * returns it with its own part added, so its signature says what it reads and what it adds:
 *
 * | phase        | reads                                   | adds                                  |
 * |--------------|-----------------------------------------|---------------------------------------|
 * | pools        | context                                 | `Pools` (villages, poolOf)            |
 * | patterns     | Pools                                   | `Patterns` (family, patternOf, …)     |
 * | bus          | Pools, Patterns                         | `BusLegs` (bus, busUsage)             |
 * | budget       | Pools, Patterns                         | `Routing` (router: slots + solves)    |
 * | cold chain   | Pools, Routing                          | `ColdChain` (cold lines, chilled …)   |
 * | sync         | Pools, Patterns, BusLegs, Routing       | `RoadLines` (road lines, unserved, …) |
 * | priority     | Pools, Patterns, ColdChain, RoadLines   | replaces road, villageRuns, unserved  |
 * | rescue       | Pools, Patterns, BusLegs, RoadLines     | replaces bus (priced) and unserved    |
 * | timing       | ColdChain, RoadLines                    | replaces cold, feeder runs of road    |
 * | assemble     | all                                     | the `Timetable`                       |
 *
 * The router of the budget phase is the one mutable part: it counts the solves (each gets the next
 * seed and its share of the budget) and books vehicle time, so phases that route run in this order.
 */
import type { Dataset, TravelMatrix, Vehicle, Weekday } from '../../domain/dataset.ts';
import type { BusChoice, BusUsage } from '../bus.ts';
import type { Run, RoutingResult, StopJob } from '../routing.ts';
import type { PlanSettings } from '../settings.ts';
import type { VillageInfo } from '../villages.ts';

/**
 * Default wall-clock budget of a plan in seconds (a demo county then finishes in about 35 s, plus
 * up to a quarter of it for the bus re-pricing rounds; the limit is 60 s).
 */
export const DEFAULT_PLAN_SECONDS = 30;

/** Planner options (see `PlanOptions` in index.ts). */
export interface PlannerOptions {
  readonly seed?: number;
  readonly seconds?: number;
  readonly iterations?: number;
  readonly noBus?: boolean;
  readonly allDirect?: boolean;
  readonly onProgress?: (p: { phase: string; fraction: number; message?: string }) => void;
  /** Milliseconds clock (default Date.now). */
  readonly clock?: () => number;
}

/** Options of one planning pass. */
export interface PassOptions extends PlannerOptions {
  /** Road cost per week of villages measured on a solved plan (removal gains), replacing the insertion estimate. */
  readonly busGain?: ReadonlyMap<string, number>;
  /** Skip the pass (return null) when the bus choice equals this set of villages. */
  readonly unlessBus?: ReadonlySet<string>;
}

/** What every phase reads and none changes. */
export interface PlanContext {
  readonly ds: Dataset;
  readonly matrix: TravelMatrix;
  readonly S: PlanSettings;
  readonly opts: PassOptions;
  readonly seed: number;
  readonly clock: () => number;
  /** Clock at the start of the pass (ms). */
  readonly t0: number;
  /** Service days, in week order. */
  readonly days: readonly Weekday[];
  /** The county warehouse's node id. */
  readonly wh: string;
  /** `earliestTrunkDeparture` and `cutoff`, minutes after midnight. */
  readonly earliest: number;
  readonly cutoff: number;
  /** Ambient vehicles by depot, and the refrigerated ones. */
  readonly ambientFleet: ReadonlyMap<string, readonly Vehicle[]>;
  readonly reefers: readonly Vehicle[];
  /** Reports progress of the pass (fraction clamped to 0..1). */
  readonly progress: (phase: string, fraction: number, message?: string) => void;
}

/** A solved run with its line id, tier and weekdays: a future line of the timetable. */
export interface ServedRun {
  readonly lineId: string;
  readonly tier: 'trunk' | 'feeder' | 'direct';
  readonly run: Run;
  readonly days: readonly Weekday[];
  readonly feedsFrom?: string;
  readonly coldChain?: boolean;
}

/** Added by the pools phase. */
export interface Pools {
  /** Every village of the network, in network order. */
  readonly villages: readonly VillageInfo[];
  /** Depot each village is routed from: its township hub (feeder) or the warehouse (direct). */
  readonly poolOf: ReadonlyMap<string, string>;
}

/** Added by the patterns phase. */
export interface Patterns {
  /** Frequency of the pattern family (visits per week of a non-daily village). */
  readonly fBase: number;
  /** Disjoint weekday patterns partitioning the service days. */
  readonly family: readonly (readonly Weekday[])[];
  /** Villages needing more than `fBase` visits are served every service day. */
  readonly daily: (v: VillageInfo) => boolean;
  /** Pattern index of each non-daily village. */
  readonly patternOf: ReadonlyMap<string, number>;
  /** Weekdays a village is visited on. */
  readonly villageDays: (v: VillageInfo) => readonly Weekday[];
}

/** Added by the bus phase. */
export interface BusLegs {
  /** Villages served by bus legs instead of road lines. */
  readonly bus: ReadonlyMap<string, BusChoice>;
  /** Cargo booked on the trips (the rescue phase books more). */
  readonly busUsage: BusUsage;
}

/** Solving of routing sub-problems on vehicle time slots, within the pass's budget. */
export interface SlotRouter {
  /**
   * Solves with one run per free window of each vehicle-day; when stops are left unserved, again
   * with `multiTripSlots` shorter runs, keeping the result that serves more, then costs less.
   * `from`: earliest start (null: `earliestTrunkDeparture`); `last`: only the day's last free window.
   */
  solveSlots(depot: string, jobs: readonly StopJob[], vehicles: readonly Vehicle[], from: number | null, onDays: readonly Weekday[], last?: boolean): RoutingResult;
  /** Books the vehicles of `runs` on `onDays` (later slots avoid that time). */
  reserve(runs: readonly Run[], onDays: readonly Weekday[]): void;
  /** Running cost of one run-day: km, hours and the vehicle's fixed cost shared over its slots. */
  runCost(r: Run): number;
}

/** Added by the budget phase. */
export interface Routing {
  readonly router: SlotRouter;
}

/** Added by the cold-chain phase. */
export interface ColdChain {
  /** Cold-chain lines (refrigerated, from the warehouse). */
  readonly cold: readonly ServedRun[];
  /** Cold-chain line and weekdays of each village with chilled freight served. */
  readonly chilledDays: ReadonlyMap<string, { lineId: string; days: readonly Weekday[] }>;
  /** Why a village's chilled freight has no line. */
  readonly chilledReason: ReadonlyMap<string, string>;
}

/** A road line's visit of a village. */
export interface VillageRun {
  readonly lineId: string;
  readonly days: readonly Weekday[];
  readonly arrive: number;
}

/** Added by the sync phase. */
export interface RoadLines {
  /** Trunk, direct and feeder lines, pattern by pattern. */
  readonly road: readonly ServedRun[];
  /** Road-line visits of each village. */
  readonly villageRuns: ReadonlyMap<string, readonly VillageRun[]>;
  /** Villages no road line serves, with the reason. */
  readonly unserved: ReadonlyMap<string, string>;
}

export type AfterPools = Pools;
export type AfterPatterns = AfterPools & Patterns;
export type AfterBus = AfterPatterns & BusLegs;
export type AfterBudget = AfterBus & Routing;
export type AfterColdChain = AfterBudget & ColdChain;
export type AfterSync = AfterColdChain & RoadLines;
/** The complete plan state, as the assembly phase reads it (after rescue). */
export type PlanState = AfterSync;
