/**
 * Comparing two timetables of a county: the diff an operator reviews before activating a draft,
 * and the "not worse" rule of automatic activation. Pure functions over src/domain/timetable.ts.
 */
import { z } from 'zod';
import { ClockTime, VillageMode, Weekday, type Timetable } from './timetable.ts';

/** How one village is served in one timetable. */
export const VillageSlot = z.object({
  mode: VillageMode,
  weekdays: z.array(Weekday),
  /** Sorted distinct "HH:MM" arrivals at the village: line stops and bus legs toward it. */
  arrivals: z.array(ClockTime),
});
export type VillageSlot = z.infer<typeof VillageSlot>;

/** A village whose weekdays, arrival times or mode differ (null: not in that timetable). */
export const VillageChange = z.object({ code: z.string(), before: VillageSlot.nullable(), after: VillageSlot.nullable() });
export type VillageChange = z.infer<typeof VillageChange>;

/** A figure before and after. */
const BeforeAfter = z.object({ before: z.number().nullable(), after: z.number().nullable() });

export const TimetableDiff = z.object({
  linesAdded: z.array(z.string()),
  linesRemoved: z.array(z.string()),
  villages: z.array(VillageChange),
  vehicles: BeforeAfter,
  kmPerWeek: BeforeAfter,
  costPerWeek: BeforeAfter,
  leadTimeHoursP50: BeforeAfter,
  leadTimeHoursP95: BeforeAfter,
  villagesServed: BeforeAfter,
  villagesUnserved: BeforeAfter,
});
export type TimetableDiff = z.infer<typeof TimetableDiff>;

/** How `code` is served in `t` (null when `t` does not list it). */
export function villageSlot(t: Timetable, code: string): VillageSlot | null {
  const v = t.villages.find((x) => x.code === code);
  if (!v) return null;
  const arrivals = new Set<string>();
  for (const line of t.lines) for (const s of line.stops) if (s.node === code && s.kind !== 'break') arrivals.add(s.arrive);
  for (const leg of t.busLegs) if (leg.node === code && leg.direction !== 'up') arrivals.add(leg.arrive);
  return { mode: v.mode, weekdays: [...v.weekdays], arrivals: [...arrivals].sort() };
}

const sameSlot = (a: VillageSlot | null, b: VillageSlot | null): boolean => JSON.stringify(a) === JSON.stringify(b);
const served = (t: Timetable): number => t.villages.filter((v) => v.mode !== 'unserved').length;

/** What changes when `after` replaces `before`. Lines are matched by id; villages listed in code order. */
export function diffTimetables(before: Timetable, after: Timetable): TimetableDiff {
  const oldLines = new Set(before.lines.map((l) => l.id));
  const newLines = new Set(after.lines.map((l) => l.id));
  const codes = [...new Set([...before.villages, ...after.villages].map((v) => v.code))].sort();
  const villages: VillageChange[] = [];
  for (const code of codes) {
    const b = villageSlot(before, code);
    const a = villageSlot(after, code);
    if (!sameSlot(b, a)) villages.push({ code, before: b, after: a });
  }
  const pair = (f: (t: Timetable) => number | null | undefined) => ({ before: f(before) ?? null, after: f(after) ?? null });
  return {
    linesAdded: [...newLines].filter((id) => !oldLines.has(id)).sort(),
    linesRemoved: [...oldLines].filter((id) => !newLines.has(id)).sort(),
    villages,
    vehicles: pair((t) => t.totals.vehicles),
    kmPerWeek: pair((t) => t.totals.kmPerWeek),
    costPerWeek: pair((t) => t.totals.costPerWeek),
    leadTimeHoursP50: pair((t) => t.totals.leadTimeHoursP50),
    leadTimeHoursP95: pair((t) => t.totals.leadTimeHoursP95),
    villagesServed: pair(served),
    villagesUnserved: pair((t) => t.villages.length - served(t)),
  };
}

/**
 * True when `draft` is not worse than `active`: more villages served wins, then more poor villages
 * (codes in `poor`) served, then the lower weekly cost; equal on all three is "not worse".
 */
export function notWorseThan(draft: Timetable, active: Timetable, poor: ReadonlySet<string>): boolean {
  const poorServed = (t: Timetable): number => t.villages.filter((v) => v.mode !== 'unserved' && poor.has(v.code)).length;
  const keys = (t: Timetable): number[] => [served(t), poorServed(t), -t.totals.costPerWeek];
  const d = keys(draft);
  const a = keys(active);
  for (let i = 0; i < d.length; i++) if (d[i] !== a[i]) return d[i]! > a[i]!;
  return true;
}
