/** CSV and GeoJSON exports of the `tiny` county's coverage report. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { computeCoverage, computeProvinceCoverage, coverageCsvHeader, coverageGeoJson, coverageToCsv } from '../../src/coverage/index.ts';
import { NotFoundError } from '../../src/errors.ts';
import { tinyActuals, tinyDataset, tinyTimetable } from './fixture.ts';

const report = computeCoverage({ dataset: tinyDataset(), timetable: tinyTimetable(), actuals: tinyActuals });

describe('coverageToCsv', () => {
  it('writes a county row, one row per township and a communities row, with bilingual headers and a BOM', () => {
    const text = coverageToCsv(report);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['层级 (level)'])).toEqual(['county', 'township', 'township', 'township', 'communities']);
    const c = rows[0]!;
    expect(c['行政村数 (villages)']).toBe('6');
    expect(c['站点覆盖率 (station_rate)']).toBe('0.5');
    expect(c['贫困村站点覆盖率 (poor_station_rate)']).toBe('0.6667');
    expect(c['站点覆盖达标 (station_target_met)']).toBe('true');
    expect(c['定班配送覆盖率 (served_rate)']).toBe('0.8333');
    expect(c['每周3-6天村数 (d3to6)']).toBe('1');
    expect(c['计划时效均值(小时) (lead_mean_h)']).toBe('5.6');
    expect(c['单件成本(元) (cost_per_parcel)']).toBe(String(Math.round((730 / 98) * 100) / 100));
    expect(c['24小时妥投率 (within_24h_rate)']).toBe('0.25');
    const empty = rows.find((r) => r['乡镇代码 (township_code)'] === '630123300')!;
    expect(empty['站点覆盖率 (station_rate)']).toBe('');
    expect(empty['单件成本(元) (cost_per_parcel)']).toBe('');
  });

  it('writes English or Chinese headers alone on request, without BOM', () => {
    const en = coverageToCsv(report, { headers: 'en', bom: false });
    expect(en.split('\n')[0]).toBe(coverageCsvHeader('en').join(','));
    expect(en.startsWith('level,county_code,county,')).toBe(true);
    expect(coverageToCsv(report, { headers: 'zh', bom: false }).startsWith('层级,县代码,县,')).toBe(true);
  });

  it('starts a province CSV with the province total', () => {
    const p = computeProvinceCoverage([{ dataset: tinyDataset(), timetable: tinyTimetable() }]);
    const rows = parse(coverageToCsv(p, { headers: 'en' }), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.level)).toEqual(['province', 'county', 'township', 'township', 'township', 'communities']);
    expect(rows[0]!.villages).toBe('6');
  });
});

describe('coverageGeoJson', () => {
  const fc = coverageGeoJson(tinyDataset(), tinyTimetable(), report);
  const layer = (name: string) => fc.features.filter((f) => f.properties.layer === name);

  it('has the boundary, warehouse, hubs, villages and communities as layers', () => {
    expect(layer('boundary')).toHaveLength(1);
    expect(layer('boundary')[0]!.geometry.type).toBe('Polygon');
    expect(layer('warehouse')).toHaveLength(1);
    expect(layer('hub').map((f) => f.properties.code)).toEqual(['630123100', '630123200', '630123300']);
    expect(layer('village')).toHaveLength(6);
    expect(layer('community')).toHaveLength(1);
  });

  it('gives villages their coverage properties', () => {
    const a3 = layer('village').find((f) => f.properties.code === '630123100003')!;
    expect(a3.geometry).toEqual({ type: 'Point', coordinates: [101.1, 36.3] });
    expect(a3.properties).toMatchObject({ station: true, poor: false, band: 'd1to2', via: 'bus', daysPerWeek: 2, weekdays: ['mon', 'thu'] });
    const hubA = layer('hub').find((f) => f.properties.code === '630123100')!;
    expect(hubA.properties).toMatchObject({ villages: 4, stationRate: 0.5, servedRate: 0.75 });
  });

  it('draws each line through its stops and each bus trip that carries a leg', () => {
    const lines = layer('line');
    expect(lines.map((f) => f.properties.id)).toEqual(['T1', 'F1', 'F2']);
    const f2 = lines.find((f) => f.properties.id === 'F2')!;
    expect(f2.geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [101.3, 36.1],
        [101.32, 36.12],
        [101.4, 36.1],
        [101.3, 36.1],
      ],
    });
    expect(layer('bus').map((f) => f.properties.id)).toEqual(['T-north', 'T-east']);
    expect(lines.map((f) => f.properties.coldChain)).toEqual([false, false, false]);
  });

  it('without a timetable has no lines', () => {
    const noTt = computeCoverage({ dataset: tinyDataset() });
    const g = coverageGeoJson(tinyDataset(), null, noTt);
    expect(g.features.filter((f) => f.properties.layer === 'line' || f.properties.layer === 'bus')).toEqual([]);
    expect(g.features.filter((f) => f.properties.layer === 'village')).toHaveLength(6);
  });

  it('refuses a report of another county', () => {
    const other = { ...tinyDataset(), countyCode: '999999' };
    expect(() => coverageGeoJson(other, null, report)).toThrow(NotFoundError);
  });
});
