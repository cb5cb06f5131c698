/**
 * The coverage report: what commerce officials read (issue 7). JSON-serialisable as is; the API
 * returns it from `GET /v1/coverage`, the CSV and GeoJSON exports are derived from it.
 * Definitions, denominators and formulas: docs/coverage.md.
 *
 * Units: rates are fractions 0..1 (null when the denominator is 0); lead times in hours;
 * parcels, visits and km per week; money in yuan.
 */
import type { Weekday } from '../domain/dataset.ts';

/** The plan's target: service stations in over 50% of administrative (and of poor) villages. */
export const STATION_TARGET = 0.5;

/** A count over a denominator. `rate` is `num / den`, or null when `den` is 0 (nothing to cover). */
export interface Ratio {
  readonly num: number;
  readonly den: number;
  readonly rate: number | null;
}

/** Service-frequency band of a village, by distinct service days per week (docs/coverage.md §3). */
export type FrequencyBand = 'daily' | 'd3to6' | 'd1to2' | 'none';

/** Runtime list of bands, most frequent first (no enums: STYLE.md). */
export const FREQUENCY_BANDS: readonly FrequencyBand[] = ['daily', 'd3to6', 'd1to2', 'none'];

/** Number of villages in each frequency band; the four add up to the denominator. */
export type BandCounts = Readonly<Record<FrequencyBand, number>>;

/** How a village is reached by the timetable. */
export type ServiceVia = 'line' | 'bus' | 'line+bus' | 'none';

/** One village (or community) with its coverage facts: the rows behind every aggregate. */
export interface VillageCoverage {
  readonly code: string;
  readonly name: string;
  /** Township code the village is counted under (its parent hub; docs/coverage.md §1). */
  readonly township: string;
  readonly station: boolean;
  readonly poor: boolean;
  /** Urban community (居委会): reported apart from villages, never in a village denominator. */
  readonly community: boolean;
  readonly lon: number;
  readonly lat: number;
  /** Distinct weekdays with at least one scheduled run or bus leg reaching the village. */
  readonly weekdays: readonly Weekday[];
  /** `weekdays.length` (0..7): the frequency measure. */
  readonly daysPerWeek: number;
  /** Scheduled arrivals per week (a line running on 3 days = 3; two lines on one day = 2). */
  readonly visitsPerWeek: number;
  /** Of `visitsPerWeek`, those by passenger-bus legs. */
  readonly busVisitsPerWeek: number;
  /** Scheduled pickup opportunities per week (ambient line visits + up or undirected bus legs); 0 when unserved. */
  readonly pickupVisitsPerWeek: number;
  /** Of `pickupVisitsPerWeek`, those by passenger-bus legs. */
  readonly busPickupVisitsPerWeek: number;
  /** Cold-chain runs per week stopping here (chilled freight only; not counted as delivery service). */
  readonly coldChainVisitsPerWeek: number;
  readonly band: FrequencyBand;
  readonly via: ServiceVia;
  /** Planned lead time from the timetable's `villages[].leadTimeHours`, or null. */
  readonly leadTimeHours: number | null;
  /** Expected parcels per week from demand.csv (7 × daily), down and up. */
  readonly parcelsDownPerWeek: number;
  readonly parcelsUpPerWeek: number;
}

/** Mean and nearest-rank percentiles of a sample (hours). All null when `n` is 0. */
export interface LeadTimeStats {
  readonly n: number;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
}

/** Scheduled-service coverage of one group (null in a report made without a timetable). */
export interface ServiceCoverage {
  /** Villages reached at least one day a week / villages. */
  readonly all: Ratio;
  readonly poor: Ratio;
  readonly bands: BandCounts;
  readonly poorBands: BandCounts;
  /** Villages reached only by passenger-bus legs. */
  readonly busOnly: number;
  /** Scheduled village arrivals per week in the group. */
  readonly visitsPerWeek: number;
}

/** Planned parcel flows of a group per week (docs/coverage.md §5). */
export interface PlannedFlows {
  /** Expected parcels (down + up) per week of villages that the timetable serves. */
  readonly parcelsPerWeek: number;
  /** Expected parcels per week of villages it does not serve. */
  readonly unservedParcelsPerWeek: number;
  /** Parcels per week riding passenger buses (down parcels split by delivery visits, up by pickup visits). */
  readonly busParcelsPerWeek: number;
  /** `busParcelsPerWeek / parcelsPerWeek`, null when no parcels. */
  readonly busShare: number | null;
  /** Served villages with upward demand (parcelsUp > 0). */
  readonly pickupVillages: number;
  /** Scheduled pickup visits per week at served villages with upward demand: upward pickups offered. */
  readonly pickupVisitsPerWeek: number;
  /** Expected upward parcels per week collected at served villages. */
  readonly parcelsUpPerWeek: number;
}

/** Measured service from scan events over a period (docs/coverage.md §6). */
export interface ActualMetrics {
  /** Downward parcels that reached the warehouse in the period: the 24 h / 48 h denominator. */
  readonly parcelsDown: number;
  readonly delivered: number;
  /** Warehouse-to-village hours of delivered parcels. */
  readonly leadTime: LeadTimeStats;
  /** Parcels delivered within 24 h / 48 h of reaching the warehouse, over `parcelsDown`. */
  readonly within24h: Ratio;
  readonly within48h: Ratio;
  /** Upward parcels picked up in the period, per week (null when the source has no upward parcels). */
  readonly pickupsPerWeek: number | null;
  /** Distinct (village, local day) pairs with at least one pickup, per week (null likewise). */
  readonly pickupVisitsPerWeek: number | null;
}

/** The metrics of one group of villages (a township, a county, the communities, a province). */
export interface GroupMetrics {
  /** Villages in the denominator (communities excluded, except in the communities group). */
  readonly villages: number;
  readonly poorVillages: number;
  /** Villages with a station / villages; poor villages with a station / poor villages. */
  readonly stations: Ratio;
  readonly poorStations: Ratio;
  /** `stations.rate >= target`, null when there are no villages; same for poor villages. */
  readonly stationTargetMet: boolean | null;
  readonly poorStationTargetMet: boolean | null;
  readonly service: ServiceCoverage | null;
  readonly plannedLeadTime: LeadTimeStats | null;
  readonly planned: PlannedFlows | null;
  readonly actual: ActualMetrics | null;
}

/** A township: its hub's code and name, its metrics, and its communities count. */
export interface TownshipCoverage extends GroupMetrics {
  readonly code: string;
  readonly name: string;
  /** Communities (居委会) under this township, counted in the county's `communities` group. */
  readonly communities: number;
}

/** Cost efficiency of a timetable (county or province; not split by township, docs/coverage.md §5). */
export interface CostMetrics {
  /** Vehicle cost of the lines plus bus fees, yuan per week. */
  readonly costPerWeek: number;
  readonly kmPerWeek: number;
  readonly parcelsPerWeek: number;
  readonly costPerParcel: number | null;
  readonly kmPerParcel: number | null;
}

/** One county's coverage. */
export interface CountyCoverage extends GroupMetrics {
  readonly code: string;
  readonly name: string;
  readonly slug: string;
  /** Timetable the service figures come from (its `generatedAt`), or null without one. */
  readonly timetable: { readonly generatedAt: string; readonly seed: number } | null;
  readonly townships: readonly TownshipCoverage[];
  /** Urban communities (居委会) of the county, reported apart from villages. */
  readonly communities: GroupMetrics;
  readonly cost: CostMetrics | null;
  /** Every village and community, for maps and drill-down. */
  readonly villageRows: readonly VillageCoverage[];
}

/** The report: one county, or a province (several counties and their total). */
export interface CoverageReport {
  readonly scope: 'county' | 'province';
  /** The station target the `…TargetMet` flags compare against. */
  readonly target: number;
  /** Frequency-band limits, echoed so readers need not know the code. */
  readonly bandRule: string;
  /** Period of the actual figures, ISO instants, when scan events were given. */
  readonly period: { readonly from: string; readonly to: string } | null;
  /** All counties together (equals the single county's metrics for a county report). */
  readonly total: GroupMetrics & { readonly cost: CostMetrics | null; readonly communities: GroupMetrics };
  readonly counties: readonly CountyCoverage[];
  /** Inconsistencies found in the inputs (e.g. a village declared served that no line reaches). */
  readonly warnings: readonly string[];
}
