/**
 * Coverage, public: `GET /v1/coverage` (JSON, `?format=geojson`, `?format=csv`) and
 * `GET /v1/coverage.csv`. A county's report uses the given timetable or its active one, and actual
 * lead times from scan events when `from`/`to` are given; `province=` aggregates every imported
 * county whose code starts with it.
 */
import type { Response } from 'express';
import type { z } from 'zod';
import {
  computeCoverage,
  computeProvinceCoverage,
  coverageGeoJson,
  coverageToCsv,
  type CoverageInput,
  loadActuals,
} from '../../coverage/index.ts';
import type { Timetable } from '../../domain/timetable.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { getActiveTimetable, getTimetable, listCounties, pgActualsRepository } from '../../persistence/index.ts';
import type { CountyDatasets } from '../../queue/datasets.ts';
import type { AppDeps } from '../deps.ts';
import type { RouteTable } from '../route.ts';
import { CoverageQuery, CoverageReport } from '../schemas.ts';

type Query = z.output<typeof CoverageQuery>;

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

async function answer(deps: AppDeps, datasets: CountyDatasets, q: Query, format: 'json' | 'geojson' | 'csv', res: Response): Promise<unknown> {
  if (q.county !== undefined) {
    const input = await countyInput(deps, datasets, q.county, q);
    const report = computeCoverage(input);
    if (format === 'geojson') {
      res.type('application/geo+json').send(JSON.stringify(coverageGeoJson(input.dataset, input.timetable ?? null, report)));
      return undefined;
    }
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`coverage-${q.county}.csv`).send(coverageToCsv(report, q.lang ? { headers: q.lang } : {}));
      return undefined;
    }
    return report;
  }
  if (format === 'geojson') throw new ValidationError([{ file: 'query', field: 'format', reason: 'geojson needs county=' }]);
  const codes = (await listCounties(deps.db)).map((c) => c.code).filter((c) => c.startsWith(q.province!));
  if (codes.length === 0) throw new NotFoundError(`no imported county in province ${q.province}`);
  const inputs = [];
  for (const c of codes) inputs.push(await countyInput(deps, datasets, c, q));
  const report = computeProvinceCoverage(inputs);
  if (format === 'csv') {
    res.type('text/csv; charset=utf-8').attachment(`coverage-${q.province}.csv`).send(coverageToCsv(report, q.lang ? { headers: q.lang } : {}));
    return undefined;
  }
  return report;
}

/** Registers the coverage routes. */
export function coverageRoutes(t: RouteTable, deps: AppDeps, datasets: CountyDatasets): void {
  t.add({
    method: 'get',
    path: '/v1/coverage',
    summary: 'Coverage metrics of a county or a province (public)',
    description: 'JSON report; `format=geojson` (county only) gives villages, hubs and lines with their coverage properties; `format=csv` the export.',
    tags: ['coverage'],
    access: 'public',
    query: CoverageQuery,
    responses: { 200: { description: 'coverage report', schema: CoverageReport, alsoAs: ['application/geo+json', 'text/csv'] } },
    handler: ({ query, res }) => answer(deps, datasets, query, query.format, res),
  });
  t.add({
    method: 'get',
    path: '/v1/coverage.csv',
    summary: 'Coverage metrics as CSV (public)',
    tags: ['coverage'],
    access: 'public',
    query: CoverageQuery,
    responses: { 200: { description: 'CSV, UTF-8 with BOM', contentType: 'text/csv' } },
    handler: ({ query, res }) => answer(deps, datasets, query, 'csv', res),
  });
}
