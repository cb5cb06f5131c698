/**
 * Coverage metrics: the only entry others import. Pure computations (`computeCoverage`,
 * `computeProvinceCoverage`, `coverageToCsv`, `coverageGeoJson`) plus `loadActuals`, which reads
 * scan events through the Db port. Definitions: docs/coverage.md.
 *
 * Wiring for the API (`GET /v1/coverage?county=|province=&timetable=&from=&to=`):
 *   dataset (+ timetable, + `await loadActuals(pgActualsRepository(db), county, from, to)` when from/to are given)
 *   → `computeCoverage` (one county) or `computeProvinceCoverage` (several) → JSON as is;
 *   `.csv` → `coverageToCsv(report)` (text/csv; charset=utf-8, BOM included);
 *   `?format=geojson` → `coverageGeoJson(dataset, timetable, report)` (application/geo+json).
 */
export * from './types.ts';
export { computeCoverage, computeProvinceCoverage, villageCoverageRows, frequencyBand, BAND_RULE } from './compute.ts';
export type { CoverageInput, CoverageOptions } from './compute.ts';
export { actualMetrics, type Actuals, type ActualParcel } from './actuals.ts';
export { loadActuals, periodInstants } from './load-actuals.ts';
export { coverageToCsv, coverageCsvHeader, type CsvOptions, type CsvHeaders } from './csv.ts';
export { coverageGeoJson, type CoverageLayer, type CoverageFeatureProperties } from './geojson.ts';
export { leadTimeStats, nearestRank, ratio } from './stats.ts';
