/**
 * Coverage, public: `GET /v1/coverage` (JSON, `?format=geojson`, `?format=csv`) and
 * `GET /v1/coverage.csv`. A county's report uses the given timetable or its active one, and actual
 * lead times from scan events when `from`/`to` are given; `province=` aggregates every imported
 * county whose code starts with it. Computed reports are kept in a bounded cache keyed by the query
 * and the version stamp of each county's inputs (import, active timetable, and scans/parcels when
 * the report has actuals), read per request, so a change shows in the next response.
 */
import type { Response } from 'express';
import { Counter, type Registry } from 'prom-client';
import type { z } from 'zod';
import {
  computeCoverage,
  computeProvinceCoverage,
  coverageGeoJson,
  coverageToCsv,
  type CoverageInput,
  type CoverageReport as Report,
  loadActuals,
} from '../../coverage/index.ts';
import { CoverageCache } from '../../coverage/cache.ts';
import type { ActualsRepository } from '../../coverage/ports.ts';
import type { Timetable } from '../../domain/timetable.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { getActiveTimetable, getTimetable, listCounties, pgActualsRepository } from '../../persistence/index.ts';
import type { CountyDatasets } from '../../queue/datasets.ts';
import type { AppDeps } from '../deps.ts';
import type { RouteTable } from '../route.ts';
import { CoverageQuery, CoverageReport } from '../schemas.ts';

type Query = z.output<typeof CoverageQuery>;

/** Entries kept per app: a county report with its inputs (GeoJSON needs them) or a province report. */
export const COVERAGE_CACHE_ENTRIES = 100;

/** A computed report, with its JSON text made once on first use (the body of most requests). */
interface Cached {
  readonly input?: CoverageInput;
  readonly report: Report;
  json?: string;
}

interface Ctx {
  readonly deps: AppDeps;
  readonly datasets: CountyDatasets;
  readonly actuals: ActualsRepository;
  readonly cache: CoverageCache<Cached>;
}

const withScans = (q: Query): boolean => q.from !== undefined && q.to !== undefined;
const paramsKey = (q: Query): string => JSON.stringify([q.timetable ?? null, q.from ?? null, q.to ?? null]);

async function countyReport(ctx: Ctx, county: string, q: Query): Promise<Cached & { input: CoverageInput }> {
  const stamp = await ctx.actuals.coverageVersion(county, withScans(q));
  const key = `county|${county}|${paramsKey(q)}|${stamp}`;
  const v = await ctx.cache.getOrCompute(key, async () => {
    const input = await countyInput(ctx.deps, ctx.datasets, county, q);
    return { input, report: computeCoverage(input) };
  });
  return v as Cached & { input: CoverageInput };
}

/**
 * Sends the report as JSON, serialised once per cache entry. The route table's response check
 * (`validateResponses`, on in tests) is applied here, since the body bypasses it.
 */
function sendJson(deps: AppDeps, c: Cached, res: Response): undefined {
  if (c.json === undefined) {
    if (deps.validateResponses) {
      const v = CoverageReport.safeParse(c.report);
      if (!v.success) throw new Error(`response of GET /v1/coverage breaks its schema: ${v.error.message}`);
    }
    c.json = JSON.stringify(c.report);
  }
  res.type('application/json').send(c.json);
  return undefined;
}

async function countyInput(deps: AppDeps, datasets: CountyDatasets, county: string, q: Query): Promise<CoverageInput> {
  const dataset = await datasets.get(county);
  let timetable: Timetable | null = null;
  if (q.timetable !== undefined) {
    const t = await getTimetable(deps.db, q.timetable);
    if (t.timetable.county !== county) throw new NotFoundError(`timetable ${q.timetable} is not a timetable of county ${county}`);
    timetable = t.timetable;
  } else {
    timetable = (await getActiveTimetable(deps.db, county))?.timetable ?? null;
  }
  const actuals = q.from !== undefined && q.to !== undefined ? await loadActuals(pgActualsRepository(deps.db), county, q.from, q.to) : null;
  return { dataset, timetable, actuals };
}

async function answer(ctx: Ctx, q: Query, format: 'json' | 'geojson' | 'csv', res: Response): Promise<unknown> {
  const { deps, datasets } = ctx;
  if (q.county !== undefined) {
    const cached = await countyReport(ctx, q.county, q);
    const { input, report } = cached;
    if (format === 'geojson') {
      res.type('application/geo+json').send(JSON.stringify(coverageGeoJson(input.dataset, input.timetable ?? null, report)));
      return undefined;
    }
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`coverage-${q.county}.csv`).send(coverageToCsv(report, q.lang ? { headers: q.lang } : {}));
      return undefined;
    }
    return sendJson(deps, cached, res);
  }
  if (format === 'geojson') throw new ValidationError([{ file: 'query', field: 'format', reason: 'geojson needs county=' }]);
  const codes = (await listCounties(deps.db)).map((c) => c.code).filter((c) => c.startsWith(q.province!));
  if (codes.length === 0) throw new NotFoundError(`no imported county in province ${q.province}`);
  const stamps = [];
  for (const c of codes) stamps.push(`${c}:${await ctx.actuals.coverageVersion(c, withScans(q))}`);
  const cached = await ctx.cache.getOrCompute(`province|${q.province}|${paramsKey(q)}|${stamps.join(',')}`, async () => {
    const inputs = [];
    for (const c of codes) inputs.push(await countyInput(deps, datasets, c, q));
    return { report: computeProvinceCoverage(inputs) };
  });
  if (format === 'csv') {
    res.type('text/csv; charset=utf-8').attachment(`coverage-${q.province}.csv`).send(coverageToCsv(cached.report, q.lang ? { headers: q.lang } : {}));
    return undefined;
  }
  return sendJson(deps, cached, res);
}

/**
 * Registers the coverage routes; with `registry`, cache lookups are counted in
 * `rd_coverage_cache_lookups_total{result="hit"|"miss"}`.
 */
export function coverageRoutes(t: RouteTable, deps: AppDeps, datasets: CountyDatasets, registry?: Registry): void {
  const lookups = registry
    ? new Counter({ name: 'rd_coverage_cache_lookups_total', help: 'Coverage report cache lookups by result', labelNames: ['result'] as const, registers: [registry] })
    : null;
  const ctx: Ctx = {
    deps,
    datasets,
    actuals: pgActualsRepository(deps.db),
    cache: new CoverageCache<Cached>(COVERAGE_CACHE_ENTRIES, (hit) => lookups?.inc({ result: hit ? 'hit' : 'miss' })),
  };
  t.add({
    method: 'get',
    path: '/v1/coverage',
    summary: 'Coverage metrics of a county or a province (public)',
    description: 'JSON report; `format=geojson` (county only) gives villages, hubs and lines with their coverage properties; `format=csv` the export.',
    tags: ['coverage'],
    access: 'public',
    query: CoverageQuery,
    responses: { 200: { description: 'coverage report', schema: CoverageReport, alsoAs: ['application/geo+json', 'text/csv'] } },
    handler: ({ query, res }) => answer(ctx, query, query.format, res),
  });
  t.add({
    method: 'get',
    path: '/v1/coverage.csv',
    summary: 'Coverage metrics as CSV (public)',
    tags: ['coverage'],
    access: 'public',
    query: CoverageQuery,
    responses: { 200: { description: 'CSV, UTF-8 with BOM', contentType: 'text/csv' } },
    handler: ({ query, res }) => answer(ctx, query, 'csv', res),
  });
}
