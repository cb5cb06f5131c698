/**
 * The weekly timetable: the output of `rural-dispatch plan`, of the `plan-timetable` job, and the
 * input of daily dispatch and coverage. JSON-serialisable as is. Times of day are "HH:MM" county
 * time (24:00 and later for after-midnight arrivals); `generatedAt` is ISO 8601 with the county
 * offset; node ids are network ids (src/domain/dataset.ts). The zod schemas below are the one
 * definition of the shape: the types are derived from them and the API documents them. Document
 * changes in the README's schema section.
 */
import { z } from 'zod';
import { WEEKDAYS, type Weekday as DatasetWeekday } from './dataset.ts';

const list = <T extends z.ZodType>(s: T) => z.array(s).readonly();

/** A day of the week, `mon`..`sun`. */
export const Weekday = z.enum(WEEKDAYS as readonly DatasetWeekday[] as [DatasetWeekday, ...DatasetWeekday[]]);
/** "HH:MM" county time (may exceed 24:00). */
export const ClockTime = z.string().regex(/^\d{2}:[0-5]\d$/, 'must be HH:MM');

export const LineTier = z.enum(['trunk', 'feeder', 'direct']);
export type LineTier = z.infer<typeof LineTier>;
export const VillageMode = z.enum(['feeder', 'direct', 'bus', 'unserved']);
export type VillageMode = z.infer<typeof VillageMode>;

/** A stop of a line. */
export const LineStop = z.object({
  node: z.string(),
  /** Arrival "HH:MM" (equals depart for the first stop). */
  arrive: ClockTime,
  /** Departure "HH:MM" after service (equals arrive for the last stop). */
  depart: ClockTime,
  /** Expected kg dropped / picked up here per run. */
  dropKg: z.number().optional(),
  pickKg: z.number().optional(),
  /** Expected chilled kg handled here per run (only on refrigerated lines). */
  chilledKg: z.number().optional(),
  /** `break`: a driver's rest (no service), at `node`, or on the road from `node` toward `toward`. */
  kind: z.literal('break').optional(),
  /** For a break on the road: the next stop the vehicle is driving toward. */
  toward: z.string().optional(),
});
export type LineStop = z.infer<typeof LineStop>;

/** A fixed line run on fixed weekdays at fixed times (定时、定点、定线路). */
export const Line = z.object({
  id: z.string(),
  tier: LineTier,
  /** Vehicle id from fleet.json. */
  vehicle: z.string(),
  weekdays: list(Weekday),
  /** First and last stop are the depot (warehouse for trunk/direct, hub for feeder). */
  stops: list(LineStop),
  km: z.number(),
  minutes: z.number(),
  /** Expected peak load per run, kg and m3. */
  loadKg: z.number(),
  loadM3: z.number(),
  /** For a feeder: the trunk line whose arrival at the hub it waits for. */
  feedsFrom: z.string().optional(),
  /** True for cold-chain lines (refrigerated vehicle carrying the chilled freight). */
  coldChain: z.boolean().optional(),
});
export type Line = z.infer<typeof Line>;

/** Parcels for `node` ride GTFS trip `tripId` on `weekdays`. */
export const BusLeg = z.object({
  tripId: z.string(),
  node: z.string(),
  weekdays: list(Weekday),
  /** Expected kg and m3 per trip for this node. */
  kg: z.number(),
  m3: z.number(),
  /** Scheduled arrival "HH:MM" of the trip at the node's stop. */
  arrive: ClockTime,
  feePerWeek: z.number(),
  /** `down` = county station → village (arrive is at the village); `up` = village → county station. */
  direction: z.enum(['down', 'up']).optional(),
});
export type BusLeg = z.infer<typeof BusLeg>;

/** How a village is served. */
export const VillageService = z.object({
  /** 12-digit village code (= node id). */
  code: z.string(),
  mode: VillageMode,
  weekdays: list(Weekday),
  visitsPerWeek: z.number(),
  /** The line (or `bus:<tripId>`) that serves it. */
  line: z.string().nullable(),
  /** Planned hours from warehouse cut-off to arrival at the village (mean over service days). */
  leadTimeHours: z.number().nullable(),
  /** Why a village is unserved, when it is. */
  reason: z.string().optional(),
  /** Every line serving the village's ambient freight (a daily village may ride a different line per pattern). */
  lines: list(z.string()).optional(),
  /** Policy minimum visits per week (visitsPerWeek is at least this unless unserved). */
  requiredVisitsPerWeek: z.number().optional(),
  /** Cold-chain line and weekdays carrying the village's chilled freight (null when it has none or none fits). */
  chilledLine: z.string().nullable().optional(),
  chilledWeekdays: list(Weekday).optional(),
});
export type VillageService = z.infer<typeof VillageService>;

export const TimetableTotals = z.object({
  vehicles: z.number(),
  kmPerWeek: z.number(),
  vehicleHoursPerWeek: z.number(),
  /** Total weekly cost in yuan: vehicles (fixed, km, hours) plus bus fees. */
  costPerWeek: z.number(),
  /** The bus-fee part of costPerWeek. */
  busFeesPerWeek: z.number(),
  /** Median and 95th percentile of the served villages' planned lead time (cut-off to arrival, hours). */
  leadTimeHoursP50: z.number().nullable().optional(),
  leadTimeHoursP95: z.number().nullable().optional(),
});
export type TimetableTotals = z.infer<typeof TimetableTotals>;

/** A JSON scalar, list (of lists) of scalars, or one level of object of those (planner settings). */
const SettingScalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const SettingLeaf = z.union([SettingScalar, list(z.union([SettingScalar, list(SettingScalar)]))]);
export const SettingValue = z.union([SettingLeaf, z.record(z.string(), SettingLeaf)]);

export const Timetable = z.object({
  county: z.string(),
  dataset: z.string(),
  /** When it was planned, ISO 8601 with the county offset. */
  generatedAt: z.string(),
  seed: z.number(),
  /** Settings used (cut-off, transfer minutes, policy, …), echoed for reproducibility. */
  settings: z.record(z.string(), SettingValue),
  lines: list(Line),
  busLegs: list(BusLeg),
  villages: list(VillageService),
  totals: TimetableTotals,
});
/**
 * A timetable. `settings` is typed loosely here (the planner echoes its own settings object, whose
 * interfaces have no index signature); the schema above still describes and checks its values.
 */
export type Timetable = Omit<z.infer<typeof Timetable>, 'settings'> & { readonly settings: Readonly<Record<string, unknown>> };
