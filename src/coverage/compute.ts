/**
 * Coverage metrics: pure functions from a county dataset, its timetable and (optionally)
 * scan facts to a `CoverageReport`. No I/O. Definitions, denominators and formulas: docs/coverage.md.
 *
 * Everything aggregates from one row per village (`VillageCoverage`), so a township, a county and a
 * province are the same computation over different sets of rows.
 */
import { WEEKDAYS, type Dataset, type Weekday } from '../domain/dataset.ts';
import type { BusLeg, Line, Timetable, VillageService } from '../domain/timetable.ts';
import { actualMetrics, type Actuals, type ActualParcel } from './actuals.ts';
import { leadTimeStats, ratio } from './stats.ts';
import {
  STATION_TARGET,
  type BandCounts,
  type CostMetrics,
  type CountyCoverage,
  type CoverageReport,
  type FrequencyBand,
  type GroupMetrics,
  type PlannedFlows,
  type ServiceCoverage,
  type TownshipCoverage,
  type VillageCoverage,
} from './types.ts';

/** One county's inputs. Without a timetable only station figures are computed (service ones are null). */
export interface CoverageInput {
  readonly dataset: Dataset;
  readonly timetable?: Timetable | null;
  readonly actuals?: Actuals | null;
}

/** Options of `computeCoverage` / `computeProvinceCoverage`. */
export interface CoverageOptions {
  /** Station target as a fraction (default 0.5, the plan's 50%). */
  readonly target?: number;
}

/** Human-readable band rule echoed in every report. */
export const BAND_RULE = 'daily = 7 service days/week; d3to6 = 3-6; d1to2 = 1-2; none = 0';

/**
 * Band of a village by distinct service days per week. 6 days/week is NOT daily: the bands
 * are "daily, 3–6/week, 1–2/week, none", and a village without Sunday service waits two nights
 * once a week (docs/coverage.md §3).
 */
export function frequencyBand(daysPerWeek: number): FrequencyBand {
  if (daysPerWeek >= 7) return 'daily';
  if (daysPerWeek >= 3) return 'd3to6';
  if (daysPerWeek >= 1) return 'd1to2';
  return 'none';
}

const dayOrder = (a: Weekday, b: Weekday): number => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b);

interface Reach {
  /** Weekdays with a delivery (ambient line stop or down/undirected bus leg). */
  readonly days: Set<Weekday>;
  visits: number;
  busVisits: number;
  pickupVisits: number;
  busPickupVisits: number;
  /** Ambient lines stopping here (ids), for the declared-service cross-check. */
  readonly lines: Set<string>;
  /** Cold-chain runs stopping here per week (chilled freight only: not scheduled parcel service). */
  coldChainVisits: number;
}

/** Contract fields the planner adds (src/domain/timetable.ts); read defensively so older timetables still work. */
type LineExt = Line & { readonly coldChain?: boolean };
type LegExt = BusLeg & { readonly direction?: 'down' | 'up' };
type VillageExt = VillageService & { readonly lines?: readonly string[]; readonly chilledLine?: string | null };

/** The township a village counts under: its parent hub, else the first 9 digits of its code. */
function townshipOf(dataset: Dataset, parent: string | null, code: string): string {
  if (parent !== null && dataset.nodeById.get(parent)?.kind === 'township_hub') return parent;
  return code.slice(0, 9);
}

function reachOf(timetable: Timetable): Map<string, Reach> {
  const reach = new Map<string, Reach>();
  const get = (node: string): Reach => {
    let r = reach.get(node);
    if (!r) {
      r = { days: new Set(), visits: 0, busVisits: 0, pickupVisits: 0, busPickupVisits: 0, lines: new Set(), coldChainVisits: 0 };
      reach.set(node, r);
    }
    return r;
  };
  // A village's chilled-only line (named in villages[].chilledLine and not among its ambient lines)
  // is cold chain for that village even when the line itself is not flagged.
  const chilledOnly = new Set<string>();
  for (const v of timetable.villages as readonly VillageExt[]) {
    const ambient = new Set([...(v.lines ?? []), ...(v.line ? [v.line] : [])]);
    if (v.chilledLine && !ambient.has(v.chilledLine)) chilledOnly.add(`${v.code}|${v.chilledLine}`);
  }
  for (const line of timetable.lines as readonly LineExt[]) {
    for (const node of new Set(line.stops.map((s) => s.node))) {
      const r = get(node);
      if (line.coldChain === true || chilledOnly.has(`${node}|${line.id}`)) {
        r.coldChainVisits += line.weekdays.length;
        continue;
      }
      for (const d of line.weekdays) r.days.add(d);
      r.visits += line.weekdays.length;
      r.pickupVisits += line.weekdays.length;
      r.lines.add(line.id);
    }
  }
  for (const leg of timetable.busLegs as readonly LegExt[]) {
    const r = get(leg.node);
    const n = leg.weekdays.length;
    if (leg.direction !== 'up') {
      for (const d of leg.weekdays) r.days.add(d);
      r.visits += n;
      r.busVisits += n;
    }
    if (leg.direction !== 'down') {
      r.pickupVisits += n;
      r.busPickupVisits += n;
    }
  }
  return reach;
}

/**
 * One row per village and community of `dataset`, with the service `timetable` gives it.
 * Delivery service = ambient lines stopping at the village plus down (or undirected) bus legs to it,
 * on their weekdays; a line that stops twice at a village on one run counts one visit. Cold-chain
 * runs (chilled freight only) and up-only bus legs are not delivery service (docs/coverage.md §3).
 * A village the timetable declares `unserved` is unserved. Inconsistencies with the timetable's
 * `villages[]` list are appended to `warnings`.
 */
export function villageCoverageRows(dataset: Dataset, timetable: Timetable | null, warnings: string[] = []): VillageCoverage[] {
  const reach = timetable ? reachOf(timetable) : new Map<string, Reach>();
  const declared = new Map((timetable?.villages ?? []).map((v) => [v.code, v]));
  const none: Reach = { days: new Set(), visits: 0, busVisits: 0, pickupVisits: 0, busPickupVisits: 0, lines: new Set(), coldChainVisits: 0 };

  const rows: VillageCoverage[] = [];
  for (const n of dataset.nodes) {
    if (n.kind !== 'village_point') continue;
    let r = reach.get(n.id) ?? none;
    const d = declared.get(n.code) ?? declared.get(n.id);
    if (timetable && d) {
      const declaredServed = d.mode !== 'unserved' && d.visitsPerWeek > 0;
      if (!declaredServed && r.visits > 0) {
        warnings.push(`${dataset.slug}: village ${n.code} is declared unserved but ${[...r.lines].join(', ') || 'a bus leg'} reaches it; counted unserved`);
        r = none;
      } else if (declaredServed && r.visits === 0) {
        warnings.push(`${dataset.slug}: village ${n.code} is declared served (${d.mode}) but no line or bus leg delivers there; counted unserved`);
      }
    }
    const weekdays = [...r.days].sort(dayOrder);
    const demand = dataset.demand.get(n.code) ?? dataset.demand.get(n.id);
    const served = r.visits > 0;
    rows.push({
      code: n.code,
      name: n.name,
      township: townshipOf(dataset, n.parent, n.code),
      station: n.station,
      poor: n.poor,
      community: n.community,
      lon: n.lon,
      lat: n.lat,
      weekdays,
      daysPerWeek: weekdays.length,
      visitsPerWeek: r.visits,
      busVisitsPerWeek: r.busVisits,
      pickupVisitsPerWeek: served ? r.pickupVisits : 0,
      busPickupVisitsPerWeek: served ? r.busPickupVisits : 0,
      coldChainVisitsPerWeek: r.coldChainVisits,
      band: frequencyBand(weekdays.length),
      via: !served ? 'none' : r.busVisits === r.visits ? 'bus' : r.busVisits === 0 ? 'line' : 'line+bus',
      leadTimeHours: served ? (d?.leadTimeHours ?? null) : null,
      parcelsDownPerWeek: 7 * (demand?.parcelsDown ?? 0),
      parcelsUpPerWeek: 7 * (demand?.parcelsUp ?? 0),
    });
  }
  return rows;
}

function bandCounts(rows: readonly VillageCoverage[]): BandCounts {
  const c = { daily: 0, d3to6: 0, d1to2: 0, none: 0 };
  for (const r of rows) c[r.band]++;
  return c;
}

function serviceCoverage(rows: readonly VillageCoverage[]): ServiceCoverage {
  const poor = rows.filter((r) => r.poor);
  const served = (rs: readonly VillageCoverage[]): number => rs.filter((r) => r.daysPerWeek > 0).length;
  return {
    all: ratio(served(rows), rows.length),
    poor: ratio(served(poor), poor.length),
    bands: bandCounts(rows),
    poorBands: bandCounts(poor),
    busOnly: rows.filter((r) => r.via === 'bus').length,
    visitsPerWeek: rows.reduce((s, r) => s + r.visitsPerWeek, 0),
  };
}

function plannedFlows(rows: readonly VillageCoverage[]): PlannedFlows {
  let parcels = 0;
  let unserved = 0;
  let bus = 0;
  let pickupVillages = 0;
  let pickupVisits = 0;
  let up = 0;
  for (const r of rows) {
    const p = r.parcelsDownPerWeek + r.parcelsUpPerWeek;
    if (r.visitsPerWeek === 0) {
      unserved += p;
      continue;
    }
    parcels += p;
    // A village's parcels split between modes in proportion to its scheduled visits by each:
    // downward parcels by delivery visits, upward ones by pickup visits.
    bus += (r.parcelsDownPerWeek * r.busVisitsPerWeek) / r.visitsPerWeek;
    if (r.pickupVisitsPerWeek > 0) bus += (r.parcelsUpPerWeek * r.busPickupVisitsPerWeek) / r.pickupVisitsPerWeek;
    up += r.parcelsUpPerWeek;
    if (r.parcelsUpPerWeek > 0) {
      pickupVillages++;
      pickupVisits += r.pickupVisitsPerWeek;
    }
  }
  return {
    parcelsPerWeek: parcels,
    unservedParcelsPerWeek: unserved,
    busParcelsPerWeek: bus,
    busShare: parcels > 0 ? bus / parcels : null,
    pickupVillages,
    pickupVisitsPerWeek: pickupVisits,
    parcelsUpPerWeek: up,
  };
}

interface GroupContext {
  readonly hasTimetable: boolean;
  readonly target: number;
  readonly parcels: readonly ActualParcel[] | null;
  readonly period: { readonly from: string; readonly to: string } | null;
  /** Whether the actuals record upward parcels (false: actual pickups are null). */
  readonly upward: boolean;
}

/** The metrics of one group of rows (all of them in every denominator: filter before calling). */
function groupMetrics(rows: readonly VillageCoverage[], ctx: GroupContext): GroupMetrics {
  const poor = rows.filter((r) => r.poor);
  const stations = ratio(rows.filter((r) => r.station).length, rows.length);
  const poorStations = ratio(poor.filter((r) => r.station).length, poor.length);
  const met = (r: { rate: number | null }): boolean | null => (r.rate === null ? null : r.rate >= ctx.target);
  const served = rows.filter((r) => r.visitsPerWeek > 0);
  return {
    villages: rows.length,
    poorVillages: poor.length,
    stations,
    poorStations,
    stationTargetMet: met(stations),
    poorStationTargetMet: met(poorStations),
    service: ctx.hasTimetable ? serviceCoverage(rows) : null,
    plannedLeadTime: ctx.hasTimetable
      ? leadTimeStats(served.map((r) => r.leadTimeHours).filter((h): h is number => h !== null))
      : null,
    planned: ctx.hasTimetable ? plannedFlows(rows) : null,
    actual:
      ctx.parcels && ctx.period ? actualMetrics(ctx.parcels, new Set(rows.map((r) => r.code)), ctx.period, ctx.upward) : null,
  };
}

function costMetrics(timetables: readonly Timetable[], rows: readonly VillageCoverage[]): CostMetrics | null {
  if (timetables.length === 0) return null;
  // The planner's costPerWeek already includes the bus fees (busFeesPerWeek is the bus part of it).
  const costPerWeek = timetables.reduce((s, t) => s + t.totals.costPerWeek, 0);
  const kmPerWeek = timetables.reduce((s, t) => s + t.totals.kmPerWeek, 0);
  // Villages and communities alike ride the network, so both are in the per-parcel denominator.
  const parcelsPerWeek = plannedFlows(rows).parcelsPerWeek;
  return {
    costPerWeek,
    kmPerWeek,
    parcelsPerWeek,
    costPerParcel: parcelsPerWeek > 0 ? costPerWeek / parcelsPerWeek : null,
    kmPerParcel: parcelsPerWeek > 0 ? kmPerWeek / parcelsPerWeek : null,
  };
}

function countyCoverage(input: CoverageInput, target: number, warnings: string[]): CountyCoverage {
  const { dataset } = input;
  const timetable = input.timetable ?? null;
  const actuals = input.actuals ?? null;
  if (timetable && timetable.county !== dataset.countyCode) {
    warnings.push(`${dataset.slug}: timetable is for county ${timetable.county}, dataset is ${dataset.countyCode}`);
  }
  const rows = villageCoverageRows(dataset, timetable, warnings);
  const ctx: GroupContext = {
    hasTimetable: timetable !== null,
    target,
    parcels: actuals?.parcels ?? null,
    period: actuals ? { from: actuals.from, to: actuals.to } : null,
    upward: actuals?.upward !== false,
  };
  const villages = rows.filter((r) => !r.community);
  const communities = rows.filter((r) => r.community);

  const townshipCodes = new Map<string, string>();
  for (const n of dataset.nodes) if (n.kind === 'township_hub') townshipCodes.set(n.id, n.name);
  for (const r of rows) if (!townshipCodes.has(r.township)) townshipCodes.set(r.township, `(${r.township})`);
  const townships: TownshipCoverage[] = [...townshipCodes]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, name]) => ({
      code: dataset.nodeById.get(code)?.code ?? code,
      name,
      communities: communities.filter((r) => r.township === code).length,
      ...groupMetrics(
        villages.filter((r) => r.township === code),
        ctx,
      ),
    }));

  return {
    code: dataset.countyCode,
    name: dataset.name,
    slug: dataset.slug,
    timetable: timetable ? { generatedAt: timetable.generatedAt, seed: timetable.seed } : null,
    ...groupMetrics(villages, ctx),
    townships,
    communities: groupMetrics(communities, ctx),
    cost: costMetrics(timetable ? [timetable] : [], rows),
    villageRows: rows,
  };
}

function report(
  scope: CoverageReport['scope'],
  inputs: readonly CoverageInput[],
  opts: CoverageOptions,
): CoverageReport {
  const target = opts.target ?? STATION_TARGET;
  const warnings: string[] = [];
  const counties = inputs.map((i) => countyCoverage(i, target, warnings));
  const rows = counties.flatMap((c) => c.villageRows);
  const withActuals = inputs.filter((i) => i.actuals);
  const period = withActuals[0]?.actuals ? { from: withActuals[0].actuals.from, to: withActuals[0].actuals.to } : null;
  for (const i of withActuals) {
    if (i.actuals && period && (i.actuals.from !== period.from || i.actuals.to !== period.to)) {
      warnings.push(`${i.dataset.slug}: actuals cover ${i.actuals.from}..${i.actuals.to}, not the report period ${period.from}..${period.to}`);
    }
  }
  const timetables = inputs.map((i) => i.timetable).filter((t): t is Timetable => !!t);
  const hasTimetable = timetables.length === inputs.length && inputs.length > 0;
  if (timetables.length > 0 && !hasTimetable) warnings.push('some counties have no timetable: service figures of the total are omitted');
  const ctx: GroupContext = {
    hasTimetable,
    target,
    parcels: withActuals.length > 0 ? withActuals.flatMap((i) => i.actuals?.parcels ?? []) : null,
    period,
    upward: withActuals.every((i) => i.actuals?.upward !== false),
  };
  const total = {
    ...groupMetrics(
      rows.filter((r) => !r.community),
      ctx,
    ),
    communities: groupMetrics(
      rows.filter((r) => r.community),
      ctx,
    ),
    cost: hasTimetable ? costMetrics(timetables, rows) : null,
  };
  return { scope, target, bandRule: BAND_RULE, period, total, counties, warnings };
}

/**
 * Coverage of one county: per county, per township and for its communities (居委会, apart from
 * villages). Service, lead-time, flow and cost figures need `timetable`; actual figures need
 * `actuals`. Pure and deterministic.
 */
export function computeCoverage(input: CoverageInput, opts: CoverageOptions = {}): CoverageReport {
  return report('county', [input], opts);
}

/**
 * Coverage of several counties (a province or the demonstration counties): each county as in
 * `computeCoverage`, and a total computed over all their villages (so percentiles are of the pooled
 * villages and parcels, not means of county figures).
 */
export function computeProvinceCoverage(inputs: readonly CoverageInput[], opts: CoverageOptions = {}): CoverageReport {
  return report('province', inputs, opts);
}
