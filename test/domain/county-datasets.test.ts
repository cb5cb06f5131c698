/**
 * The committed county datasets (data/counties/) against the requirements of issue 2: every
 * official unit present, estimated and synthetic points flagged, plausible flags, and a bus feed
 * with realistic cargo. Reads the raw sources when they are next to the repo to compare codes.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Dataset } from '../../src/domain/dataset.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { REPO } from './dataset-fixtures.ts';

const COUNTIES = [
  { folder: '630123-huangyuan', townships: 9, villages: 154, estimated: ['630123201'] },
  { folder: '632223-haiyan', townships: 6, villages: 36, estimated: ['632223203'] },
  { folder: '632322-jianzha', townships: 9, villages: 98, estimated: [] },
  { folder: '632722-zaduo', townships: 8, villages: 41, estimated: [] },
  { folder: '632725-nangqian', townships: 10, villages: 77, estimated: [] },
] as const;

const SOURCES = path.resolve(REPO, process.env.RD_SOURCES ?? '../shared/data-sources/qinghai');

const loaded = new Map<string, Promise<Dataset>>();
const load = (folder: string): Promise<Dataset> => {
  let p = loaded.get(folder);
  if (!p) loaded.set(folder, (p = loadDataset(path.join(REPO, 'data/counties', folder))));
  return p;
};

describe.each(COUNTIES)('dataset $folder', ({ folder, townships, villages, estimated }) => {
  it('loads without validation issues, with the official number of townships and village-level units', async () => {
    const ds = await load(folder);
    expect(ds.slug).toBe(folder);
    expect(ds.countyCode).toBe(folder.slice(0, 6));
    expect(ds.nodes.filter((n) => n.kind === 'county_warehouse')).toHaveLength(1);
    expect(ds.nodes.filter((n) => n.kind === 'township_hub')).toHaveLength(townships);
    expect(ds.nodes.filter((n) => n.kind === 'village_point')).toHaveLength(villages);
  });

  it.skipIf(!existsSync(SOURCES))('has exactly the codes and names of the source villages.csv, communities flagged', async () => {
    const ds = await load(folder);
    const rows = parse(readFileSync(path.join(SOURCES, folder, 'villages.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const got = ds.nodes.filter((n) => n.kind === 'village_point').map((n) => [n.code, n.name, n.parent, n.community]);
    const want = rows.map((r) => [r.code, r.name, r.township_code, r.unit_type === 'community']);
    expect(got.sort()).toEqual(want.sort());
  });

  it('flags exactly the townships without a source point as estimated, and every village point as synthetic', async () => {
    const ds = await load(folder);
    expect(ds.nodes.filter((n) => n.estimated).map((n) => n.id)).toEqual([...estimated]);
    expect(ds.nodes.filter((n) => n.kind === 'village_point').every((n) => n.synthetic && !n.estimated)).toBe(true);
    expect(ds.nodes.filter((n) => n.kind !== 'village_point').some((n) => n.synthetic)).toBe(false);
  });

  it('has plausible station and poor shares among village committees, and demand for every unit', async () => {
    const ds = await load(folder);
    const committees = ds.nodes.filter((n) => n.kind === 'village_point' && !n.community);
    const stations = committees.filter((n) => n.station).length / committees.length;
    const poor = committees.filter((n) => n.poor).length / committees.length;
    expect(stations).toBeGreaterThanOrEqual(0.55);
    expect(stations).toBeLessThanOrEqual(0.65);
    expect(poor).toBeGreaterThanOrEqual(0.2);
    expect(poor).toBeLessThanOrEqual(0.3);
    expect(ds.demand.size).toBe(villages);
    // demand scales with the unit type: an urban community receives more than an average village
    const mean = (xs: readonly { id: string }[]): number => xs.reduce((s, n) => s + ds.demand.get(n.id)!.parcelsDown, 0) / xs.length;
    expect(mean(ds.nodes.filter((x) => x.community))).toBeGreaterThan(2 * mean(committees));
  });

  it('has 2–4 county trucks with one refrigerated at the warehouse; vans only at hubs', async () => {
    const ds = await load(folder);
    const trucks = ds.fleet.filter((v) => v.depot === ds.warehouseId);
    expect(trucks.length).toBeGreaterThanOrEqual(2);
    expect(trucks.length).toBeLessThanOrEqual(4);
    expect(trucks.filter((v) => v.refrigerated)).toHaveLength(1);
    for (const v of ds.fleet.filter((x) => x.depot !== ds.warehouseId)) expect(ds.nodeById.get(v.depot)?.kind).toBe('township_hub');
  });

  it('has 2–4 county–township bus lines, 1–3 trips a day each way, with a luggage-box cargo and node ids', async () => {
    const ds = await load(folder);
    const lines = new Map<string, typeof ds.bus.trips[number][]>();
    for (const t of ds.bus.trips) lines.set(t.routeId, [...(lines.get(t.routeId) ?? []), t]);
    expect(lines.size).toBeGreaterThanOrEqual(2);
    expect(lines.size).toBeLessThanOrEqual(4);
    const stopNode = new Map(ds.bus.stops.map((s) => [s.stopId, s.nodeId]));
    for (const trips of lines.values()) {
      const out = trips.filter((t) => stopNode.get(t.stopTimes[0]!.stopId) === ds.warehouseId);
      const back = trips.filter((t) => stopNode.get(t.stopTimes[t.stopTimes.length - 1]!.stopId) === ds.warehouseId);
      expect(out.length).toBeGreaterThanOrEqual(1);
      expect(out.length).toBeLessThanOrEqual(3);
      expect(back.length).toBe(out.length);
      // a county–township line: it reaches a township hub
      expect(trips[0]!.stopTimes.some((s) => ds.nodeById.get(stopNode.get(s.stopId)!)?.kind === 'township_hub')).toBe(true);
    }
    for (const t of ds.bus.trips) {
      expect(t.cargoKg).toBeGreaterThanOrEqual(50);
      expect(t.cargoKg).toBeLessThanOrEqual(150);
      expect(t.cargoM3).toBeGreaterThanOrEqual(0.3);
      expect(t.cargoM3).toBeLessThanOrEqual(0.6);
      expect(t.feePerParcel).toBeGreaterThan(0);
    }
  });
});
