/** Synthetic county–township bus lines (seeded), later written as GTFS. */
import { SPEEDS } from './config.ts';
import { kmBetween, segmentOffset } from './geometry.ts';
import { rng, round } from './seed.ts';
import { villageCounts } from './demand.ts';
import type { Line, OutNode, PreparedCounty, StopTime, TownshipPoint } from './types.ts';

/** No arrival after 20:00 (except a single daily trip on a very long line). */
const LAST_ARRIVAL = 20 * 60;

/** The most remote, most populous non-seat townships, ⌈n / 2.5⌉ of them (2–4), in code order. */
function destinations(p: PreparedCounty, warehouse: OutNode, villageNodes: readonly OutNode[]): TownshipPoint[] {
  const counts = villageCounts(villageNodes);
  const nonSeat = p.tPoints.filter((t) => t.code !== p.seatTownship.code);
  const nLines = Math.max(2, Math.min(4, Math.ceil(nonSeat.length / 2.5)));
  return [...nonSeat]
    .sort((a, b) => kmBetween(b.point, warehouse.pos) * Math.sqrt(counts.get(b.code) ?? 1) - kmBetween(a.point, warehouse.pos) * Math.sqrt(counts.get(a.code) ?? 1) || a.code.localeCompare(b.code))
    .slice(0, nLines)
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** Stops of a line: the county bus station, up to 3 villages near the straight line, the hub, up to 2 villages beyond. */
function lineStops(t: TownshipPoint, hub: OutNode, warehouse: OutNode, villageNodes: readonly OutNode[]): OutNode[] {
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
  return [warehouse, ...along, hub, ...beyond];
}

/** The trips of one line: 1–3 a day each way, a shuttle from the county when a round trip fits the day. */
function lineTrips(routeId: string, stops: readonly OutNode[], circuity: number, rb: () => number): Line['trips'] {
  const busMinutes = (a: OutNode, b: OutNode): number => ((kmBetween(a.pos, b.pos) * circuity) / SPEEDS.bus) * 60;
  const wanted = 1 + Math.floor(rb() * 3); // 1..3 trips a day each way
  const first = 7 * 60 + 30 + Math.floor(rb() * 7) * 10; // 07:30..08:30
  const timed = (seq: readonly OutNode[], dep: number): StopTime[] => {
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
  return trips;
}

/** Bus lines: county bus station (at the warehouse node) to the most remote, most populous townships. */
export function buildBusLines(p: PreparedCounty, warehouse: OutNode, hubs: ReadonlyMap<string, OutNode>, villageNodes: readonly OutNode[]): Line[] {
  const code = p.county.code;
  const rb = rng(`${code}:bus`);
  const dest = destinations(p, warehouse, villageNodes);
  return dest.map((t, li) => {
    const stops = lineStops(t, hubs.get(t.code)!, warehouse, villageNodes);
    const routeId = `${code}-L${li + 1}`;
    return {
      routeId,
      shortName: `${li + 1}路`,
      longName: `${p.county.name.replace(/县$/, '')}—${t.name}`,
      serviceId: li === dest.length - 1 ? 'MON_SAT' : 'DAILY',
      stops,
      trips: lineTrips(routeId, stops, p.cfg.circuity, rb),
    };
  });
}
