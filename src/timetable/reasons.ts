/**
 * Specific reasons for unserved villages (docs/timetable.md §2 "Reasons"): the binding limit, named
 * with its figures. A village that no vehicle could serve even alone gets, per depot that has
 * vehicles (the warehouse; its township hub and the nearest other hub with a vehicle), the limit its
 * round trip breaks: daily driving, the on-duty limit or shift, the opening hours, or capacity. A
 * village that one vehicle could serve alone was left out because the lines' time is taken: the
 * reason names the depot's vehicles and the village's priority class. Reasons the routing already
 * made specific (a driver-rule cut, giving way to a village of higher priority) are kept.
 */
import type { Vehicle } from '../domain/dataset.ts';
import { peakDaysCarried } from '../../solver/index.ts';
import type { PlanContext, PlanState } from './phases/state.ts';
import { vehicleClass } from './settings.ts';
import { toMinutes } from './time.ts';
import { minutes, type VillageInfo } from './villages.ts';

/** Reasons the routing gives that do not say which limit binds. */
const GENERIC = [/^no feasible run/, /^cannot be served within/, /^no vehicle available/, /^not routed/, /^split from its village stop/, /^no trunk run could reach/, /^demand exceeds every vehicle/];

const hours = (m: number): string => `${(m / 60).toFixed(1)} h`;

/** Why `v` could not be served from `depot` by any of `vehicles` alone, or null if one could. */
function aloneLimit(ctx: PlanContext, v: VillageInfo, depot: string, vehicles: readonly Vehicle[], peakKg: number): string | null {
  const { S, matrix } = ctx;
  const out = minutes(matrix, depot, v.node.id);
  const back = minutes(matrix, v.node.id, depot);
  const drive = out + back;
  const breaks = Math.max(0, Math.ceil(drive / S.maxContinuousDrivingMinutes) - 1) * S.minBreakMinutes;
  const duty = drive + S.villageServiceMinutes + breaks;
  const from = depot === ctx.wh ? ctx.earliest : toMinutes(ctx.ds.nodeById.get(depot)?.open ?? '00:00');
  const why: string[] = [];
  for (const veh of vehicles) {
    const start = Math.max(toMinutes(veh.shiftStart), from);
    const shift = Math.min(toMinutes(veh.shiftEnd) - start, S.shiftLimitMinutes[vehicleClass(veh, ctx.wh)]);
    const arrive = Math.max(start + out + (out > S.maxContinuousDrivingMinutes ? S.minBreakMinutes : 0), toMinutes(v.node.open));
    if (drive > S.maxDailyDrivingMinutes) why.push(`round trip from ${depot} is ${hours(drive)} of driving (${Math.round(drive)} min) > ${hours(S.maxDailyDrivingMinutes)} daily driving limit (${S.maxDailyDrivingMinutes} min)`);
    else if (duty > shift) why.push(`round trip from ${depot} is ${hours(duty)} (${Math.round(duty)} min of driving, breaks and the stop) > ${hours(shift)} shift of ${veh.id} (${Math.round(shift)} min)`);
    else if (arrive > toMinutes(v.node.close)) why.push(`from ${depot} it is reached at the earliest ${hours(arrive)} after midnight, after it closes at ${v.node.close}`);
    else if (peakKg > veh.capacityKg) why.push(`its ${peakKg.toFixed(0)} kg per visit > ${veh.capacityKg} kg capacity of ${veh.id}`);
    else return null;
  }
  return [...new Set(why)].join('; ');
}

/** The specific reason why village `v` is unserved; `given` is what the routing reported. */
export function unservedReason(ctx: PlanContext, st: PlanState, v: VillageInfo, given: string | undefined): string {
  if (given && !GENERIC.some((re) => re.test(given))) return given;
  const { ds, matrix } = ctx;
  void ds;
  // alone on a run: the down freight is on board at departure, the up freight after the stop
  const peakKg = Math.max(v.ambDownKg, v.ambUpKg) * peakDaysCarried(st.villageDays(v)) * ctx.S.loadFactor;
  const whVehicles = [...(ctx.ambientFleet.get(ctx.wh) ?? []), ...ctx.reefers.filter((r) => r.depot === ctx.wh)];
  const hubsWithVehicles = [...ctx.ambientFleet.keys()].filter((d) => d !== ctx.wh);
  const nearestHub = hubsWithVehicles
    .map((h) => ({ h, rt: minutes(matrix, h, v.node.id) + minutes(matrix, v.node.id, h) }))
    .sort((a, b) => a.rt - b.rt || (a.h < b.h ? -1 : 1))[0];
  // villages are routed from the warehouse or from their own township hub (feeders serve their township)
  const ownHub = v.hub && (ctx.ambientFleet.get(v.hub)?.length ?? 0) > 0 ? v.hub : null;
  const depots: { depot: string; vehicles: readonly Vehicle[] }[] = [];
  if (whVehicles.length) depots.push({ depot: ctx.wh, vehicles: whVehicles });
  if (ownHub) depots.push({ depot: ownHub, vehicles: ctx.ambientFleet.get(ownHub) ?? [] });
  const limits = depots.map((d) => ({ ...d, why: aloneLimit(ctx, v, d.depot, d.vehicles, peakKg) }));
  const hubNote = ownHub
    ? ''
    : nearestHub
      ? `; its township hub has no vehicle (the nearest hub with one, ${nearestHub.h}, is ${hours(nearestHub.rt)} round trip away and serves its own township)`
      : '; no township hub has a vehicle';
  if (!limits.length) return `no vehicle at the warehouse or its township hub${hubNote}`;
  if (limits.every((l) => l.why !== null)) return limits.map((l) => l.why).join('; ') + hubNote;
  // one vehicle could serve it alone: the lines' time is taken by villages of the same or higher priority
  const cls = v.node.poor ? 'poor' : v.node.station ? 'with a service station' : 'neither poor nor with a station';
  const able = limits.filter((l) => l.why === null);
  const lines = st.road.filter((r) => able.some((l) => l.vehicles.some((veh) => veh.id === r.run.vehicle.id)));
  const hoursUsed = lines.reduce((a, r) => a + r.run.minutes * r.days.length, 0);
  const vehicles = [...new Set(able.flatMap((l) => l.vehicles.map((x) => x.id)))];
  const parent = v.hub && ds.nodeById.get(v.hub) ? ` (township ${v.hub})` : '';
  return `vehicles' time is taken: ${vehicles.join(', ')} could reach it alone, but their lines already run ${hours(hoursUsed)} a week within the shift, driving and break limits and have no room for it; it is ${cls}${parent}${given?.startsWith('no trunk') ? '; the trunk could not reach its hub in time' : ''}`;
}
