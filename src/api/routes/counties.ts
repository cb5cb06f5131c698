/** Counties, their network as GeoJSON, their daily dispatch schedule, and stored timetables. */
import { canReadCounty, requireCountyRead, requireCountyWrite, requireRole } from '../../auth/principal.ts';
import { diffTimetables } from '../../domain/timetable-diff.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { activateTimetable, getActiveTimetable, getCounty, getTimetable, listCounties } from '../../persistence/index.ts';
import type { StoredTimetable as Stored } from '../../persistence/index.ts';
import type { Principal } from '../../auth/principal.ts';
import type { CountyDatasets } from '../../queue/datasets.ts';
import type { AppDeps } from '../deps.ts';
import { networkGeoJson, timetableGeoJson } from '../geojson.ts';
import type { RouteTable } from '../route.ts';
import {
  ActivateRequest,
  CountyList,
  DiffQuery,
  CountyParams,
  FeatureCollection,
  JsonOrGeoJson,
  Schedule,
  ScheduleList,
  StoredTimetable,
  TimetableDiffReply,
  TimetableParams,
} from '../schemas.ts';

/** Timetable `id` if the principal may read its county; else 404, so ids of other counties do not leak. */
async function visibleTimetable(deps: AppDeps, id: string, p: Principal): Promise<Stored> {
  const stored = await getTimetable(deps.db, id);
  if (!canReadCounty(p, stored.timetable.county)) throw new NotFoundError(`timetable ${id} not found`);
  return stored;
}

/** Registers county and timetable routes. */
export function countyRoutes(t: RouteTable, deps: AppDeps, datasets: CountyDatasets): void {
  t.add({
    method: 'get',
    path: '/v1/counties',
    summary: 'Imported counties (public: the dashboard lists them)',
    tags: ['counties'],
    access: 'public',
    responses: { 200: { description: 'counties with village counts', schema: CountyList } },
    handler: async () => ({ counties: await listCounties(deps.db) }),
  });
  t.add({
    method: 'get',
    path: '/v1/counties/:code/network',
    summary: 'County network as GeoJSON (boundary, warehouse, hubs, villages)',
    tags: ['counties'],
    access: 'key',
    params: CountyParams,
    responses: { 200: { description: 'GeoJSON FeatureCollection', schema: FeatureCollection, contentType: 'application/geo+json' } },
    handler: async ({ params, principal, res }) => {
      if (principal.role !== 'carrier') requireCountyRead(principal, params.code);
      const d = await datasets.get(params.code);
      res.type('application/geo+json').send(JSON.stringify(networkGeoJson(d)));
      return undefined;
    },
  });
  t.add({
    method: 'get',
    path: '/v1/counties/:code/schedule',
    summary: "The county's daily automatic dispatch schedule",
    tags: ['counties'],
    access: 'key',
    params: CountyParams,
    responses: { 200: { description: 'zero or one schedule', schema: ScheduleList } },
    handler: async ({ params, principal }) => {
      requireRole(principal, 'operator', 'official');
      requireCountyRead(principal, params.code);
      return { schedules: (await deps.queue.listSchedules()).filter((s) => s.county === params.code) };
    },
  });
  t.add({
    method: 'put',
    path: '/v1/counties/:code/schedule',
    summary: "Dispatch the county's day automatically every day at a local time",
    tags: ['counties'],
    access: 'key',
    params: CountyParams,
    body: Schedule,
    responses: { 200: { description: 'the schedule in effect', schema: ScheduleList } },
    handler: async ({ params, principal, body }) => {
      requireCountyWrite(principal, params.code);
      await getCounty(deps.db, params.code);
      await deps.queue.scheduleDaily({ county: params.code, time: body.time, timeZone: body.timeZone });
      return { schedules: (await deps.queue.listSchedules()).filter((s) => s.county === params.code) };
    },
  });
  t.add({
    method: 'delete',
    path: '/v1/counties/:code/schedule',
    summary: "Stop the county's daily automatic dispatch",
    tags: ['counties'],
    access: 'key',
    params: CountyParams,
    responses: { 200: { description: 'no schedule left', schema: ScheduleList } },
    handler: async ({ params, principal }) => {
      requireCountyWrite(principal, params.code);
      if (!(await deps.queue.unscheduleDaily(params.code))) throw new NotFoundError(`county ${params.code} has no schedule`);
      return { schedules: [] };
    },
  });
  timetableRoutes(t, deps, datasets);
}

/** Stored timetables: the active one of a county, any by id, the diff of two, and activation. */
function timetableRoutes(t: RouteTable, deps: AppDeps, datasets: CountyDatasets): void {
  t.add({
    method: 'get',
    path: '/v1/counties/:code/timetable',
    summary: "The county's active timetable (the one daily dispatch uses), as JSON or GeoJSON",
    tags: ['timetables'],
    access: 'key',
    params: CountyParams,
    query: JsonOrGeoJson,
    responses: {
      200: { description: 'the active timetable (GeoJSON with ?format=geojson)', schema: StoredTimetable, alsoAs: ['application/geo+json'] },
    },
    handler: async ({ params, query, principal, res }) => {
      requireRole(principal, 'operator', 'official');
      requireCountyRead(principal, params.code);
      const stored = await getActiveTimetable(deps.db, params.code);
      if (!stored) throw new NotFoundError(`county ${params.code} has no active timetable`);
      if (query.format === 'geojson') {
        res.type('application/geo+json').send(JSON.stringify(timetableGeoJson(await datasets.get(params.code), stored.timetable)));
        return undefined;
      }
      return stored;
    },
  });
  t.add({
    method: 'get',
    path: '/v1/timetables/:id',
    summary: 'A stored timetable as JSON or GeoJSON',
    tags: ['timetables'],
    access: 'key',
    params: TimetableParams,
    query: JsonOrGeoJson,
    responses: {
      200: { description: 'the timetable (GeoJSON with ?format=geojson)', schema: StoredTimetable, alsoAs: ['application/geo+json'] },
    },
    handler: async ({ params, query, principal, res }) => {
      const stored = await getTimetable(deps.db, params.id);
      if (!canReadCounty(principal, stored.timetable.county)) {
        throw new NotFoundError(`timetable ${params.id} not found`);
      }
      if (query.format === 'geojson') {
        const d = await datasets.get(stored.timetable.county);
        res.type('application/geo+json').send(JSON.stringify(timetableGeoJson(d, stored.timetable)));
        return undefined;
      }
      return stored;
    },
  });
  t.add({
    method: 'post',
    path: '/v1/timetables/:id/activate',
    summary: "Make a draft timetable the county's active one",
    description:
      'The reviewed draft replaces the active timetable (daily dispatch uses it from then on); who activated it, when and the `reason` are kept with it. Operators of the county only; 404 for a timetable of another county, 409 when it is already active.',
    tags: ['timetables'],
    access: 'key',
    params: TimetableParams,
    body: ActivateRequest,
    responses: { 200: { description: 'the timetable, now active', schema: StoredTimetable } },
    handler: async ({ params, body, principal }) => {
      const stored = await visibleTimetable(deps, params.id, principal);
      requireCountyWrite(principal, stored.timetable.county);
      if (stored.active) throw new ConflictError(`timetable ${params.id} is already active`);
      await activateTimetable(deps.db, params.id, { by: principal.keyId, reason: body.reason });
      return getTimetable(deps.db, params.id);
    },
  });
  t.add({
    method: 'get',
    path: '/v1/timetables/:id/diff',
    summary: 'What changes if this timetable replaces the active one (or another one)',
    description:
      'Lines added and removed (by id); per village whose mode, weekdays or arrival times change, the old and new ones; vehicles, km, cost, lead-time p50/p95 and served/unserved counts before and after. `against=active` (default) compares with the county\'s active timetable (404 when it has none); `against=<id>` with another timetable of the same county.',
    tags: ['timetables'],
    access: 'key',
    params: TimetableParams,
    query: DiffQuery,
    responses: { 200: { description: 'the differences, before = `from`, after = `to`', schema: TimetableDiffReply } },
    handler: async ({ params, query, principal }) => {
      const after = await visibleTimetable(deps, params.id, principal);
      const county = after.timetable.county;
      let before: Stored | null;
      if (query.against === 'active') {
        before = await getActiveTimetable(deps.db, county);
        if (!before) throw new NotFoundError(`county ${county} has no active timetable`);
      } else {
        before = await visibleTimetable(deps, query.against, principal);
        if (before.timetable.county !== county) throw new NotFoundError(`timetable ${query.against} not found`);
      }
      return { from: before.id, to: after.id, ...diffTimetables(before.timetable, after.timetable) };
    },
  });
}
