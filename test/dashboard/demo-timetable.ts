/**
 * A deterministic stand-in timetable for the dashboard test while the real planner and the
 * `serve` command are not in place: the stub server (./stub-server.ts) serves coverage computed from
 * a real county dataset and this timetable. Not a plan: a fixed pattern that exercises every band
 * and mode (daily feeder, three-day feeder, bus leg, unserved).
 */
import type { Dataset, Weekday } from '../../src/domain/dataset.ts';
import type { BusLeg, Line, Timetable, VillageService } from '../../src/domain/timetable.ts';

const ALL: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MWF: Weekday[] = ['mon', 'wed', 'fri'];
const TT: Weekday[] = ['tue', 'thu'];

function line(dataset: Dataset, id: string, tier: Line['tier'], weekdays: Weekday[], nodes: string[]): Line {
  let km = 0;
  for (let i = 1; i < nodes.length; i++) {
    const a = dataset.nodeById.get(nodes[i - 1]!)!;
    const b = dataset.nodeById.get(nodes[i]!)!;
    km += Math.hypot((a.lon - b.lon) * 90, (a.lat - b.lat) * 111);
  }
  return {
    id,
    tier,
    vehicle: `demo-${id}`,
    weekdays,
    stops: nodes.map((node) => ({ node, arrive: '10:00', depart: '10:00' })),
    km,
    minutes: km * 1.5,
    loadKg: 200,
    loadM3: 1,
  };
}

/** The stand-in timetable of `dataset`. */
export function demoTimetable(dataset: Dataset): Timetable {
  const hubs = dataset.nodes.filter((n) => n.kind === 'township_hub');
  const lines: Line[] = [line(dataset, 'TRUNK-1', 'trunk', ALL, [dataset.warehouseId, ...hubs.map((h) => h.id), dataset.warehouseId])];
  const busLegs: BusLeg[] = [];
  const villages: VillageService[] = [];
  const trip = dataset.bus.trips[0];
  for (const hub of hubs) {
    const vs = dataset.nodes.filter((n) => n.kind === 'village_point' && n.parent === hub.id);
    const daily = vs.filter((_, i) => i % 3 === 0);
    const mwf = vs.filter((_, i) => i % 3 === 1);
    if (daily.length > 0) lines.push(line(dataset, `F-${hub.id}-D`, 'feeder', ALL, [hub.id, ...daily.map((v) => v.id), hub.id]));
    if (mwf.length > 0) lines.push(line(dataset, `F-${hub.id}-M`, 'feeder', MWF, [hub.id, ...mwf.map((v) => v.id), hub.id]));
    vs.forEach((v, i) => {
      const lead = 2 + (i % 7) * 1.5;
      if (i % 3 === 0) villages.push({ code: v.code, mode: 'feeder', weekdays: ALL, visitsPerWeek: 7, line: `F-${hub.id}-D`, leadTimeHours: lead });
      else if (i % 3 === 1) villages.push({ code: v.code, mode: 'feeder', weekdays: MWF, visitsPerWeek: 3, line: `F-${hub.id}-M`, leadTimeHours: lead + 24 });
      else if (i % 2 === 0 && trip) {
        busLegs.push({ tripId: trip.tripId, node: v.id, weekdays: TT, kg: 5, m3: 0.02, arrive: '11:00', feePerWeek: 10 });
        villages.push({ code: v.code, mode: 'bus', weekdays: TT, visitsPerWeek: 2, line: `bus:${trip.tripId}`, leadTimeHours: lead + 48 });
      } else villages.push({ code: v.code, mode: 'unserved', weekdays: [], visitsPerWeek: 0, line: null, leadTimeHours: null, reason: 'demo pattern' });
    });
  }
  const kmPerWeek = lines.reduce((s, l) => s + l.km * l.weekdays.length, 0);
  return {
    county: dataset.countyCode,
    dataset: dataset.slug,
    generatedAt: '2026-11-01T00:00:00.000Z',
    seed: 1,
    settings: { demo: true },
    lines,
    busLegs,
    villages,
    totals: {
      vehicles: lines.length,
      kmPerWeek,
      vehicleHoursPerWeek: kmPerWeek / 40,
      costPerWeek: kmPerWeek * 2.5,
      busFeesPerWeek: busLegs.reduce((s, b) => s + b.feePerWeek, 0),
    },
  };
}
