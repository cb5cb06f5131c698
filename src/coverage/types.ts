/**
 * The coverage report: what commerce officials read. JSON-serialisable as is; the API
 * returns it from `GET /v1/coverage`, the CSV and GeoJSON exports are derived from it.
 * Definitions, denominators and formulas: docs/coverage.md.
 *
 * Units: rates are fractions 0..1 (null when the denominator is 0); lead times in hours;
 * parcels, visits and km per week; money in yuan.
 */
import type { z } from 'zod';
import type * as shapes from '../domain/coverage.ts';

/** The plan's target: service stations in over 50% of administrative (and of poor) villages. */
export const STATION_TARGET = 0.5;

/** A count over a denominator. `rate` is `num / den`, or null when `den` is 0 (nothing to cover). */
export type Ratio = z.infer<typeof shapes.Ratio>;

/** Service-frequency band of a village, by distinct service days per week (docs/coverage.md §3). */
export type FrequencyBand = z.infer<typeof shapes.FrequencyBand>;

/** Runtime list of bands, most frequent first. */
export const FREQUENCY_BANDS: readonly FrequencyBand[] = ['daily', 'd3to6', 'd1to2', 'none'];

/** Number of villages in each frequency band; the four add up to the denominator. */
export type BandCounts = z.infer<typeof shapes.BandCounts>;

/** How a village is reached by the timetable. */
export type ServiceVia = z.infer<typeof shapes.ServiceVia>;

/** One village (or community) with its coverage facts: the rows behind every aggregate. */
export type VillageCoverage = z.infer<typeof shapes.VillageCoverage>;

/** Mean and nearest-rank percentiles of a sample (hours). All null when `n` is 0. */
export type LeadTimeStats = z.infer<typeof shapes.LeadTimeStats>;

/** Scheduled-service coverage of one group (null in a report made without a timetable). */
export type ServiceCoverage = z.infer<typeof shapes.ServiceCoverage>;

/** Planned parcel flows of a group per week (docs/coverage.md §5). */
export type PlannedFlows = z.infer<typeof shapes.PlannedFlows>;

/** Measured service from scan events over a period (docs/coverage.md §6). */
export type ActualMetrics = z.infer<typeof shapes.ActualMetrics>;

/** The metrics of one group of villages (a township, a county, the communities, a province). */
export type GroupMetrics = z.infer<typeof shapes.GroupMetrics>;

/** A township: its hub's code and name, its metrics, and its communities count. */
export type TownshipCoverage = z.infer<typeof shapes.TownshipCoverage>;

/** Cost efficiency of a timetable (county or province; not split by township, docs/coverage.md §5). */
export type CostMetrics = z.infer<typeof shapes.CostMetrics>;

/** One county's coverage. */
export type CountyCoverage = z.infer<typeof shapes.CountyCoverage>;

/** The report: one county, or a province (several counties and their total). */
export type CoverageReport = z.infer<typeof shapes.CoverageReport>;
