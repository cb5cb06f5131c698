/**
 * Builds the county datasets in `data/counties/<code>-<slug>/` from the raw public sources in
 * `../shared/data-sources/qinghai/` (override with `--sources DIR` or `RD_SOURCES`; output root with
 * `--out DIR` or `RD_DATA_OUT`, default `data`).
 *
 *   npx tsx scripts/build-datasets.ts            # or: npm run build:data
 *
 * Real inputs: NBS 2023 township and village codes and names, Amap township points and county
 * boundary (via Vonng/adcode, CC BY 4.0). Everything else (village coordinates, two missing township
 * points, station/poor flags, demand, fleet, bus feed) is synthetic and seeded; the assumptions are
 * written into each county README and docs/datasets.md. Same sources + same script = byte-identical
 * output (no clock, no Math.random, fixed key order, rounded numbers).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { parse } from 'csv-parse/sync';

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

/** Global seed; every random stream is derived from it plus a purpose label. */
const SEED = 'rural-dispatch-2026';

/** A township with no point in the sources, and how its point is estimated. */
interface TownshipEstimate {
  readonly code: string;
  /** Geodesic km from the county seat. */
  readonly km: number;
  /** Bearing in degrees clockwise from north. */
  readonly bearing: number;
  readonly note: string;
}

interface CountyConfig {
  readonly folder: string;
  readonly slug: string;
  readonly nameEn: string;
  /** Road km / geodesic km. Mountain valleys wind more than the lake-shore grassland. */
  readonly circuity: number;
  readonly estimates: readonly TownshipEstimate[];
}

const COUNTIES: readonly CountyConfig[] = [
  {
    folder: '630123-huangyuan',
    slug: 'huangyuan',
    nameEn: 'Huangyuan County',
    circuity: 1.35,
    estimates: [
      {
        code: '630123201',
        km: 20,
        bearing: 215,
        note:
          '日月藏族乡 lies in the south-west of the county on G109 (青藏公路), 75 km from Xining by road versus about 50 km ' +
          'for the county town, so about 25 km by road south-west of the county town up the 药水河 valley; placed 20 km ' +
          'geodesic from the county seat at bearing 215°.',
      },
    ],
  },
  {
    folder: '632223-haiyan',
    slug: 'haiyan',
    nameEn: 'Haiyan County',
    circuity: 1.25,
    estimates: [
      {
        code: '632223203',
        km: 54,
        bearing: 300,
        note:
          '甘子河乡 lies in the north-west of the county on G315, about 67 km by road from the county town (source README); ' +
          'placed 54 km geodesic (67 km / circuity 1.25) from the county seat at bearing 300°, towards 刚察 along the ' +
          'north-east shore of Qinghai Lake.',
      },
    ],
  },
  { folder: '632322-jianzha', slug: 'jianzha', nameEn: 'Jianzha County', circuity: 1.45, estimates: [] },
  { folder: '632722-zaduo', slug: 'zaduo', nameEn: 'Zadoi (Zaduo) County', circuity: 1.5, estimates: [] },
  { folder: '632725-nangqian', slug: 'nangqian', nameEn: 'Nangqian County', circuity: 1.5, estimates: [] },
];

/** Average speeds (km/h) per road class, written to dataset.json. */
const SPEEDS = { default: 40, trunk: 50, rural: 30, bus: 35 } as const;
/** Flat bus fee per parcel in yuan (about a third of a county–township fare), for `feeModel: parcel`. */
const BUS_FEE_PER_PARCEL = 5;
/**
 * Fee per trip and day that carries the parcel box, in yuan: about one full-length fare on these
 * lines (Yamato / Japan Post charge about one passenger fare per trip for a two-seat box). An
 * assumption, no source for these counties; the planner's sensitivity to it is in docs/timetable.md §7.
 */
const BUS_FEE_PER_TRIP = 10;
/** Share of village committees (村委会) with a service station, and of registered poor villages. */
const STATION_SHARE = 0.6;
const POOR_SHARE = 0.25;
/** Minimum spacing between synthetic village points, km. */
const MIN_SPACING_KM = 0.7;

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

/** FNV-1a 32-bit hash of a string. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for synthetic data. Returns floats in [0, 1). */
function rng(label: string): () => number {
  let a = hash32(`${SEED}:${label}`);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uniform = (r: () => number, lo: number, hi: number): number => lo + (hi - lo) * r();
const round = (x: number, d: number): number => {
  const f = 10 ** d;
  return Math.round(x * f) / f;
};

// ---------------------------------------------------------------------------------------------
// Source reading
// ---------------------------------------------------------------------------------------------

interface SourceVillage {
  code: string;
  name: string;
  townshipCode: string;
  urClass: string;
  unitType: 'community' | 'village';
}

interface SourceTownship {
  code: string;
  name: string;
  type: string;
  villageCount: number;
  point: Position | null;
}

interface SourceCounty {
  code: string;
  name: string;
  prefecture: string;
  seat: Position;
  boundary: Feature<Polygon | MultiPolygon>;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function readSources(dir: string): { county: SourceCounty; townships: SourceTownship[]; villages: SourceVillage[] } {
  const countyFc = readJson<FeatureCollection>(path.join(dir, 'county.geojson'));
  const seatF = countyFc.features.find((f) => f.properties?.level === 'county_seat');
  const boundF = countyFc.features.find((f) => f.properties?.level === 'county');
  if (!seatF || seatF.geometry.type !== 'Point' || !boundF) throw new Error(`${dir}: county.geojson lacks seat or boundary`);
  if (boundF.geometry.type !== 'Polygon' && boundF.geometry.type !== 'MultiPolygon') throw new Error(`${dir}: boundary not a polygon`);
  const props = seatF.properties ?? {};
  const county: SourceCounty = {
    code: String(props.code),
    name: String(props.name),
    prefecture: String(props.prefecture ?? ''),
    seat: seatF.geometry.coordinates,
    boundary: boundF as Feature<Polygon | MultiPolygon>,
  };
  const tfc = readJson<FeatureCollection<Point | null>>(path.join(dir, 'townships.geojson'));
  const townships = tfc.features
    .map((f) => ({
      code: String(f.properties?.code),
      name: String(f.properties?.name),
      type: String(f.properties?.type),
      villageCount: Number(f.properties?.village_count),
      point: f.geometry ? f.geometry.coordinates : null,
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const rows = parse(readFileSync(path.join(dir, 'villages.csv'), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const villages = rows
    .map((r) => ({
      code: r.code ?? '',
      name: r.name ?? '',
      townshipCode: r.township_code ?? '',
      urClass: r.urban_rural_class ?? '',
      unitType: r.unit_type === 'community' ? ('community' as const) : ('village' as const),
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return { county, townships, villages };
}

// ---------------------------------------------------------------------------------------------
// Geometry helpers
// ---------------------------------------------------------------------------------------------

const kmBetween = (a: Position, b: Position): number => turf.distance(a, b, { units: 'kilometers' });
const roundPos = (p: Position): Position => [round(p[0]!, 6), round(p[1]!, 6)];

function inside(p: Position, area: Feature<Polygon | MultiPolygon>): boolean {
  return turf.booleanPointInPolygon(p, area);
}

/** Voronoi cells of the township points, clipped to the county polygon, keyed by township code. */
function townshipCells(
  points: readonly { code: string; point: Position }[],
  boundary: Feature<Polygon | MultiPolygon>,
): Map<string, Feature<Polygon | MultiPolygon>> {
  const [minX, minY, maxX, maxY] = turf.bbox(boundary);
  const box: [number, number, number, number] = [minX - 0.5, minY - 0.5, maxX + 0.5, maxY + 0.5];
  const fc = turf.featureCollection(points.map((t) => turf.point(t.point)));
  const vor = turf.voronoi(fc, { bbox: box });
  const cells = new Map<string, Feature<Polygon | MultiPolygon>>();
  points.forEach((t, i) => {
    const cell = vor.features[i];
    const clipped = cell ? turf.intersect(turf.featureCollection([cell, boundary])) : null;
    cells.set(t.code, clipped ?? boundary);
  });
  return cells;
}

/** A random point inside `area` (rejection sampling in its bounding box). */
function randomPointIn(area: Feature<Polygon | MultiPolygon>, r: () => number): Position {
  const [minX, minY, maxX, maxY] = turf.bbox(area);
  for (let i = 0; i < 10_000; i++) {
    const p: Position = [uniform(r, minX, maxX), uniform(r, minY, maxY)];
    if (inside(p, area)) return p;
  }
  throw new Error('could not sample inside area');
}

// ---------------------------------------------------------------------------------------------
// Building one county
// ---------------------------------------------------------------------------------------------

type Kind = 'county_warehouse' | 'township_hub' | 'village_point';

interface OutNode {
  id: string;
  kind: Kind;
  code: string;
  name: string;
  parent: string | null;
  township: string | null;
  station: boolean;
  poor: boolean;
  community: boolean;
  open: string;
  close: string;
  synthetic: boolean;
  estimated: boolean;
  urban_rural_class: string | null;
  pos: Position;
}

interface OutVehicle {
  id: string;
  depot: string;
  type: string;
  capacityKg: number;
  capacityM3: number;
  refrigerated: boolean;
  shiftStart: string;
  shiftEnd: string;
  costPerKm: number;
  costPerHour: number;
  fixedCost: number;
}

interface Line {
  routeId: string;
  shortName: string;
  longName: string;
  serviceId: string;
  stops: OutNode[];
  trips: { tripId: string; direction: 0 | 1; stopTimes: { node: OutNode; arr: number; dep: number }[]; cargoKg: number; cargoM3: number }[];
}

const hhmm = (min: number): string => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(Math.round(min % 60)).padStart(2, '0')}`;
const hhmmss = (min: number): string => `${hhmm(min)}:00`;

/** Distance (km, planar approximation good enough at county scale) of p to segment a-b, and the projection t. */
function segmentOffset(p: Position, a: Position, b: Position): { km: number; t: number } {
  const kx = 111.32 * Math.cos(((a[1]! + b[1]!) / 2) * (Math.PI / 180));
  const ky = 110.57;
  const ax = a[0]! * kx, ay = a[1]! * ky, bx = b[0]! * kx, by = b[1]! * ky, px = p[0]! * kx, py = p[1]! * ky;
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  const tc = Math.max(0, Math.min(1, t));
  const qx = ax + tc * dx, qy = ay + tc * dy;
  return { km: Math.hypot(px - qx, py - qy), t };
}

function buildCounty(srcRoot: string, outRoot: string, cfg: CountyConfig): string[] {
  const srcDir = path.join(srcRoot, cfg.folder);
  const { county, townships, villages } = readSources(srcDir);
  const code = county.code;
  const boundary = county.boundary;
  const log: string[] = [];

  // Township points: real where the sources have one, estimated otherwise.
  const tPoints = townships.map((t) => {
    if (t.point) return { ...t, point: roundPos(t.point), estimated: false, note: '' };
    const est = cfg.estimates.find((e) => e.code === t.code);
    if (!est) throw new Error(`${cfg.folder}: township ${t.code} has no point and no estimate`);
    const p = roundPos(turf.destination(county.seat, est.km, est.bearing, { units: 'kilometers' }).geometry.coordinates);
    if (!inside(p, boundary)) throw new Error(`${cfg.folder}: estimate for ${t.code} falls outside the county`);
    return { ...t, point: p, estimated: true, note: est.note };
  });
  // The seat township: the one coded ...100 (the first 镇, where the county town is).
  const seatTownship = tPoints.find((t) => t.code.endsWith('100')) ?? tPoints[0]!;
  const cells = townshipCells(tPoints, boundary);

  const nodes: OutNode[] = [];
  const warehouse: OutNode = {
    id: code,
    kind: 'county_warehouse',
    code,
    name: `${county.name}县级仓储物流配送中心`.replace('县县', '县'),
    parent: null,
    township: seatTownship.code,
    station: true,
    poor: false,
    community: false,
    open: '07:00',
    close: '20:00',
    synthetic: false,
    estimated: false,
    urban_rural_class: null,
    pos: roundPos(county.seat),
  };
  nodes.push(warehouse);
  const hubs = new Map<string, OutNode>();
  for (const t of tPoints) {
    const hub: OutNode = {
      id: t.code,
      kind: 'township_hub',
      code: t.code,
      name: t.name,
      parent: warehouse.id,
      township: t.code,
      station: true,
      poor: false,
      community: false,
      open: '08:30',
      close: '18:00',
      synthetic: false,
      estimated: t.estimated,
      urban_rural_class: null,
      pos: t.point,
    };
    hubs.set(t.code, hub);
    nodes.push(hub);
  }

  // Village points, one township at a time, each township with its own random stream.
  const placed: Position[] = nodes.map((n) => n.pos);
  const villageNodes: OutNode[] = [];
  for (const t of tPoints) {
    const r = rng(`${code}:place:${t.code}`);
    const cell = cells.get(t.code)!;
    // Communities and town-centre villages cluster around the township seat; for the seat township
    // that is the county town (the Amap township "center" can be several km away, e.g. 马克堂镇).
    const anchor = t.code === seatTownship.code ? warehouse.pos : t.point;
    for (const v of villages.filter((x) => x.townshipCode === t.code)) {
      const [lo, hi] =
        v.unitType === 'community' ? [0.2, 1.5] : v.urClass === '121' || v.urClass === '122' ? [0.6, 4] : v.urClass === '210' ? [0.4, 2.5] : [0, 0];
      let pos: Position | null = null;
      for (let attempt = 0; attempt < 400 && !pos; attempt++) {
        let cand: Position;
        if (hi > 0) {
          cand = turf.destination(anchor, uniform(r, lo, hi), uniform(r, 0, 360), { units: 'kilometers' }).geometry.coordinates;
        } else {
          // Spread over the cell, pulled towards the township point (villages sit along the valleys
          // that lead to the township seat rather than on the cell's far edge).
          const c = randomPointIn(cell, r);
          const s = uniform(r, 0.3, 0.85);
          cand = [t.point[0]! + (c[0]! - t.point[0]!) * s, t.point[1]! + (c[1]! - t.point[1]!) * s];
          if (kmBetween(cand, t.point) < 1.5) continue;
        }
        cand = roundPos(cand);
        if (!inside(cand, boundary)) continue;
        if (hi === 0 && !inside(cand, cell)) continue;
        const spacing = attempt < 300 ? MIN_SPACING_KM : 0.15;
        if (placed.some((p) => kmBetween(p, cand) < spacing)) continue;
        pos = cand;
      }
      if (!pos) throw new Error(`${cfg.folder}: could not place ${v.code}`);
      placed.push(pos);
      const node: OutNode = {
        id: v.code,
        kind: 'village_point',
        code: v.code,
        name: v.name,
        parent: t.code,
        township: t.code,
        station: false,
        poor: false,
        community: v.unitType === 'community',
        open: v.unitType === 'community' ? '08:30' : '09:00',
        close: v.unitType === 'community' ? '19:00' : '18:00',
        synthetic: true,
        estimated: false,
        urban_rural_class: v.urClass || null,
        pos,
      };
      villageNodes.push(node);
    }
  }
  // Stations: every community, and the top STATION_SHARE of village committees by a seeded score
  // that favours town-centre villages. Poor villages: top POOR_SHARE of committees by a seeded score
  // favouring remote, purely rural (220) villages.
  const committees = villageNodes.filter((v) => !v.community);
  const rs = rng(`${code}:station`);
  const stationScore = new Map(committees.map((v) => [v.id, rs() + (v.urban_rural_class && v.urban_rural_class !== '220' ? 0.5 : 0)]));
  const nStations = Math.round(STATION_SHARE * committees.length);
  [...committees].sort((a, b) => stationScore.get(b.id)! - stationScore.get(a.id)! || a.id.localeCompare(b.id)).slice(0, nStations).forEach((v) => (v.station = true));
  const rp = rng(`${code}:poor`);
  const maxKm = Math.max(...committees.map((v) => kmBetween(v.pos, warehouse.pos)), 1);
  const poorScore = new Map(
    committees.map((v) => [v.id, rp() + 0.6 * (kmBetween(v.pos, warehouse.pos) / maxKm) + (v.urban_rural_class === '220' || !v.urban_rural_class ? 0.3 : 0)]),
  );
  const nPoor = Math.round(POOR_SHARE * committees.length);
  [...committees].sort((a, b) => poorScore.get(b.id)! - poorScore.get(a.id)! || a.id.localeCompare(b.id)).slice(0, nPoor).forEach((v) => (v.poor = true));
  for (const v of villageNodes) if (v.community) v.station = true;
  nodes.push(...villageNodes);

  // Demand per village-level unit (parcels/day, kg, m3; down = to the village, up = from it).
  const rd = rng(`${code}:demand`);
  const demandRows: string[] = ['code,parcels_down,kg_down,m3_down,parcels_up,kg_up,m3_up,chilled_share'];
  for (const v of villageNodes) {
    const cls = v.community ? 'community' : v.urban_rural_class === '121' || v.urban_rural_class === '122' ? 'town' : v.urban_rural_class === '210' ? 'centre' : 'rural';
    const [dLo, dHi, uLo, uHi] = { community: [25, 60, 2, 6], town: [8, 20, 1, 4], centre: [6, 14, 1, 3], rural: [2, 8, 0.5, 3] }[cls] as [number, number, number, number];
    const pd = round(uniform(rd, dLo, dHi), 1);
    const kd = round(pd * uniform(rd, 1.2, 2.2), 1);
    const md = round(kd * 0.006, 3);
    const pu = round(uniform(rd, uLo, uHi), 1);
    const ku = round(pu * uniform(rd, 3, 8), 1);
    const mu = round(ku * 0.004, 3);
    const ch = round(v.community ? uniform(rd, 0.05, 0.15) : uniform(rd, 0.02, 0.2), 2);
    demandRows.push([v.code, pd, kd, md, pu, ku, mu, ch].join(','));
  }

  // Fleet: county trucks at the warehouse (one refrigerated), small vans at the bigger hubs.
  const fleet: OutVehicle[] = [];
  const nTrucks = Math.max(2, Math.min(4, 2 + Math.floor(villageNodes.length / 75)));
  for (let i = 1; i <= nTrucks; i++) {
    const cold = i === nTrucks;
    fleet.push({
      id: `${code}-T${i}`,
      depot: warehouse.id,
      type: cold ? 'refrigerated light truck' : 'light box truck (4.2 m)',
      capacityKg: cold ? 1000 : 1500,
      capacityM3: cold ? 10 : 16,
      refrigerated: cold,
      shiftStart: '07:30',
      shiftEnd: '18:30',
      costPerKm: cold ? 2.8 : 2.2,
      costPerHour: cold ? 55 : 45,
      fixedCost: cold ? 400 : 300,
    });
  }
  const rv = rng(`${code}:fleet`);
  const counts = new Map<string, number>();
  for (const v of villageNodes) counts.set(v.parent!, (counts.get(v.parent!) ?? 0) + 1);
  for (const t of tPoints) {
    if (t.code === seatTownship.code) continue;
    const n = counts.get(t.code) ?? 0;
    const roll = rv();
    if (n >= 18 || roll < 0.25) {
      fleet.push({
        id: `${t.code}-V1`,
        depot: t.code,
        type: 'small van',
        capacityKg: 600,
        capacityM3: 4,
        refrigerated: false,
        shiftStart: '08:00',
        shiftEnd: '18:00',
        costPerKm: 1.2,
        costPerHour: 35,
        fixedCost: 150,
      });
    }
  }

  // Bus lines: county bus station (at the warehouse node) to the most remote, most populous townships.
  const rb = rng(`${code}:bus`);
  const nonSeat = tPoints.filter((t) => t.code !== seatTownship.code);
  const nLines = Math.max(2, Math.min(4, Math.ceil(nonSeat.length / 2.5)));
  const dest = [...nonSeat]
    .sort((a, b) => kmBetween(b.point, warehouse.pos) * Math.sqrt(counts.get(b.code) ?? 1) - kmBetween(a.point, warehouse.pos) * Math.sqrt(counts.get(a.code) ?? 1) || a.code.localeCompare(b.code))
    .slice(0, nLines)
    .sort((a, b) => a.code.localeCompare(b.code));
  const busMinutes = (a: OutNode, b: OutNode): number => ((kmBetween(a.pos, b.pos) * cfg.circuity) / SPEEDS.bus) * 60;
  const lines: Line[] = [];
  dest.forEach((t, li) => {
    const hub = hubs.get(t.code)!;
    const along = villageNodes
      .filter((v) => !v.community)
      .map((v) => ({ v, ...segmentOffset(v.pos, warehouse.pos, hub.pos) }))
      .filter((x) => x.km < 5 && x.t > 0.1 && x.t < 0.95)
      .sort((a, b) => a.km - b.km || a.v.id.localeCompare(b.v.id))
      .slice(0, 3)
      .sort((a, b) => a.t - b.t)
      .map((x) => x.v);
    const beyond = villageNodes
      .filter((v) => v.parent === t.code && !v.community && !along.includes(v) && kmBetween(v.pos, warehouse.pos) > kmBetween(hub.pos, warehouse.pos))
      .sort((a, b) => kmBetween(a.pos, hub.pos) - kmBetween(b.pos, hub.pos) || a.id.localeCompare(b.id))
      .slice(0, 2);
    const stops = [warehouse, ...along, hub, ...beyond];
    const routeId = `${code}-L${li + 1}`;
    const serviceId = li === nLines - 1 ? 'MON_SAT' : 'DAILY';
    const wanted = 1 + Math.floor(rb() * 3); // 1..3 trips a day each way
    const first = 7 * 60 + 30 + Math.floor(rb() * 7) * 10; // 07:30..08:30
    const timed = (seq: readonly OutNode[], dep: number): { node: OutNode; arr: number; dep: number }[] => {
      let clock = dep;
      return seq.map((s, i) => {
        if (i > 0) clock += Math.max(3, Math.round(busMinutes(seq[i - 1]!, s)));
        const dwell = i === 0 || i === seq.length - 1 ? 0 : 2;
        const st = { node: s, arr: clock, dep: clock + dwell };
        clock += dwell;
        return st;
      });
    };
    const oneWay = timed(stops, 0).at(-1)!.arr;
    // One bus shuttles from the county (30 min turn-around, 60 min break) when a round trip fits
    // the day; on long lines buses leave both ends in the morning (one overnights at the terminal).
    const LAST_ARRIVAL = 20 * 60;
    const shuttle = first + 2 * oneWay + 30 <= LAST_ARRIVAL;
    const cycle = Math.ceil((2 * oneWay + 90) / 10) * 10;
    const trips: Line['trips'] = [];
    for (let k = 0; k < wanted; k++) {
      const out = shuttle ? first + k * cycle : first + k * 180;
      const back = shuttle ? out + oneWay + 30 : first + k * 180;
      if (k > 0 && Math.max(out, back) + oneWay > LAST_ARRIVAL) break;
      for (const direction of [0, 1] as const) {
        const seq = direction === 0 ? stops : [...stops].reverse();
        trips.push({
          tripId: `${routeId}-${direction === 0 ? 'OUT' : 'IN'}${k + 1}`,
          direction,
          stopTimes: timed(seq, direction === 0 ? out : back),
          cargoKg: 50 + Math.floor(rb() * 11) * 10,
          cargoM3: round(0.3 + Math.floor(rb() * 7) * 0.05, 2),
        });
      }
    }
    lines.push({
      routeId,
      shortName: `${li + 1}路`,
      longName: `${county.name.replace(/县$/, '')}—${t.name}`,
      serviceId,
      stops,
      trips,
    });
  });

  // ------------------------------------------------------------------ write files
  const outDir = path.join(outRoot, 'counties', cfg.folder);
  mkdirSync(path.join(outDir, 'bus'), { recursive: true });
  const network = {
    type: 'FeatureCollection',
    name: `${cfg.folder} network`,
    features: nodes.map((n) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: n.pos },
      properties: {
        id: n.id,
        kind: n.kind,
        code: n.code,
        name: n.name,
        parent: n.parent,
        township: n.township,
        station: n.station,
        poor: n.poor,
        community: n.community,
        open: n.open,
        close: n.close,
        synthetic: n.synthetic,
        estimated: n.estimated,
        urban_rural_class: n.urban_rural_class,
      },
    })),
  };
  writeFileSync(path.join(outDir, 'network.geojson'), geojsonText(network));
  // Copy the bytes, not the (read-only) file mode of the source tree.
  writeFileSync(path.join(outDir, 'county.geojson'), readFileSync(path.join(srcDir, 'county.geojson')));
  writeFileSync(path.join(outDir, 'fleet.json'), JSON.stringify({ vehicles: fleet }, null, 2) + '\n');
  writeFileSync(path.join(outDir, 'demand.csv'), demandRows.join('\n') + '\n');
  const dataset = {
    name: `${county.name} (${cfg.nameEn}), ${county.prefecture}, Qinghai`,
    countyCode: code,
    slug: cfg.folder,
    seed: SEED,
    timezone: 'Asia/Shanghai',
    travel: { circuity: cfg.circuity, speedKmh: SPEEDS },
    bus: { feeModel: 'trip', feePerTrip: BUS_FEE_PER_TRIP, feePerParcel: BUS_FEE_PER_PARCEL },
    sources: {
      codes: 'NBS 统计用区划代码和城乡划分代码 2023 via modood/Administrative-divisions-of-China',
      points: 'Township points, county boundary and 2016 urban-rural codes: Vonng/adcode, CC BY 4.0',
    },
    generatedBy: 'scripts/build-datasets.ts',
  };
  writeFileSync(path.join(outDir, 'dataset.json'), JSON.stringify(dataset, null, 2) + '\n');

  // GTFS
  const csv = (rows: (string | number)[][]): string => rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
  writeFileSync(
    path.join(outDir, 'bus', 'agency.txt'),
    csv([
      ['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang'],
      [`${code}-BUS`, `${county.name}城乡客运 (synthetic)`, 'https://example.invalid/', 'Asia/Shanghai', 'zh'],
    ]),
  );
  const stopNodes = [...new Map(lines.flatMap((l) => l.stops).map((s) => [s.id, s])).values()].sort((a, b) => a.id.localeCompare(b.id));
  writeFileSync(
    path.join(outDir, 'bus', 'stops.txt'),
    csv([
      ['stop_id', 'stop_name', 'stop_lat', 'stop_lon', 'node_id'],
      ...stopNodes.map((s) => [`S${s.id}`, s.kind === 'county_warehouse' ? `${county.name}汽车站` : placeName(s.name), s.pos[1]!, s.pos[0]!, s.id]),
    ]),
  );
  writeFileSync(
    path.join(outDir, 'bus', 'routes.txt'),
    csv([['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type'], ...lines.map((l) => [l.routeId, `${code}-BUS`, l.shortName, l.longName, 3])]),
  );
  writeFileSync(
    path.join(outDir, 'bus', 'trips.txt'),
    csv([
      ['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id', 'cargo_kg', 'cargo_m3'],
      ...lines.flatMap((l) => l.trips.map((t) => [l.routeId, l.serviceId, t.tripId, placeName(t.stopTimes[t.stopTimes.length - 1]!.node.name), t.direction, t.cargoKg, t.cargoM3])),
    ]),
  );
  writeFileSync(
    path.join(outDir, 'bus', 'stop_times.txt'),
    csv([
      ['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence'],
      ...lines.flatMap((l) => l.trips.flatMap((t) => t.stopTimes.map((s, i) => [t.tripId, hhmmss(s.arr), hhmmss(s.dep), `S${s.node.id}`, i + 1]))),
    ]),
  );
  writeFileSync(
    path.join(outDir, 'bus', 'calendar.txt'),
    csv([
      ['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'],
      ...[...new Set(lines.map((l) => l.serviceId))].sort().map((s) => [s, 1, 1, 1, 1, 1, 1, s === 'DAILY' ? 1 : 0, '20260101', '20261231']),
    ]),
  );

  writeFileSync(
    path.join(outDir, 'README.md'),
    countyReadme(cfg, county, tPoints, nodes, villageNodes, fleet, lines, seatTownship.code, hubs),
  );
  log.push(
    `${cfg.folder}: ${tPoints.length} townships (${tPoints.filter((t) => t.estimated).length} estimated), ${villageNodes.length} village-level units, ` +
      `${villageNodes.filter((v) => v.station).length} stations, ${villageNodes.filter((v) => v.poor).length} poor, ${fleet.length} vehicles, ` +
      `${lines.length} bus lines / ${lines.reduce((s, l) => s + l.trips.length, 0)} trips`,
  );
  return log;
}

/** Place name of a committee: `岳峰村村民委员会` → `岳峰村`, `涌兴村委会` → `涌兴村`, `城台社区居民委员会` → `城台社区`. */
function placeName(name: string): string {
  const base = name.replace(/(居民委员会|村民委员会|牧民委员会|居委会|村委会|牧委会)$/, '');
  if (base === name || /(村|社区)$/.test(base)) return base;
  return /(居民委员会|居委会)$/.test(name) ? base : `${base}村`;
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** GeoJSON with one feature per line: diff-friendly and still small. */
function geojsonText(fc: { type: string; name: string; features: unknown[] }): string {
  return `{"type":"FeatureCollection","name":${JSON.stringify(fc.name)},"features":[\n${fc.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

function countyReadme(
  cfg: CountyConfig,
  county: SourceCounty,
  tPoints: readonly (SourceTownship & { point: Position; estimated: boolean; note: string })[],
  nodes: readonly OutNode[],
  villages: readonly OutNode[],
  fleet: readonly OutVehicle[],
  lines: readonly Line[],
  seatTownship: string,
  hubs: ReadonlyMap<string, OutNode>,
): string {
  const pct = (n: number, d: number): string => `${n} of ${d} (${Math.round((100 * n) / Math.max(d, 1))}%)`;
  const committees = villages.filter((v) => !v.community);
  const L: string[] = [];
  L.push(`# ${county.name} (${cfg.nameEn}), ${county.prefecture} — dataset ${cfg.folder}`, '');
  L.push('Generated by `scripts/build-datasets.ts` (`npm run build:data`); do not edit by hand. Formats and the general');
  L.push('assumptions: `docs/datasets.md`. Sources and licences: `data/README.md` and');
  L.push(`\`../shared/data-sources/qinghai/${cfg.folder}/README.md\`.`, '');
  L.push('## What is real and what is synthetic', '');
  L.push('| item | status |', '|---|---|');
  L.push(`| county code, township codes and names, village-level codes and names | real (NBS 2023) |`);
  L.push(`| county boundary (\`county.geojson\`, copied unchanged) | real (Amap via Vonng/adcode, 2018-02, WGS-84) |`);
  L.push(`| county warehouse position | real county seat point (${county.seat[0]}, ${county.seat[1]}) |`);
  L.push(`| township hub positions | real Amap township points, except the ones flagged \`estimated\` below |`);
  L.push(`| village positions (\`synthetic: true\`) | synthetic, seeded |`);
  L.push(`| station / poor flags, opening hours, demand, fleet, bus feed | synthetic, seeded |`, '');
  L.push('## Counts', '');
  L.push(`- nodes: ${nodes.length} = 1 county warehouse + ${tPoints.length} township hubs + ${villages.length} village points`);
  L.push(`- village-level units: ${villages.length} (${villages.filter((v) => v.community).length} communities 居委会, ${committees.length} village committees 村委会)`);
  L.push(`- service stations: ${pct(villages.filter((v) => v.station).length, villages.length)} (every community; ${pct(committees.filter((v) => v.station).length, committees.length)} committees)`);
  L.push(`- registered poor villages: ${pct(committees.filter((v) => v.poor).length, committees.length)} committees`, '');
  L.push('## Townships', '');
  L.push('| code | name | villages | hub (lon, lat) | position |', '|---|---|---|---|---|');
  for (const t of tPoints) {
    const n = villages.filter((v) => v.parent === t.code).length;
    L.push(`| ${t.code} | ${t.name} | ${n} | ${t.point[0]}, ${t.point[1]} | ${t.estimated ? '**estimated**' : 'Amap point'}${t.code === seatTownship ? ' (county-seat township)' : ''} |`);
  }
  L.push('');
  const est = tPoints.filter((t) => t.estimated);
  if (est.length) {
    L.push('### Estimated township points', '');
    for (const t of est) L.push(`- ${t.code} ${t.name}: ${t.note}`);
    L.push('');
  }
  L.push('## Synthetic assumptions (seed `' + SEED + '`)', '');
  L.push('- Township cells: Voronoi cells of the township points (estimated ones included), clipped to the county polygon');
  L.push('  with turf. They stand in for the township boundaries, which no open source has.');
  L.push('- Villages: communities (居委会) 0.2–1.5 km from the township seat, town-centre villages (NBS class 121/122)');
  L.push('  0.6–4 km, township-centre villages (210) 0.4–2.5 km; all other villages at a uniform point of the');
  L.push('  township cell pulled 15–70% of the way towards the township point, at least 1.5 km from it; at least');
  L.push(`  ${MIN_SPACING_KM} km between any two points where possible. The seat township's communities cluster around the county`);
  L.push('  seat itself rather than the Amap township centre.');
  L.push(`- Stations: every community and ${Math.round(STATION_SHARE * 100)}% of the committees (seeded score, town-centre villages favoured).`);
  L.push(`- Poor villages: ${Math.round(POOR_SHARE * 100)}% of the committees (seeded score favouring remote, purely rural villages).`);
  L.push('- Demand per day (uniform, seeded): parcels down 25–60 (community), 8–20 (121/122), 6–14 (210), 2–8 (others);');
  L.push('  1.2–2.2 kg and 6 L per kg down; parcels up 2–6 / 1–4 / 1–3 / 0.5–3 at 3–8 kg (farm and herd products), 4 L per kg;');
  L.push('  chilled share 5–15% (communities) or 2–20% (villages).');
  L.push(`- Travel: geodesic distance × circuity ${cfg.circuity}; speeds ${JSON.stringify(SPEEDS)} km/h (dataset.json).`, '');
  L.push('## Fleet', '');
  L.push('| id | depot | type | kg | m3 | refrigerated |', '|---|---|---|---|---|---|');
  for (const v of fleet) L.push(`| ${v.id} | ${v.depot === county.code ? 'county warehouse' : hubs.get(v.depot)?.name ?? v.depot} | ${v.type} | ${v.capacityKg} | ${v.capacityM3} | ${v.refrigerated ? 'yes' : 'no'} |`);
  L.push('');
  L.push('## Bus feed (`bus/`, GTFS, synthetic)', '');
  L.push('No line names, stops or timetables were found for this county. The feed is sized on the neighbouring-county');
  L.push('figures in the source README (共和县 2009: 13 county–township lines; 化隆县: 70 rural lines) scaled down to a few');
  L.push('county–township lines with 1–3 round trips a day. Each trip carries parcels in a locked box / luggage hold of');
  L.push(`50–150 kg and 0.30–0.60 m3 (\`cargo_kg\`, \`cargo_m3\` in trips.txt) for ${BUS_FEE_PER_TRIP} yuan per trip and day carrying the box (dataset.json \`bus.feeModel: trip\`; ${BUS_FEE_PER_PARCEL} yuan per parcel under \`feeModel: parcel\`),`);
  L.push('as in Yamato/Japan Post bus schemes and kombiBUS. Bus speed 35 km/h on geodesic × circuity, 2 min dwell. Where');
  L.push('a round trip fits the day one bus shuttles from the county (30 min turn-around); on longer lines buses leave');
  L.push('both ends in the morning (the township bus overnights at the terminal). No arrival after 20:00 except a');
  L.push('single daily trip on a very long line.', '');
  L.push('| route | line | service | trips a day (each way) | stops |', '|---|---|---|---|---|');
  for (const l of lines)
    L.push(
      `| ${l.routeId} | ${l.longName} | ${l.serviceId} | ${l.trips.length / 2} | ${l.stops.map((s) => (s.kind === 'county_warehouse' ? `${county.name}汽车站` : placeName(s.name))).join(' → ')} |`,
    );
  L.push('');
  return L.join('\n');
}

function dataReadme(logs: readonly string[]): string {
  return [
    '# data/',
    '',
    'County datasets for the three-tier network (county warehouse → township hubs → village points), built by',
    '`scripts/build-datasets.ts` (`npm run build:data`) from the raw public sources in',
    '`../shared/data-sources/qinghai/`. Formats and assumptions: `docs/datasets.md`; per-county details in each',
    "county's README. `data/feeds/` holds sample carrier parcel feeds (owned by the persistence work).",
    '',
    '| folder | summary |',
    '|---|---|',
    ...logs.map((l) => `| ${l.split(':')[0]} | ${l.slice(l.indexOf(':') + 2)} |`),
    '',
    '## Credits and licences',
    '',
    '- **Township points, county boundaries and 2016 urban-rural codes: Vonng/adcode, CC BY 4.0**',
    '  (https://github.com/Vonng/adcode, commit b755d6e4abca8e0d309728abc9ad4b100dacc685). Coordinates converted from',
    '  GCJ-02 to WGS-84. The points and boundaries come originally from the Amap (高德) district API.',
    '- **Township and village codes and names**: NBS 统计用区划代码和城乡划分代码 2023 edition, via',
    '  modood/Administrative-divisions-of-China (commit 57a0aa9cef47169a2eb74cf057b0245052a34e8c; WTFPL v2 / MIT;',
    '  the codes are NBS public statistical standard data).',
    '- Everything else (village coordinates, two township points, flags, demand, fleet, bus feeds) is synthetic,',
    `  generated with the seed \`${SEED}\` and documented in each county README.`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcRoot = path.resolve(repoRoot, argValue('--sources') ?? process.env.RD_SOURCES ?? '../shared/data-sources/qinghai');
const outRoot = path.resolve(repoRoot, argValue('--out') ?? process.env.RD_DATA_OUT ?? 'data');
if (!existsSync(srcRoot)) {
  process.stderr.write(`sources not found: ${srcRoot} (use --sources DIR or RD_SOURCES)\n`);
  process.exit(2);
}
const only = argValue('--only');
const logs: string[] = [];
for (const cfg of COUNTIES) {
  if (only && !cfg.folder.includes(only)) continue;
  logs.push(...buildCounty(srcRoot, outRoot, cfg));
}
if (!only) writeFileSync(path.join(outRoot, 'README.md'), dataReadme(logs));
for (const l of logs) process.stdout.write(l + '\n');
