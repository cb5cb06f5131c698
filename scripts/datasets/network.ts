/** The three tiers of one county: warehouse, township hubs and synthetic village points with their flags. */
import * as turf from '@turf/turf';
import type { Position } from 'geojson';
import { MIN_SPACING_KM, POOR_SHARE, STATION_SHARE } from './config.ts';
import { type Area, inside, kmBetween, randomPointIn, roundPos, townshipCells } from './geometry.ts';
import { rng, uniform } from './seed.ts';
import type { OutNode, PreparedCounty, SourceVillage, TownshipPoint } from './types.ts';

/** The county warehouse at the county seat and one hub per township. */
export function tierNodes(p: PreparedCounty): { warehouse: OutNode; hubs: Map<string, OutNode> } {
  const code = p.county.code;
  const warehouse: OutNode = {
    id: code,
    kind: 'county_warehouse',
    code,
    name: p.warehouseName,
    parent: null,
    township: p.seatTownship.code,
    station: true,
    poor: false,
    community: false,
    open: '07:00',
    close: '20:00',
    synthetic: false,
    estimated: p.provenance.seatNote !== undefined,
    urban_rural_class: null,
    pos: roundPos(p.county.seat),
  };
  const hubs = new Map<string, OutNode>();
  for (const t of p.tPoints) {
    hubs.set(t.code, {
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
    });
  }
  return { warehouse, hubs };
}

/** Distance band (km) from the township anchor by unit type; [0, 0] = spread over the township cell. */
function band(v: SourceVillage): [number, number] {
  if (v.unitType === 'community') return [0.2, 1.5];
  if (v.urClass === '121' || v.urClass === '122') return [0.6, 4];
  if (v.urClass === '210') return [0.4, 2.5];
  return [0, 0];
}

interface PlaceContext {
  readonly folder: string;
  readonly boundary: Area;
  readonly cell: Area;
  readonly township: TownshipPoint;
  readonly anchor: Position;
  readonly placed: Position[];
  readonly r: () => number;
}

/** One village point: 400 seeded attempts (then a relaxed fallback that never ran for the demo counties). */
function placeOne(ctx: PlaceContext, v: SourceVillage): Position {
  const { boundary, cell, township: t, anchor, placed, r } = ctx;
  const [lo, hi] = band(v);
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
  // Fallback for tiny cells (urban districts, thin slivers): any point of the cell, 50 m apart.
  for (let attempt = 0; attempt < 400 && !pos; attempt++) {
    const cand = roundPos(randomPointIn(cell, r));
    if (!inside(cand, boundary) || placed.some((p) => kmBetween(p, cand) < 0.05)) continue;
    pos = cand;
  }
  if (!pos) throw new Error(`${ctx.folder}: could not place ${v.code}`);
  placed.push(pos);
  return pos;
}

/** Village points, one township at a time, each township with its own random stream. */
export function placeVillages(p: PreparedCounty, placed: Position[], warehouse: OutNode): OutNode[] {
  const code = p.county.code;
  const cells = townshipCells(p.tPoints, p.county.boundary);
  // Real village points (province build only) are placed first, so synthetic ones keep their distance.
  for (const v of p.villages) if (v.point) placed.push(v.point);
  const out: OutNode[] = [];
  for (const t of p.tPoints) {
    // Communities and town-centre villages cluster around the township seat; for the seat township
    // that is the county town (the Amap township "center" can be several km away, e.g. 马克堂镇).
    const ctx: PlaceContext = {
      folder: p.cfg.folder,
      boundary: p.county.boundary,
      cell: cells.get(t.code)!,
      township: t,
      anchor: t.code === p.seatTownship.code ? warehouse.pos : t.point,
      placed,
      r: rng(`${code}:place:${t.code}`),
    };
    for (const v of p.villages.filter((x) => x.townshipCode === t.code)) {
      out.push({
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
        synthetic: !v.point,
        estimated: false,
        urban_rural_class: v.urClass || null,
        pos: v.point ?? placeOne(ctx, v),
      });
    }
  }
  return out;
}

/**
 * Stations: every community, and the top STATION_SHARE of village committees by a seeded score
 * that favours town-centre villages. Poor villages: top POOR_SHARE of committees by a seeded score
 * favouring remote, purely rural (220) villages.
 */
export function assignFlags(code: string, villageNodes: readonly OutNode[], warehouse: OutNode): void {
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
}
