/** Counties, their network as GeoJSON, their daily dispatch schedule, and stored timetables. */
import { canReadCounty, requireCountyRead, requireCountyWrite, requireRole } from '../../auth/principal.ts';
import { NotFoundError } from '../../errors.ts';
import { getActiveTimetable, getCounty, getTimetable, listCounties } from '../../persistence/index.ts';
import type { CountyDatasets } from '../../queue/datasets.ts';
import type { AppDeps } from '../deps.ts';
import { networkGeoJson, timetableGeoJson } from '../geojson.ts';
import type { RouteTable } from '../route.ts';
import {
  CountyList,
  CountyParams,
  FeatureCollection,
  JsonOrGeoJson,
  Schedule,
  ScheduleList,
  StoredTimetable,
  TimetableParams,
} from '../schemas.ts';

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
}
