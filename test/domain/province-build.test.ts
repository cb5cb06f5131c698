/**
 * Pieces of the province dataset build checked against independent ground truth: the GCJ-02 →
 * WGS-84 conversion against the converted pairs of the demo sources, and the township points of
 * the province-built datasets against the 2016 Amap points (a hub not flagged `estimated`, or a
 * village point not flagged `synthetic`, must sit exactly on a converted source point; the others on none). Needs the raw sources; skipped
 * without.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FeatureCollection, Point, Position } from 'geojson';
import { gcjToWgs } from '../../scripts/datasets/gcj02.ts';
import { townshipStem } from '../../scripts/datasets/province-sources.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { REPO } from './dataset-fixtures.ts';

const SOURCES = path.resolve(REPO, process.env.RD_SOURCES ?? '../shared/data-sources/qinghai');
const PROVINCE = path.resolve(REPO, process.env.RD_PROVINCE_SOURCES ?? '../shared/data-sources/qinghai-province');
const DEMO = ['630123-huangyuan', '632223-haiyan', '632322-jianzha', '632722-zaduo', '632725-nangqian'];
const key = (p: Position): string => `${p[0]!.toFixed(6)},${p[1]!.toFixed(6)}`;

describe.skipIf(!existsSync(SOURCES))('GCJ-02 → WGS-84', () => {
  it('reproduces every converted township point of the demo sources to 1e-6°', () => {
    let n = 0;
    for (const folder of DEMO) {
      const fc = JSON.parse(readFileSync(path.join(SOURCES, folder, 'townships.geojson'), 'utf8')) as FeatureCollection<Point | null>;
      for (const f of fc.features) {
        if (!f.geometry) continue;
        const w = gcjToWgs(f.properties!.location_gcj02 as Position);
        expect(Math.abs(w[0]! - f.geometry.coordinates[0]!)).toBeLessThan(1.5e-6);
        expect(Math.abs(w[1]! - f.geometry.coordinates[1]!)).toBeLessThan(1.5e-6);
        n++;
      }
    }
    expect(n).toBeGreaterThan(30);
  });
});

describe('township name stems (2016 ↔ 2023 join)', () => {
  it('drops 镇/乡/街道/办事处/政府 and ethnic suffixes, repeatedly', () => {
    expect(townshipStem('乐家湾镇政府')).toBe(townshipStem('乐家湾镇'));
    expect(townshipStem('结古镇街道办事处')).toBe(townshipStem('结古街道'));
    expect(townshipStem('火车站社区公共服务中心')).toBe(townshipStem('火车站街道'));
    expect(townshipStem('哈勒景蒙古族乡')).toBe('哈勒景');
    expect(townshipStem('碾伯镇')).toBe(townshipStem('碾伯街道'));
    expect(townshipStem('东峡镇')).not.toBe(townshipStem('西峡镇'));
  });
});

describe.skipIf(!existsSync(PROVINCE))('province-built township points', () => {
  it('a hub not flagged estimated (a village point not flagged synthetic) is a converted 2016 Amap point; the others are not', async () => {
    const real = new Set<string>();
    const realVillage = new Set<string>();
    for (const f of readdirSync(path.join(PROVINCE, 'adcode'))) {
      const rows = parse(readFileSync(path.join(PROVINCE, 'adcode', f), 'utf8'), { relax_column_count: true }) as string[][];
      for (const r of rows) if (r[12] && r[13]) (r[3] === 'town' ? real : r[3] === 'village' ? realVillage : new Set<string>()).add(key(gcjToWgs([Number(r[12]), Number(r[13])])));
    }
    const folders = readdirSync(path.join(REPO, 'data/counties')).filter((f) => /^\d{6}-/.test(f) && !DEMO.includes(f));
    expect(folders).toHaveLength(39);
    let located = 0;
    let realVillages = 0;
    for (const folder of folders) {
      const ds = await loadDataset(path.join(REPO, 'data/counties', folder));
      for (const h of ds.nodes.filter((n) => n.kind === 'township_hub')) {
        expect(real.has(key([h.lon, h.lat])), `${folder} ${h.code} ${h.name} estimated=${h.estimated}`).toBe(!h.estimated);
        if (!h.estimated) located++;
      }
      for (const v of ds.nodes.filter((n) => n.kind === 'village_point')) {
        expect(realVillage.has(key([v.lon, v.lat])), `${folder} ${v.code} ${v.name} synthetic=${v.synthetic}`).toBe(!v.synthetic);
        if (!v.synthetic) realVillages++;
      }
    }
    expect(located).toBeGreaterThan(250);
    expect(realVillages).toBeGreaterThan(30);
  });
});
