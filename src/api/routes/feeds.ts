/**
 * Carrier and operator endpoints: parcel feeds (JSON or CSV), parcel status, scan events,
 * consolidation, dispatch (the `dispatch-day` job), runs and manifests (JSON, CSV, printable HTML).
 * Carriers see only their own parcels (404 for others, so existence does not leak); officials
 * read but never write.
 */
import { canReadCounty, requireCountyRead, requireCountyWrite, requireParcelAccess, requireRole } from '../../auth/principal.ts';
import {
  getConsolidation,
  getManifest,
  getParcelStatus,
  listRuns,
  listUnresolved,
  recordEventsAs,
  type ScanPoster,
  resolveParcel,
  renderManifestCsv,
  renderManifestHtml,
} from '../../dispatch/index.ts';
import { AppError, NotFoundError, ValidationError } from '../../errors.ts';
import { ingestParcels } from '../../ingest/index.ts';
import { getCounty, pgEventRepository, pgConsolidationRepository, pgIngestRepository, pgParcelRepository, pgManifestRepository } from '../../persistence/index.ts';
import type { JobStatus } from '../../queue/port.ts';
import type { AppDeps } from '../deps.ts';
import { jobView } from '../jobs-view.ts';
import type { ApiMetrics } from '../metrics.ts';
import type { RouteTable } from '../route.ts';
import {
  Consolidation,
  ConsolidationQuery,
  CountyParams,
  DispatchQuery,
  DispatchRequest,
  DispatchResult,
  EventsBody,
  EventsReply,
  IngestQuery,
  IngestReply,
  JobAccepted,
  JobIdParams,
  JobStatus as JobStatusSchema,
  Manifest,
  ManifestQuery,
  ParcelFeed,
  ParcelParams,
  ParcelStatus,
  ResolveRequest,
  RunList,
  RunParams,
  RunsQuery,
  UnresolvedList,
  UnresolvedQuery,
} from '../schemas.ts';
import { visibleJob } from './plans.ts';

/** The `charset` parameter of a Content-Type header, if any. */
function declaredCharset(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m?.[1];
}

/** Waits until job `id` settles (completed, failed or cancelled). */
async function settled(deps: AppDeps, id: string): Promise<JobStatus> {
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const unsubscribe = await deps.queue.subscribe(id, (e) => {
    if (e.type === 'completed' || e.type === 'cancelled' || (e.type === 'failed' && !e.willRetry)) resolveDone();
  });
  try {
    const first = await deps.queue.get(id);
    if (!first || ['completed', 'failed', 'cancelled'].includes(first.state)) return first!;
    await done;
    return (await deps.queue.get(id))!;
  } finally {
    unsubscribe();
  }
}

/** Registers the feed, dispatch and manifest routes. */
export function feedRoutes(t: RouteTable, deps: AppDeps, metrics: ApiMetrics): void {
  parcelRoutes(t, deps);
  dispatchRoutes(t, deps, metrics);
}

/** Parcel feeds, parcel status, manual resolution, scan events and the unresolved list. */
function parcelRoutes(t: RouteTable, deps: AppDeps): void {
  t.add({
    method: 'post',
    path: '/v1/parcels',
    summary: 'Ingest a carrier parcel feed (JSON array or text/csv)',
    description:
      'Each row is validated on its own: the reply lists accepted, duplicate and updated counts and every rejected row with its row number, field and reason. Idempotent on (carrier, tracking_no). The batch is one transaction. A carrier key ingests as that carrier (a row naming another carrier is rejected); an operator key ingests for its county.',
    tags: ['parcels'],
    access: 'key',
    query: IngestQuery,
    body: ParcelFeed,
    // Read as bytes (src/api/app.ts) and parsed by ingest with its row limit, never as one zod array.
    rawBodyTypes: ['application/json', 'text/csv', 'text/plain'],
    responses: { 200: { description: 'ingest report', schema: IngestReply } },
    handler: async ({ req, query, principal }) => {
      requireRole(principal, 'carrier', 'operator');
      let county = query.county;
      if (principal.role === 'operator') {
        if (county !== undefined && county !== principal.county) requireCountyWrite(principal, county);
        county = principal.county!;
      }
      if (county === undefined) throw new ValidationError([{ file: 'query', field: 'county', reason: 'is required for a carrier feed' }]);
      const carrier = principal.role === 'carrier' ? principal.carrier! : query.carrier;
      if (principal.role === 'carrier' && query.carrier !== undefined && query.carrier !== carrier) {
        throw new ValidationError([{ file: 'query', field: 'carrier', reason: `must be your carrier ${carrier}` }]);
      }
      const isCsv = req.is('text/csv') || req.is('text/plain');
      const charset = declaredCharset(req.get('content-type'));
      return ingestParcels(pgIngestRepository(deps.db), {
        county,
        ...(carrier !== undefined ? { carrier } : {}),
        ...(charset !== undefined ? { charset } : {}),
        format: isCsv ? 'csv' : 'json',
        body: req.body as unknown,
      });
    },
  });
  t.add({
    method: 'get',
    path: '/v1/parcels/:carrier/:trackingNo',
    summary: 'Status, ETA and scans of one parcel',
    description: "A carrier sees only its own parcels; another carrier's parcel is 404 whether it exists or not.",
    tags: ['parcels'],
    access: 'key',
    params: ParcelParams,
    responses: { 200: { description: 'parcel status', schema: ParcelStatus } },
    handler: async ({ params, principal }) => {
      const what = `parcel ${params.carrier}/${params.trackingNo}`;
      // Decide before reading anything a carrier may not see.
      if (principal.role === 'carrier') requireParcelAccess(principal, { carrier: params.carrier, county: null }, what);
      if (principal.role !== 'carrier' && principal.role !== 'operator') throw new NotFoundError(`${what} not found`);
      let status;
      try {
        status = await getParcelStatus(pgParcelRepository(deps.db), params.carrier, params.trackingNo);
      } catch (err) {
        if (err instanceof NotFoundError) throw new NotFoundError(`${what} not found`);
        throw err;
      }
      requireParcelAccess(principal, { carrier: status.carrier, county: status.county }, what);
      return status;
    },
  });
  t.add({
    method: 'post',
    path: '/v1/parcels/:carrier/:trackingNo/resolve',
    summary: 'Resolve an unresolved parcel to a village by hand (operators of its county)',
    tags: ['parcels'],
    access: 'key',
    params: ParcelParams,
    body: ResolveRequest,
    responses: { 200: { description: 'the parcel, now pending', schema: ParcelStatus } },
    handler: async ({ params, body, principal }) => {
      requireRole(principal, 'operator');
      const what = `parcel ${params.carrier}/${params.trackingNo}`;
      let before;
      try {
        before = await getParcelStatus(pgParcelRepository(deps.db), params.carrier, params.trackingNo);
      } catch (err) {
        if (err instanceof NotFoundError) throw new NotFoundError(`${what} not found`);
        throw err;
      }
      requireParcelAccess(principal, { carrier: before.carrier, county: before.county }, what);
      await resolveParcel(pgParcelRepository(deps.db), params.carrier, params.trackingNo, body.villageCode);
      return getParcelStatus(pgParcelRepository(deps.db), params.carrier, params.trackingNo);
    },
  });
  t.add({
    method: 'post',
    path: '/v1/events',
    summary: 'Record scan events (loaded, handed to bus, arrived at hub, delivered, picked up)',
    description:
      "Rows are checked one by one; unknown parcels, and parcels the key may not see (another carrier's, another county's), are rejected as not found with their row number.",
    tags: ['parcels'],
    access: 'key',
    body: EventsBody,
    responses: { 200: { description: 'recorded, duplicate and rejected rows', schema: EventsReply } },
    handler: async ({ body, principal }) => {
      requireRole(principal, 'operator', 'carrier');
      const who: ScanPoster = principal.role === 'carrier' ? { role: 'carrier', carrier: principal.carrier! } : { role: 'operator', county: principal.county };
      return recordEventsAs(pgEventRepository(deps.db), who, body);
    },
  });
  t.add({
    method: 'get',
    path: '/v1/counties/:code/unresolved',
    summary: 'Parcels whose destination could not be matched to a village (operators)',
    tags: ['parcels'],
    access: 'key',
    params: CountyParams,
    query: UnresolvedQuery,
    responses: { 200: { description: 'unresolved parcels, oldest first', schema: UnresolvedList } },
    handler: async ({ params, query, principal }) => {
      requireRole(principal, 'operator');
      requireCountyRead(principal, params.code);
      return listUnresolved(pgParcelRepository(deps.db), params.code, { limit: query.limit, offset: query.offset });
    },
  });
}

/** Consolidation, dispatch jobs, runs and manifests. */
function dispatchRoutes(t: RouteTable, deps: AppDeps, metrics: ApiMetrics): void {
  t.add({
    method: 'get',
    path: '/v1/consolidation',
    summary: "A service day's shipments per village, with the run or bus trip that carries each",
    tags: ['dispatch'],
    access: 'key',
    query: ConsolidationQuery,
    responses: { 200: { description: 'shipments', schema: Consolidation } },
    handler: async ({ query, principal }) => {
      requireRole(principal, 'operator', 'official');
      requireCountyRead(principal, query.county);
      return getConsolidation(pgConsolidationRepository(deps.db), query.county, query.date);
    },
  });
  t.add({
    method: 'post',
    path: '/v1/dispatch',
    summary: "Dispatch a county's service day (the dispatch-day job)",
    description:
      'Queues a `dispatch-day` job (202 + id; poll `GET /v1/dispatch/{id}`), or with `?wait=true` waits for it and answers 200 with the result. The same county and date map to the same job: a day already dispatched is not dispatched again unless `?rerun=true`.',
    tags: ['dispatch'],
    access: 'key',
    query: DispatchQuery,
    body: DispatchRequest,
    responses: {
      202: { description: 'queued', schema: JobAccepted },
      200: { description: 'dispatched (with ?wait=true)', schema: DispatchResult },
    },
    handler: async ({ body, query, principal, res }) => {
      requireCountyWrite(principal, body.county);
      await getCounty(deps.db, body.county);
      const rerun = query.rerun === 'true' || query.rerun === '1';
      const r = await deps.queue.enqueue('dispatch-day', body, { replace: rerun });
      metrics.jobsEnqueued.inc({ name: 'dispatch-day', created: String(r.created) });
      res.location(`/v1/dispatch/${r.id}`);
      if (query.wait === 'true' || query.wait === '1') {
        const s = await settled(deps, r.id);
        if (s.state !== 'completed') {
          throw new AppError(`dispatch ${s.state}: ${s.error?.message ?? ''}`.trim(), s.error?.unrecoverable ? 'dispatch_failed' : 'dispatch_unavailable');
        }
        res.status(200);
        return s.result;
      }
      res.status(202);
      return { ...r, links: { self: `/v1/dispatch/${r.id}` } };
    },
  });
  t.add({
    method: 'get',
    path: '/v1/dispatch/:id',
    summary: 'Status and result of a dispatch job',
    tags: ['dispatch'],
    access: 'key',
    params: JobIdParams,
    responses: { 200: { description: 'the job', schema: JobStatusSchema } },
    handler: async ({ params, principal }) => jobView(await visibleJob(deps.queue, params.id, 'dispatch-day', principal)),
  });
  t.add({
    method: 'get',
    path: '/v1/runs',
    summary: "A county's runs on a service day",
    tags: ['dispatch'],
    access: 'key',
    query: RunsQuery,
    responses: { 200: { description: 'runs with loads', schema: RunList } },
    handler: async ({ query, principal }) => {
      requireRole(principal, 'operator', 'official');
      requireCountyRead(principal, query.county);
      return { runs: await listRuns(pgManifestRepository(deps.db), query.county, query.date) };
    },
  });
  t.add({
    method: 'get',
    path: '/v1/runs/:id/manifest',
    summary: "A run's manifest: stops in order, parcels per stop, load (JSON, CSV or printable HTML)",
    tags: ['dispatch'],
    access: 'key',
    params: RunParams,
    query: ManifestQuery,
    responses: { 200: { description: 'the manifest', schema: Manifest, alsoAs: ['text/csv', 'text/html'] } },
    handler: async ({ params, query, principal, res }) => {
      requireRole(principal, 'operator', 'official');
      const m = await getManifest(pgManifestRepository(deps.db), params.id);
      if (!canReadCounty(principal, m.run.county)) throw new NotFoundError(`run ${params.id} not found`);
      if (query.format === 'csv') {
        res.type('text/csv; charset=utf-8').attachment(`manifest-${params.id}.csv`).send(renderManifestCsv(m));
        return undefined;
      }
      if (query.format === 'html') {
        res.type('text/html; charset=utf-8').send(renderManifestHtml(m));
        return undefined;
      }
      return m;
    },
  });
}
