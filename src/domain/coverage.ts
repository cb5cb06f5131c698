/**
 * The coverage report (src/coverage): the one definition of its shape (zod); src/coverage/types.ts
 * derives its types from it and the API documents it from it. Rates are 0..1 or null when the
 * denominator is 0; instants are ISO 8601 county time (+08:00).
 */
import { z } from 'zod';
import { Weekday } from './timetable.ts';

const list = <T extends z.ZodType>(s: T) => z.array(s).readonly();

/** `num / den` with its rate (null when den is 0). */
export const Ratio = z.object({ num: z.number(), den: z.number(), rate: z.number().nullable() });
/** Service frequency bands by days per week. */
export const FrequencyBand = z.enum(['daily', 'd3to6', 'd1to2', 'none']);
/** Villages per frequency band. */
export const BandCounts = z.object({ daily: z.number(), d3to6: z.number(), d1to2: z.number(), none: z.number() });
/** How a village is reached. */
export const ServiceVia = z.enum(['line', 'bus', 'line+bus', 'none']);

/** One village of the report. */
export const VillageCoverage = z.object({
  code: z.string(),
  name: z.string(),
  township: z.string(),
  station: z.boolean(),
  poor: z.boolean(),
  community: z.boolean(),
  lon: z.number(),
  lat: z.number(),
  weekdays: list(Weekday),
  daysPerWeek: z.number(),
  visitsPerWeek: z.number(),
  busVisitsPerWeek: z.number(),
  pickupVisitsPerWeek: z.number(),
  busPickupVisitsPerWeek: z.number(),
  coldChainVisitsPerWeek: z.number(),
  band: FrequencyBand,
  via: ServiceVia,
  leadTimeHours: z.number().nullable(),
  parcelsDownPerWeek: z.number(),
  parcelsUpPerWeek: z.number(),
});

/** Lead-time statistics in hours. */
export const LeadTimeStats = z.object({ n: z.number(), mean: z.number().nullable(), p50: z.number().nullable(), p95: z.number().nullable() });

/** Planned service coverage of a group of villages. */
export const ServiceCoverage = z.object({
  all: Ratio,
  poor: Ratio,
  bands: BandCounts,
  poorBands: BandCounts,
  busOnly: z.number(),
  visitsPerWeek: z.number(),
});

/** Planned weekly parcel flows. */
export const PlannedFlows = z.object({
  parcelsPerWeek: z.number(),
  unservedParcelsPerWeek: z.number(),
  busParcelsPerWeek: z.number(),
  busShare: z.number().nullable(),
  pickupVillages: z.number(),
  pickupVisitsPerWeek: z.number(),
  parcelsUpPerWeek: z.number(),
});

/** Figures from scan events over the report period. */
export const ActualMetrics = z.object({
  parcelsDown: z.number(),
  delivered: z.number(),
  leadTime: LeadTimeStats,
  within24h: Ratio,
  within48h: Ratio,
  pickupsPerWeek: z.number().nullable(),
  pickupVisitsPerWeek: z.number().nullable(),
});

/** Metrics of a group of villages (county, township, communities, total). */
export const GroupMetrics = z.object({
  villages: z.number(),
  poorVillages: z.number(),
  stations: Ratio,
  poorStations: Ratio,
  stationTargetMet: z.boolean().nullable(),
  poorStationTargetMet: z.boolean().nullable(),
  service: ServiceCoverage.nullable(),
  plannedLeadTime: LeadTimeStats.nullable(),
  planned: PlannedFlows.nullable(),
  actual: ActualMetrics.nullable(),
});

/** One township. */
export const TownshipCoverage = GroupMetrics.extend({ code: z.string(), name: z.string(), communities: z.number() });

/** Weekly cost of the timetable. */
export const CostMetrics = z.object({
  costPerWeek: z.number(),
  kmPerWeek: z.number(),
  parcelsPerWeek: z.number(),
  costPerParcel: z.number().nullable(),
  kmPerParcel: z.number().nullable(),
});

/** One county. */
export const CountyCoverage = GroupMetrics.extend({
  code: z.string(),
  name: z.string(),
  slug: z.string(),
  timetable: z.object({ generatedAt: z.string(), seed: z.number() }).nullable(),
  townships: list(TownshipCoverage),
  communities: GroupMetrics,
  cost: CostMetrics.nullable(),
  villageRows: list(VillageCoverage),
});

/** The report of one county or a province. */
export const CoverageReport = z.object({
  scope: z.enum(['county', 'province']),
  target: z.number(),
  bandRule: z.string(),
  period: z.object({ from: z.string(), to: z.string() }).nullable(),
  total: GroupMetrics.extend({ cost: CostMetrics.nullable(), communities: GroupMetrics }),
  counties: list(CountyCoverage),
  warnings: list(z.string()),
});
