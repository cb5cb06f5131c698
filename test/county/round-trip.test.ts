/**
 * End to end on a real county code: init (普兰县, disc boundary) → surveyed points → a GTFS feed →
 * roads, then the dataset validates, the matrix follows the roads, and the planner plans it.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { loadTravelMatrix, travel } from '../../src/network/travel-matrix.ts';
import { hav } from './helpers.ts';

const SEAT: [number, number] = [81.177, 30.291];

describe('bring your own county, end to end', () => {
  it('init → import-points → import-gtfs → import-roads → network → plan', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'rd-byoc-'));
    const dir = path.join(root, 'pulan');
    expect(await main(['county', 'init', '542521', '--out', dir, '--center', SEAT.join(','), '--area-km2', '3000'])).toBe(0);
    let ds = await loadDataset(dir);
    const hubs = ds.nodes.filter((n) => n.kind === 'township_hub');
    const villages = ds.nodes.filter((n) => n.kind === 'village_point');

    // surveyed hub points: 0.01 degrees east of the synthetic ones (all inside the disc)
    const csv = ['code,lon,lat', ...hubs.map((h) => `${h.code},${(h.lon + 0.01).toFixed(6)},${h.lat}`)].join('\n');
    await writeFile(path.join(root, 'hubs.csv'), csv);
    expect(await main(['county', 'import-points', dir, path.join(root, 'hubs.csv')])).toBe(0);
    ds = await loadDataset(dir);
    expect(ds.nodes.filter((n) => n.kind === 'township_hub').every((h) => !h.synthetic && !h.estimated)).toBe(true);

    // roads: a primary road from the warehouse to each hub, an unclassified road from each hub to each of its villages
    const pos = (id: string): [number, number] => [ds.nodeById.get(id)!.lon, ds.nodeById.get(id)!.lat];
    const line = (a: [number, number], b: [number, number], highway: string) => ({ type: 'Feature', properties: { highway }, geometry: { type: 'LineString', coordinates: [a, b] } });
    const roads = [
      ...ds.nodes.filter((n) => n.kind === 'township_hub').map((h) => line(pos(ds.warehouseId), pos(h.id), 'primary')),
      ...villages.map((v) => line(pos(v.parent!), pos(v.id), 'unclassified')),
    ];
    await writeFile(path.join(root, 'roads.geojson'), JSON.stringify({ type: 'FeatureCollection', features: roads }));
    expect(await main(['county', 'import-roads', dir, path.join(root, 'roads.geojson')])).toBe(0);

    // a GTFS feed: one trip from the county bus station (matched by distance) to the first hub (by code)
    const h0 = ds.nodes.find((n) => n.kind === 'township_hub')!;
    const w = pos(ds.warehouseId);
    const feed = {
      'stops.txt': `stop_id,stop_name,stop_lat,stop_lon\nSTN,县客运站,${w[1]},${w[0]}\nS${h0.code},${h0.name},${h0.lat},${h0.lon}\n`,
      'routes.txt': 'route_id,route_short_name,route_long_name,route_type\nR,1,县城—乡,3\n',
      'calendar.txt': 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nD,1,1,1,1,1,1,1,20260101,20261231\n',
      'trips.txt': 'route_id,service_id,trip_id,direction_id\nR,D,T1,0\n',
      'stop_times.txt': `trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,STN,1\nT1,09:30:00,09:30:00,S${h0.code},2\n`,
    };
    await writeFile(path.join(root, 'feed.zip'), zipSync(Object.fromEntries(Object.entries(feed).map(([k, v]) => [k, strToU8(v)]))));
    expect(await main(['county', 'import-gtfs', dir, path.join(root, 'feed.zip')])).toBe(0);

    ds = await loadDataset(dir);
    expect(ds.bus.trips.map((t) => t.stopTimes.length)).toEqual([2]);
    expect(ds.bus.stops.map((s) => s.nodeId).sort()).toEqual([ds.warehouseId, h0.id].sort());
    const m = await loadTravelMatrix(ds, dir);
    // warehouse -> village: primary (60 km/h) to its hub, unclassified (30 km/h) to the village; every node on the roads
    for (const v of villages) {
      const a = hav(pos(ds.warehouseId), pos(v.parent!)), b = hav(pos(v.parent!), pos(v.id));
      expect(travel(m, ds.warehouseId, v.id).km).toBeCloseTo(a + b, 2);
      expect(travel(m, ds.warehouseId, v.id).minutes).toBeCloseTo(a + 2 * b, 2);
    }
    expect(JSON.parse(await readFile(path.join(dir, 'roads.geojson'), 'utf8')).features.length).toBe(hubs.length + villages.length);

    expect(await main(['network', '--dataset', dir, '--json'])).toBe(0);
    expect(await main(['plan', '--dataset', dir, '--iterations', '50', '--out', path.join(root, 'plan.json')])).toBe(0);
    const tt = JSON.parse(await readFile(path.join(root, 'plan.json'), 'utf8'));
    expect(tt.villages.length).toBe(villages.length);
  });
});
