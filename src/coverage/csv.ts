/**
 * CSV export of a coverage report: one row per aggregate (province total, county, township,
 * communities), the columns of docs/coverage.md §7. Rates are fractions 0..1 rounded to 4 decimals;
 * lead times hours rounded to 2; an empty cell means "not defined" (no denominator, no timetable,
 * no scan data).
 */
import { stringifyCsv } from '../domain/csv.ts';
import type { CountyCoverage, CoverageReport, GroupMetrics, Ratio } from './types.ts';

/** Header language: `both` (default) writes `中文 (key)`, e.g. `站点覆盖率 (station_rate)`. */
export type CsvHeaders = 'both' | 'en' | 'zh';

/** Options of `coverageToCsv`. */
export interface CsvOptions {
  readonly headers?: CsvHeaders;
  /** Prefix a UTF-8 byte-order mark so spreadsheet programs read the Chinese names (default true). */
  readonly bom?: boolean;
}

type Cell = string | number | boolean | null;

interface RowContext {
  readonly level: 'province' | 'county' | 'township' | 'communities';
  readonly countyCode: string;
  readonly county: string;
  readonly townshipCode: string;
  readonly township: string;
}

const r4 = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x * 1e4) / 1e4);
const r2 = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x * 100) / 100);
const rate = (x: Ratio | null | undefined): number | null => r4(x?.rate ?? null);

/** Column key, Chinese label, and how to read it from a row. */
const COLUMNS: readonly (readonly [string, string, (g: GroupMetrics & { cost?: CountyCoverage['cost'] }, c: RowContext) => Cell])[] = [
  ['level', '层级', (_g, c) => c.level],
  ['county_code', '县代码', (_g, c) => c.countyCode],
  ['county', '县', (_g, c) => c.county],
  ['township_code', '乡镇代码', (_g, c) => c.townshipCode],
  ['township', '乡镇', (_g, c) => c.township],
  ['villages', '行政村数', (g) => g.villages],
  ['poor_villages', '贫困村数', (g) => g.poorVillages],
  ['stations', '有服务站点村数', (g) => g.stations.num],
  ['station_rate', '站点覆盖率', (g) => rate(g.stations)],
  ['poor_stations', '有服务站点贫困村数', (g) => g.poorStations.num],
  ['poor_station_rate', '贫困村站点覆盖率', (g) => rate(g.poorStations)],
  ['station_target_met', '站点覆盖达标', (g) => g.stationTargetMet],
  ['poor_station_target_met', '贫困村站点覆盖达标', (g) => g.poorStationTargetMet],
  ['served', '定班配送村数', (g) => g.service?.all.num ?? null],
  ['served_rate', '定班配送覆盖率', (g) => rate(g.service?.all)],
  ['poor_served', '定班配送贫困村数', (g) => g.service?.poor.num ?? null],
  ['poor_served_rate', '贫困村定班配送覆盖率', (g) => rate(g.service?.poor)],
  ['daily', '每日配送村数', (g) => g.service?.bands.daily ?? null],
  ['d3to6', '每周3-6天村数', (g) => g.service?.bands.d3to6 ?? null],
  ['d1to2', '每周1-2天村数', (g) => g.service?.bands.d1to2 ?? null],
  ['none', '无定班配送村数', (g) => g.service?.bands.none ?? null],
  ['poor_daily', '每日配送贫困村数', (g) => g.service?.poorBands.daily ?? null],
  ['poor_d3to6', '每周3-6天贫困村数', (g) => g.service?.poorBands.d3to6 ?? null],
  ['poor_d1to2', '每周1-2天贫困村数', (g) => g.service?.poorBands.d1to2 ?? null],
  ['poor_none', '无定班配送贫困村数', (g) => g.service?.poorBands.none ?? null],
  ['bus_only', '仅客运班车带货村数', (g) => g.service?.busOnly ?? null],
  ['lead_mean_h', '计划时效均值(小时)', (g) => r2(g.plannedLeadTime?.mean)],
  ['lead_p50_h', '计划时效中位数(小时)', (g) => r2(g.plannedLeadTime?.p50)],
  ['lead_p95_h', '计划时效95分位(小时)', (g) => r2(g.plannedLeadTime?.p95)],
  ['parcels_per_week', '周包裹量(件)', (g) => r2(g.planned?.parcelsPerWeek)],
  ['bus_share', '客运带货包裹占比', (g) => r4(g.planned?.busShare)],
  ['pickup_visits_per_week', '周揽收频次', (g) => g.planned?.pickupVisitsPerWeek ?? null],
  ['cost_per_parcel', '单件成本(元)', (g) => r2(g.cost?.costPerParcel)],
  ['km_per_parcel', '单件里程(公里)', (g) => r2(g.cost?.kmPerParcel)],
  ['actual_parcels_down', '实际下行包裹数', (g) => g.actual?.parcelsDown ?? null],
  ['actual_delivered', '实际妥投数', (g) => g.actual?.delivered ?? null],
  ['actual_lead_mean_h', '实际时效均值(小时)', (g) => r2(g.actual?.leadTime.mean)],
  ['actual_lead_p50_h', '实际时效中位数(小时)', (g) => r2(g.actual?.leadTime.p50)],
  ['actual_lead_p95_h', '实际时效95分位(小时)', (g) => r2(g.actual?.leadTime.p95)],
  ['within_24h_rate', '24小时妥投率', (g) => rate(g.actual?.within24h)],
  ['within_48h_rate', '48小时妥投率', (g) => rate(g.actual?.within48h)],
  ['actual_pickups_per_week', '实际周揽收件数', (g) => r2(g.actual?.pickupsPerWeek)],
];

/** The CSV header cells for `headers`. */
export function coverageCsvHeader(headers: CsvHeaders = 'both'): string[] {
  return COLUMNS.map(([key, zh]) => (headers === 'en' ? key : headers === 'zh' ? zh : `${zh} (${key})`));
}

/**
 * The report as CSV text: for a province, a `province` total row first; then per county a `county`
 * row, one `township` row per township and a `communities` row (居委会, apart from villages).
 */
export function coverageToCsv(report: CoverageReport, opts: CsvOptions = {}): string {
  const records: Cell[][] = [];
  const push = (g: GroupMetrics & { cost?: CountyCoverage['cost'] }, c: RowContext): void => {
    records.push(COLUMNS.map(([, , read]) => read(g, c)));
  };
  if (report.scope === 'province') {
    push(report.total, { level: 'province', countyCode: '', county: '', townshipCode: '', township: '' });
  }
  for (const county of report.counties) {
    const base = { countyCode: county.code, county: county.name };
    push(county, { ...base, level: 'county', townshipCode: '', township: '' });
    for (const t of county.townships) push(t, { ...base, level: 'township', townshipCode: t.code, township: t.name });
    push(county.communities, { ...base, level: 'communities', townshipCode: '', township: '居委会 communities' });
  }
  return stringifyCsv([coverageCsvHeader(opts.headers), ...records], {
    bom: opts.bom ?? true,
    cast: { boolean: (b) => (b ? 'true' : 'false') },
  });
}
