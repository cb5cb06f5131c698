/**
 * Independent checker of the driver rules of a weekly timetable. It reads only the plan JSON (and,
 * for the on-duty limit, a limit per vehicle id the caller derives from the dataset): every gap
 * between one stop's departure and the next stop's arrival is driving; a `kind: "break"` stop of at
 * least `minBreakMinutes`, or a pause of that long between two lines of the vehicle at its depot,
 * ends a stretch of continuous driving. Times are the HH:MM of the JSON (a stop's optional `day`
 * offset adds 24 h per day). Per vehicle and weekday it checks:
 * - continuous driving ≤ `maxContinuousMinutes` (道路交通安全法实施条例 art. 62: 4 h, then ≥ 20 min rest);
 * - driving per day ≤ `maxDailyMinutes` (8 h);
 * - on-duty time (first departure to last return) ≤ the vehicle's limit, when given.
 */
import type { Line, Timetable } from '../../src/domain/timetable.ts';

export interface DriverRuleLimits {
  readonly maxContinuousMinutes: number;
  readonly minBreakMinutes: number;
  readonly maxDailyMinutes: number;
  /** On-duty minutes per vehicle-day, by vehicle id (absent: not checked). */
  readonly shiftLimitOf?: (vehicleId: string) => number | undefined;
}

/** The defaults of China's road traffic rules: 4 h continuous, 20 min break, 8 h a day. */
export const CHINA_DRIVER_RULES: DriverRuleLimits = { maxContinuousMinutes: 240, minBreakMinutes: 20, maxDailyMinutes: 480 };

const at = (hhmm: string, day = 0): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return day * 1440 + h! * 60 + m!;
};

/** Violations of the driver rules in `tt` (empty when every vehicle-day keeps them). */
export function checkDriverRules(tt: Timetable, r: DriverRuleLimits = CHINA_DRIVER_RULES): string[] {
  const errors: string[] = [];
  const byVehDay = new Map<string, Line[]>();
  for (const l of tt.lines) for (const d of l.weekdays) byVehDay.set(`${l.vehicle}|${d}`, [...(byVehDay.get(`${l.vehicle}|${d}`) ?? []), l]);
  for (const [key, lines] of [...byVehDay].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const day = (st: object): number => ('day' in st && typeof st.day === 'number' ? st.day : 0);
    const timed = lines.map((l) => ({ l, from: at(l.stops[0]!.depart, day(l.stops[0]!)), to: at(l.stops[l.stops.length - 1]!.arrive, day(l.stops[l.stops.length - 1]!)) })).sort((a, b) => a.from - b.from);
    let cont = 0;
    let total = 0;
    let prevEnd: number | null = null;
    for (const { l, from } of timed) {
      if (prevEnd !== null && from - prevEnd >= r.minBreakMinutes) cont = 0;
      for (let i = 1; i < l.stops.length; i++) {
        const a = l.stops[i - 1]!;
        const b = l.stops[i]!;
        const drive = at(b.arrive, day(b)) - at(a.depart, day(a));
        if (drive < 0) errors.push(`${key}: line ${l.id} goes back in time from ${a.node} to ${b.node}`);
        cont += Math.max(0, drive);
        total += Math.max(0, drive);
        if (cont > r.maxContinuousMinutes) {
          errors.push(`${key}: line ${l.id} drives ${cont} min without a ${r.minBreakMinutes}-min break by ${b.node} (limit ${r.maxContinuousMinutes})`);
          cont = 0; // report each stretch once
        }
        if (b.kind === 'break') {
          const rest = at(b.depart, day(b)) - at(b.arrive, day(b));
          if (rest < r.minBreakMinutes) errors.push(`${key}: line ${l.id} break at ${b.node} lasts ${rest} min < ${r.minBreakMinutes}`);
          else cont = 0;
        }
      }
      prevEnd = at(l.stops[l.stops.length - 1]!.arrive, day(l.stops[l.stops.length - 1]!));
    }
    if (total > r.maxDailyMinutes) errors.push(`${key}: drives ${total} min in the day > ${r.maxDailyMinutes}`);
    const limit = r.shiftLimitOf?.(key.split('|')[0]!);
    if (limit !== undefined && timed.length) {
      const span = Math.max(...timed.map((t) => t.to)) - timed[0]!.from;
      if (span > limit) errors.push(`${key}: on duty ${span} min (first departure to last return) > ${limit}`);
    }
  }
  return errors;
}
