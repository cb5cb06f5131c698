/**
 * What taking a village off the road lines of a solved timetable saves per week (yuan): the
 * removal gain that prices a bus leg against the real routes (docs/timetable.md §2, step 4). For each
 * ambient line that stops at the village, per day it runs:
 * - the village is one stop among others: the detour km × costPerKm plus (detour minutes + the
 *   stop's dwell) × costPerHour, where the detour is prev → village → next minus prev → next;
 * - the village is the line's only stop: the whole line's km and hours, plus the vehicle's fixed
 *   cost when the vehicle has no other line on that day.
 * Chilled freight keeps its cold-chain line, so cold lines do not count. Removing the last village
 * of a feeder would also save the hub's trunk stop; that is not counted (the estimate is low there).
 */
import type { Dataset, TravelMatrix } from '../domain/dataset.ts';
import type { Timetable } from '../domain/timetable.ts';
import { toMinutes } from './time.ts';
import { km, minutes } from './villages.ts';

/** Removal gain per week of every village on an ambient road line of `tt`, by village code. */
export function removalGains(ds: Dataset, matrix: TravelMatrix, tt: Timetable): Map<string, number> {
  const fleet = new Map(ds.fleet.map((v) => [v.id, v]));
  const linesOfVehicleDay = new Map<string, number>();
  for (const l of tt.lines) for (const d of l.weekdays) linesOfVehicleDay.set(`${l.vehicle}|${d}`, (linesOfVehicleDay.get(`${l.vehicle}|${d}`) ?? 0) + 1);
  const gain = new Map<string, number>();
  const add = (id: string, x: number): void => {
    gain.set(id, (gain.get(id) ?? 0) + x);
  };
  for (const l of tt.lines) {
    if (l.coldChain) continue;
    const veh = fleet.get(l.vehicle);
    if (!veh) continue;
    const stops = l.stops.filter((st) => st.kind !== 'break');
    const inner = stops.slice(1, -1);
    const nodes = new Set(inner.map((st) => st.node));
    if (nodes.size === 1) {
      const only = inner[0]!.node;
      if (ds.nodeById.get(only)?.kind !== 'village_point') continue;
      let g = (l.km * veh.costPerKm + (l.minutes / 60) * veh.costPerHour) * l.weekdays.length;
      for (const d of l.weekdays) if ((linesOfVehicleDay.get(`${l.vehicle}|${d}`) ?? 0) === 1) g += veh.fixedCost;
      add(only, g);
      continue;
    }
    for (let i = 1; i < stops.length - 1; i++) {
      const st = stops[i]!;
      if (ds.nodeById.get(st.node)?.kind !== 'village_point') continue;
      const prev = stops[i - 1]!.node;
      const next = stops[i + 1]!.node;
      const dk = km(matrix, prev, st.node) + km(matrix, st.node, next) - km(matrix, prev, next);
      const dwell = Math.max(0, toMinutes(st.depart) - toMinutes(st.arrive));
      const dm = minutes(matrix, prev, st.node) + minutes(matrix, st.node, next) - minutes(matrix, prev, next) + dwell;
      add(st.node, (dk * veh.costPerKm + (Math.max(0, dm) / 60) * veh.costPerHour) * l.weekdays.length);
    }
  }
  return gain;
}
