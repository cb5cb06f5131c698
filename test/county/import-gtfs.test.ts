import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { importGtfs } from '../../src/county/import-gtfs.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { ValidationError } from '../../src/errors.ts';
import { folderDigest, tempDataset } from './helpers.ts';

const FEED: Record<string, string> = {
  'agency.txt': 'agency_id,agency_name,agency_url,agency_timezone\nA,Test bus,https://example.invalid/,Asia/Shanghai\n',
  // BUSSTN: by distance (at the warehouse); S639901200: by stop_id code; X1: by stop_code; X2: by name (far away);
  // X3: nowhere; X4: by node_id
  'stops.txt': [
    'stop_id,stop_code,stop_name,stop_lat,stop_lon,node_id',
    'BUSSTN,,County bus station,36.2001,100.2001,',
    'S639901200,,Far township stop,36.3,100.4,',
    'X1,639901200201,Village B gate,36.32,100.42,',
    'X2,,Village C,36.0,100.0,',
    'X3,,Nowhere,36.39,100.01,',
    'X4,,Seat town,36.21,100.21,639901100',
  ].join('\n') + '\n',
  'routes.txt': 'route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,1,County - Far township,3\n',
  'calendar.txt': 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,0,0,20260101,20261231\n',
  'trips.txt': 'route_id,service_id,trip_id,direction_id,cargo_kg,cargo_m3\nR1,WK,T1,0,80,0.5\nR1,WK,T2,1,,\nR1,WK,T3,0,,\nR1,WK,T4,0,,\n',
  'cargo.txt': 'trip_id,cargo_kg,cargo_m3\nT2,120,0.6\n',
  'stop_times.txt': [
    'trip_id,arrival_time,departure_time,stop_id,stop_sequence',
    'T1,08:00:00,08:00:00,BUSSTN,1',
    'T1,08:10:00,08:12:00,X4,2',
    'T1,08:20:00,08:20:00,X3,3',
    'T1,08:40:00,08:40:00,S639901200,4',
    'T1,,,X1,5',
    'T1,09:10:00,,X2,6',
    'T2,10:00:00,10:00:00,X2,1',
    'T2,11:00:00,11:00:00,BUSSTN,2',
    'T3,12:00:00,12:00:00,X3,1',
    'T3,12:30:00,12:30:00,BUSSTN,2',
    'T4,13:00:00,13:00:00,BUSSTN,1',
    'T4,13:20:00,13:20:00,X4,2',
  ].join('\n') + '\n',
};

async function zipFeed(dir: string, files: Record<string, string>, name = 'feed.zip'): Promise<string> {
  const file = path.join(path.dirname(dir), name);
  // in a sub-folder, as some exporters do
  await writeFile(file, zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [`gtfs/${k}`, strToU8(v)]))));
  return file;
}

describe('county import-gtfs', () => {
  it('imports a GTFS zip: stops matched by node_id, code, name and distance; cargo from column, cargo.txt or default', async () => {
    const dir = await tempDataset();
    const r = await importGtfs(dir, await zipFeed(dir, FEED), { cargoKg: 70 });
    expect(r.matched).toEqual({ node_id: 1, code: 2, name: 1, distance: 1 });
    expect(r.unmatchedStops).toEqual(['X3']);
    expect(r.droppedTrips).toEqual(['T3']);
    const ds = await loadDataset(dir);
    const node = new Map(ds.bus.stops.map((s) => [s.stopId, s.nodeId]));
    expect(Object.fromEntries(node)).toEqual({ BUSSTN: '639901', S639901200: '639901200', X1: '639901200201', X2: '639901200202', X4: '639901100' });
    const trips = new Map(ds.bus.trips.map((t) => [t.tripId, t]));
    expect([...trips.keys()].sort()).toEqual(['T1', 'T2', 'T4']);
    const t1 = trips.get('T1')!;
    expect(t1.stopTimes.map((s) => s.stopId)).toEqual(['BUSSTN', 'X4', 'S639901200', 'X1', 'X2']);
    // X1 had no times: interpolated between 08:40 and 09:10
    expect(t1.stopTimes[3]!.arrival).toBe(8 * 60 + 55);
    expect(t1.stopTimes[4]!.departure).toBe(9 * 60 + 10);
    expect([t1.cargoKg, t1.cargoM3]).toEqual([80, 0.5]);
    expect([trips.get('T2')!.cargoKg, trips.get('T2')!.cargoM3]).toEqual([120, 0.6]);
    expect([trips.get('T4')!.cargoKg, trips.get('T4')!.cargoM3]).toEqual([70, 0.4]);
    expect(t1.weekdays).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
  });

  it('reports bad rows by file, row and field and leaves the dataset untouched', async () => {
    const dir = await tempDataset();
    const before = await folderDigest(dir);
    const feed = {
      ...FEED,
      'stops.txt': FEED['stops.txt']!.replace('36.3,100.4', 'abc,100.4'),
      'trips.txt': FEED['trips.txt']!.replace('R1,WK,T4', 'R9,WK,T4'),
    };
    const err = await importGtfs(dir, await zipFeed(dir, feed)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const issues = (err as ValidationError).issues;
    expect(issues).toContainEqual(expect.objectContaining({ file: 'feed.zip:stops.txt', row: 2, field: 'stop_lat' }));
    expect(issues).toContainEqual(expect.objectContaining({ file: 'feed.zip:trips.txt', row: 4, field: 'route_id' }));
    expect(await folderDigest(dir)).toBe(before);
  });

  it('needs the required GTFS files; CLI exit 2', async () => {
    const dir = await tempDataset();
    const before = await folderDigest(dir);
    const { 'calendar.txt': _, ...noCalendar } = FEED;
    const file = await zipFeed(dir, noCalendar, 'nocal.zip');
    const err = await importGtfs(dir, file).catch((e: unknown) => e);
    expect((err as ValidationError).issues).toEqual([expect.objectContaining({ file: 'nocal.zip:calendar.txt', field: 'file' })]);
    expect(await main(['county', 'import-gtfs', dir, file])).toBe(2);
    expect(await folderDigest(dir)).toBe(before);
  });
});
