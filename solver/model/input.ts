/**
 * Public input and output types of the routing solver (the contract callers code against).
 * Fields may be added; existing ones are not renamed without updating every caller.
 *
 * Units: the caller chooses them (km and minutes for counties, plane units for benchmarks) and
 * passes dense matrices, one unit per quantity used consistently; the solver computes in those
 * units as doubles, without conversion (see model/units.ts).
 */

/** Objective: `cost` = fixed + per-distance + per-duration costs; `distance` = total distance only
 * (standard VRPTW benchmarks); `hierarchical` = fewest vehicles first, then distance. */
export type Objective = 'cost' | 'distance' | 'hierarchical';

/** A time window [open, close] on the start of service, in the caller's time unit. */
export type TimeWindow = readonly [open: number, close: number];

export interface VehicleTypeInput {
  /** Caller's id for this type; routes report it. */
  readonly id: string;
  /** Number of identical vehicles available. */
  readonly count: number;
  /** Location index where routes start and end. */
  readonly startLocation: number;
  readonly endLocation: number;
  /** Capacity per dimension (e.g. [kg, m3, parcels]); length = ProblemInput.dimensions. */
  readonly capacity: readonly number[];
  /** Earliest departure from start and latest return to end. */
  readonly shiftStart: number;
  readonly shiftEnd: number;
  /** Maximum route duration (end arrival − start departure); default unlimited. */
  readonly maxDuration?: number;
  readonly fixedCost?: number;
  readonly costPerDistance?: number;
  readonly costPerDuration?: number;
  /** Attributes offered, e.g. `refrigerated`; matched against a job's `requires`. */
  readonly attributes?: readonly string[];
}

/** A stop visited once: `delivery` loads at the depot and unloads here; `pickup` loads here and
 * unloads at the depot. */
export interface JobInput {
  readonly id: string;
  readonly kind: 'delivery' | 'pickup';
  readonly location: number;
  /** Amount per capacity dimension (non-negative). */
  readonly demand: readonly number[];
  /** Service duration at the stop. */
  readonly service?: number;
  /** One or more windows; default [−∞, +∞]. */
  readonly timeWindows?: readonly TimeWindow[];
  /** Attributes the vehicle must offer. */
  readonly requires?: readonly string[];
  /** When set, the job is optional: leaving it unassigned costs this penalty. */
  readonly penalty?: number;
}

export interface ShipmentEndInput {
  readonly location: number;
  readonly service?: number;
  readonly timeWindows?: readonly TimeWindow[];
}

/** A paired pickup → delivery on the same route, pickup first (Li & Lim). */
export interface ShipmentInput {
  readonly id: string;
  readonly pickup: ShipmentEndInput;
  readonly delivery: ShipmentEndInput;
  readonly demand: readonly number[];
  readonly requires?: readonly string[];
  readonly penalty?: number;
}

export interface ProblemInput {
  /** Number of locations; matrices are n×n row-major. */
  readonly locations: number;
  readonly distance: ArrayLike<number>;
  readonly duration: ArrayLike<number>;
  /** Number of capacity dimensions. */
  readonly dimensions: number;
  readonly vehicleTypes: readonly VehicleTypeInput[];
  readonly jobs: readonly JobInput[];
  readonly shipments?: readonly ShipmentInput[];
  readonly objective?: Objective;
}

export interface StepOutput {
  readonly type: 'start' | 'delivery' | 'pickup' | 'shipment_pickup' | 'shipment_delivery' | 'end';
  /** Job or shipment id (absent for start/end). */
  readonly id?: string;
  readonly location: number;
  readonly arrival: number;
  /** Service start (≥ arrival; waiting in between). */
  readonly start: number;
  readonly departure: number;
  /** Load on board after this step, per dimension. */
  readonly load: readonly number[];
}

export interface RouteOutput {
  readonly vehicleType: string;
  /** Index of the vehicle within its type, 0-based. */
  readonly vehicle: number;
  readonly steps: readonly StepOutput[];
  readonly distance: number;
  readonly duration: number;
  readonly cost: number;
}

export interface UnassignedOutput {
  readonly id: string;
  readonly reason: string;
}

export interface SolutionOutput {
  readonly routes: readonly RouteOutput[];
  readonly unassigned: readonly UnassignedOutput[];
  readonly vehicles: number;
  readonly distance: number;
  readonly duration: number;
  readonly cost: number;
  /** True when no capacity, time-window, shift or pairing constraint is violated. */
  readonly feasible: boolean;
  readonly iterations: number;
}

export interface ProgressInfo {
  readonly iteration: number;
  /** 0..1 of the budget used, when known. */
  readonly fraction: number;
  readonly bestCost: number;
  readonly bestVehicles: number;
}

export interface SolveOptions {
  readonly seed?: number;
  /** Budget: stop at whichever comes first. At least one must be set. */
  readonly maxIterations?: number;
  readonly maxSeconds?: number;
  readonly maxNoImprovement?: number;
  /** Injected clock in milliseconds (defaults to Date.now); time enters only here. */
  readonly clock?: () => number;
  readonly onProgress?: (p: ProgressInfo) => void;
  readonly onBest?: (s: SolutionOutput) => void;
}
