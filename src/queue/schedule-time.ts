/**
 * Wall-clock arithmetic for the daily dispatch schedule, in an IANA time zone, without a date
 * library: Intl gives the zone's local fields for an instant; we search the next instant whose
 * local time is the scheduled "HH:MM".
 */
import type { DailySchedule } from './port.ts';
import { parseClock } from './port.ts';

function localParts(epochMs: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number } {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts = Object.fromEntries(fmt.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), mo: Number(parts.month), d: Number(parts.day), h: Number(parts.hour), mi: Number(parts.minute) };
}

/** Local calendar date `YYYY-MM-DD` of instant `epochMs` in `timeZone` (the service day). */
export function serviceDate(epochMs: number, timeZone: string): string {
  const p = localParts(epochMs, timeZone);
  return `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** Epoch ms of the next minute after `nowMs` whose local time in the schedule's zone is its "HH:MM". */
export function nextDailyFire(schedule: DailySchedule, nowMs: number): number {
  const { h, m } = parseClock(schedule.time);
  // Walk forward minute by minute from the next whole minute, jumping by the local offset
  // difference first: at most 48 h of candidates, usually one or two iterations.
  let t = Math.floor(nowMs / 60_000) * 60_000 + 60_000;
  for (let i = 0; i < 3 * 24 * 60; i++) {
    const p = localParts(t, schedule.timeZone);
    if (p.h === h && p.mi === m) return t;
    const diff = ((h * 60 + m - (p.h * 60 + p.mi)) + 24 * 60) % (24 * 60);
    t += Math.max(1, diff) * 60_000;
  }
  throw new Error(`no local time ${schedule.time} in ${schedule.timeZone} within 3 days`);
}

/** The BullMQ cron pattern (minute hour * * *) of a daily schedule. */
export function cronOf(schedule: DailySchedule): string {
  const { h, m } = parseClock(schedule.time);
  return `${m} ${h} * * *`;
}
