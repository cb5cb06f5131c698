/**
 * Settings of the weekly timetable planner. Every field has a default in
 * `DEFAULT_PLAN_SETTINGS`; callers pass a `Partial<PlanSettings>` and `resolveSettings` fills the
 * rest. Times are "HH:MM" local time, durations in minutes, money in yuan, loads in kg / m3.
 * The design is in docs/timetable.md.
 */
import type { Vehicle, Weekday } from '../domain/dataset.ts';
import { ValidationError } from '../errors.ts';

/** Minimum visits per week a village must get (service policy, docs/timetable.md §2). */
export interface ServicePolicy {
  /** Villages with a service station (村级服务站点). */
  readonly stationVisits: number;
  /** Registered poor villages (建档立卡贫困村), whatever their station flag. */
  readonly poorVisits: number;
  /** All other villages. */
  readonly otherVisits: number;
  /** Villages whose down + up kg per day reach this get `highDemandVisits`. */
  readonly highDemandKgPerDay: number;
  readonly highDemandVisits: number;
}

/** Planner settings; see the field docs for units and `DEFAULT_PLAN_SETTINGS` for defaults. */
export interface PlanSettings {
  /** Warehouse cut-off "HH:MM": parcels sorted by then leave on that day's runs. Lead times count from it. */
  readonly cutoff: string;
  /** Earliest departure of trunk and direct runs from the warehouse "HH:MM". */
  readonly earliestTrunkDeparture: string;
  /** Minutes between a trunk's arrival at a hub and the departure of the feeder that it feeds. */
  readonly transferMinutes: number;
  /** Service minutes per village stop (unloading + pickup). */
  readonly villageServiceMinutes: number;
  /** Service minutes of a trunk at a hub (cross-dock unloading). */
  readonly hubServiceMinutes: number;
  /** Service days of the week: patterns are drawn from these. */
  readonly serviceDays: readonly Weekday[];
  readonly policy: ServicePolicy;
  /** A village within this many km of the warehouse, and nearer to it than to its hub, gets a direct line. */
  readonly directRadiusKm: number;
  /**
   * How bus legs are charged: `trip` = a flat `busFeePerTrip` for each trip and day that carries the
   * plan's locked box, shared by all villages on that trip (Yamato / Japan Post: about one fare per
   * trip); `parcel` = per parcel (`busFeePerParcel` or the feed's fee, else `busFeePerKg`).
   */
  readonly busFeeModel: 'trip' | 'parcel';
  /**
   * Fee per trip and day a trip carries the box, per direction (yuan; `busFeeModel: trip`). Default
   * 10: about one full-length adult fare on the demo feeds' rural lines (trips of 40–90 min, about
   * 25–50 km, at an assumed 0.2–0.3 yuan per passenger-km), the Yamato / Japan Post scale.
   */
  readonly busFeePerTrip: number;
  /** Fee per parcel on buses overriding the feed's (yuan; null = the feed's own fee, dataset.json). */
  readonly busFeePerParcel: number | null;
  /** Bus fee per kg when a trip has no per-parcel fee (yuan/kg). */
  readonly busFeePerKg: number;
  /** Mean parcel weight (kg): parcels = kg / this for per-parcel bus fees when demand has no parcel counts. */
  readonly kgPerParcel: number;
  /** Share of a trip's cargo capacity the planner may book (rest is left for day-to-day peaks). */
  readonly busCapacityShare: number;
  /** Largest daily kg a village may send by bus (small scattered parcels, 零散小宗). */
  readonly busMaxKgPerVillageDay: number;
  /** Driver / handling minutes at the county bus station before a trip departs. */
  readonly busHandoverMinutes: number;
  /** Safety factor on expected loads when sizing runs (1 = the peak days carried, docs/timetable.md §2 "Loads"). */
  readonly loadFactor: number;
  /** Runs per vehicle-day tried first: each free window of the shift is cut into about this many slots. */
  readonly slotsPerDay: number;
  /** Runs per vehicle-day tried when the first layout leaves stops unserved (multi-trip). */
  readonly multiTripSlots: number;
  /** Latest trunk arrival at a hub, in minutes after the hub opens (tightened by re-synchronisation). */
  readonly hubDeadlineMinutes: number;
  /** Rounds of trunk ↔ feeder re-synchronisation. */
  readonly syncRounds: number;
  /**
   * How villages are split into weekday patterns: `county` = one angular sweep around the warehouse
   * (each day serves a compact sector of the county), `pool` = a sweep around each hub / the warehouse,
   * `auto` = plan both (half the budget each) and keep the better.
   */
  readonly patternSweep: 'auto' | 'county' | 'pool';
  /** Close a hub for a pattern when serving its villages from the warehouse is cheaper (docs/timetable.md §2, step 5). */
  readonly closeHubs: boolean;
  /** Visits per week of the cold-chain (refrigerated) lines to each village with chilled freight. */
  readonly coldVisitsPerWeek: number;
  /** Service minutes of a cold-chain stop. */
  readonly coldServiceMinutes: number;
  /**
   * Driver rules, hard constraints of every line (docs/timetable.md §2 "Driver rules"): at most this
   * many minutes of continuous driving, then a break of at least `minBreakMinutes`
   * (道路交通安全法实施条例 art. 62: 4 h, 20 min).
   */
  readonly maxContinuousDrivingMinutes: number;
  readonly minBreakMinutes: number;
  /** Driving minutes per vehicle-day, over all its lines (8 h). */
  readonly maxDailyDrivingMinutes: number;
  /**
   * On-duty limit per vehicle-day (first departure to last return) by vehicle class: `truck` =
   * ambient vehicle at the warehouse, `van` = ambient vehicle at a township hub, `reefer` = refrigerated.
   */
  readonly shiftLimitMinutes: ShiftLimits;
}

/** On-duty minutes per vehicle-day by vehicle class. */
export interface ShiftLimits {
  readonly truck: number;
  readonly van: number;
  readonly reefer: number;
}

/** The class of a vehicle for `shiftLimitMinutes`. */
export function vehicleClass(v: Vehicle, warehouseId: string): keyof ShiftLimits {
  return v.refrigerated ? 'reefer' : v.depot === warehouseId ? 'truck' : 'van';
}

/** Defaults: cut-off 07:30, trunks from 08:00, 30 min transfer, 10 min per village, 3/week for stations and poor villages. */
export const DEFAULT_PLAN_SETTINGS: PlanSettings = {
  cutoff: '07:30',
  earliestTrunkDeparture: '08:00',
  transferMinutes: 30,
  villageServiceMinutes: 10,
  hubServiceMinutes: 20,
  serviceDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
  policy: {
    stationVisits: 3,
    poorVisits: 3,
    otherVisits: 2,
    highDemandKgPerDay: 150,
    highDemandVisits: 6,
  },
  directRadiusKm: 10,
  busFeeModel: 'trip',
  busFeePerTrip: 10,
  busFeePerParcel: null,
  busFeePerKg: 0.5,
  kgPerParcel: 1.5,
  busCapacityShare: 0.8,
  busMaxKgPerVillageDay: 40,
  busHandoverMinutes: 20,
  loadFactor: 1,
  slotsPerDay: 1,
  multiTripSlots: 2,
  hubDeadlineMinutes: 120,
  syncRounds: 3,
  closeHubs: true,
  patternSweep: 'auto',
  coldVisitsPerWeek: 1,
  coldServiceMinutes: 5,
  maxContinuousDrivingMinutes: 240,
  minBreakMinutes: 20,
  maxDailyDrivingMinutes: 480,
  shiftLimitMinutes: { truck: 600, van: 600, reefer: 600 },
};

/** Fills `partial` with defaults (policy merged field by field). */
export function resolveSettings(partial: Partial<PlanSettings>): PlanSettings {
  return {
    ...DEFAULT_PLAN_SETTINGS,
    ...partial,
    policy: { ...DEFAULT_PLAN_SETTINGS.policy, ...(partial.policy ?? {}) },
    shiftLimitMinutes: { ...DEFAULT_PLAN_SETTINGS.shiftLimitMinutes, ...(partial.shiftLimitMinutes ?? {}) },
  };
}

/** Checks resolved settings; throws a ValidationError naming each bad field. */
export function validateSettings(s: PlanSettings): void {
  const issues: { field: string; reason: string }[] = [];
  const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  if (s.serviceDays.length === 0 || s.serviceDays.some((d) => !WEEK.includes(d))) issues.push({ field: 'serviceDays', reason: 'must be a non-empty list of mon..sun' });
  if (new Set(s.serviceDays).size !== s.serviceDays.length) issues.push({ field: 'serviceDays', reason: 'must not repeat a day' });
  for (const k of ['cutoff', 'earliestTrunkDeparture'] as const) {
    const m = /^(\d{2}):(\d{2})$/.exec(String(s[k]));
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) issues.push({ field: k, reason: 'must be HH:MM between 00:00 and 23:59' });
  }
  for (const k of Object.keys(s)) if (!(k in DEFAULT_PLAN_SETTINGS)) issues.push({ field: k, reason: 'is not a planner setting' });
  for (const k of Object.keys(s.policy)) if (!(k in DEFAULT_PLAN_SETTINGS.policy)) issues.push({ field: `policy.${k}`, reason: 'is not a policy setting' });
  if (!['trip', 'parcel'].includes(s.busFeeModel)) issues.push({ field: 'busFeeModel', reason: 'must be trip or parcel' });
  for (const k of ['transferMinutes', 'villageServiceMinutes', 'hubServiceMinutes', 'busFeePerKg', 'busFeePerTrip', 'kgPerParcel', 'busMaxKgPerVillageDay', 'busHandoverMinutes', 'hubDeadlineMinutes', 'coldServiceMinutes'] as const) {
    if (!(s[k] >= 0)) issues.push({ field: k, reason: 'must be a number >= 0' });
  }
  if (s.busFeePerParcel !== null && !(s.busFeePerParcel >= 0)) issues.push({ field: 'busFeePerParcel', reason: 'must be null or a number >= 0' });
  if (!(s.busCapacityShare > 0 && s.busCapacityShare <= 1)) issues.push({ field: 'busCapacityShare', reason: 'must be in (0, 1]' });
  if (!(s.loadFactor > 0)) issues.push({ field: 'loadFactor', reason: 'must be > 0' });
  if (!(Number.isInteger(s.slotsPerDay) && s.slotsPerDay >= 1)) issues.push({ field: 'slotsPerDay', reason: 'must be an integer >= 1' });
  if (!['auto', 'county', 'pool'].includes(s.patternSweep)) issues.push({ field: 'patternSweep', reason: 'must be auto, county or pool' });
  if (!(Number.isInteger(s.multiTripSlots) && s.multiTripSlots >= 1)) issues.push({ field: 'multiTripSlots', reason: 'must be an integer >= 1' });
  if (!(Number.isInteger(s.syncRounds) && s.syncRounds >= 1)) issues.push({ field: 'syncRounds', reason: 'must be an integer >= 1' });
  if (!(s.coldVisitsPerWeek >= 1)) issues.push({ field: 'coldVisitsPerWeek', reason: 'must be >= 1' });
  for (const k of ['stationVisits', 'poorVisits', 'otherVisits', 'highDemandVisits'] as const) {
    if (!(Number.isInteger(s.policy[k]) && s.policy[k] >= 1)) issues.push({ field: `policy.${k}`, reason: 'must be an integer >= 1' });
  }
  if (!(s.maxContinuousDrivingMinutes >= 30)) issues.push({ field: 'maxContinuousDrivingMinutes', reason: 'must be a number >= 30' });
  if (!(s.minBreakMinutes >= 0)) issues.push({ field: 'minBreakMinutes', reason: 'must be a number >= 0' });
  if (!(s.maxDailyDrivingMinutes >= 30)) issues.push({ field: 'maxDailyDrivingMinutes', reason: 'must be a number >= 30' });
  for (const k of Object.keys(s.shiftLimitMinutes)) if (!(k in DEFAULT_PLAN_SETTINGS.shiftLimitMinutes)) issues.push({ field: `shiftLimitMinutes.${k}`, reason: 'is not a vehicle class (truck, van, reefer)' });
  for (const k of ['truck', 'van', 'reefer'] as const) {
    if (!(s.shiftLimitMinutes[k] >= 60)) issues.push({ field: `shiftLimitMinutes.${k}`, reason: 'must be a number >= 60' });
  }
  if (issues.length) throw new ValidationError(issues.map((i) => ({ file: 'settings', ...i })));
}
