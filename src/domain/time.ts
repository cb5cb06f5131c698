/**
 * The county clock: the one place that reads and writes times.
 *
 * - Zone: a county's local time is China Standard Time (`Asia/Shanghai`, UTC+08:00, no daylight
 *   saving). A dataset's `dataset.json` `timezone` may name another fixed-offset IANA zone
 *   (`countyClock`); without one the default applies.
 * - Input: ISO 8601 with any offset (`Z`, `+08:00`, `+0800`, `+08`) or none (= county time), date
 *   only or with minutes, seconds and fractions. Years outside 2000..2100 and rolled-over dates
 *   (2026-02-30) are refused (`parseInstant` → null, `checkInstant` names the field).
 * - Output: every emitted timestamp is ISO 8601 in county time with its offset and whole seconds,
 *   `2026-12-03T06:00:00+08:00` (`formatInstant`). Sub-second parts are dropped (floor).
 * - Times of day: minutes after county midnight; `formatMinutes` prints "HH:MM" rounded to the
 *   nearest minute (half a minute rounds up) with the carry into the hour (479.6 → "08:00", never
 *   "07:60"). Values of 24:00 and more stay as they are ("25:10" = 01:10 the next day), as the
 *   timetable writes after-midnight arrivals.
 */
import { ValidationError } from '../errors.ts';

/** The default county time zone. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
/** Its UTC offset. */
export const COUNTY_UTC_OFFSET = '+08:00';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Earliest and latest accepted years of an input timestamp (anything else is a typo or a placeholder). */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** A county's clock: its zone and fixed offset from UTC. */
export interface CountyClock {
  readonly timeZone: string;
  /** Offset in minutes east of UTC (480 for +08:00). */
  readonly offsetMinutes: number;
  /** The offset as ISO 8601 text, `+08:00`. */
  readonly offset: string;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** The clock of China Standard Time, every county's unless its dataset says otherwise. */
export const CHINA_CLOCK: CountyClock = { timeZone: DEFAULT_TIME_ZONE, offsetMinutes: 480, offset: COUNTY_UTC_OFFSET };

function zoneOffsetAt(timeZone: string, ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(ms));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - Math.floor(ms / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
}

/**
 * The clock of `timeZone` (an IANA zone from a dataset; absent → Asia/Shanghai). The zone must keep
 * one offset all year (county time has no daylight saving); otherwise a ValidationError names the
 * field `timezone`.
 */
export function countyClock(timeZone?: string | null): CountyClock {
  if (timeZone === undefined || timeZone === null || timeZone === DEFAULT_TIME_ZONE) return CHINA_CLOCK;
  let jan: number;
  let jul: number;
  try {
    jan = zoneOffsetAt(timeZone, Date.UTC(2026, 0, 15));
    jul = zoneOffsetAt(timeZone, Date.UTC(2026, 6, 15));
  } catch {
    throw new ValidationError([{ field: 'timezone', reason: `must be an IANA time zone such as ${DEFAULT_TIME_ZONE}, got ${JSON.stringify(timeZone)}` }]);
  }
  if (jan !== jul) {
    throw new ValidationError([{ field: 'timezone', reason: `must be a zone without daylight saving (${timeZone} changes its offset)` }]);
  }
  return { timeZone, offsetMinutes: jan, offset: offsetText(jan) };
}

// ---------------------------------------------------------------- instants

const STAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Why `text` is not an accepted timestamp, or null when it is. */
export function instantProblem(text: string): string | null {
  return parseDetailed(text).reason;
}

function parseDetailed(text: string, clock: CountyClock = CHINA_CLOCK): { ms: number | null; reason: string | null } {
  const m = STAMP.exec(text.trim());
  if (!m) return { ms: null, reason: 'must be an ISO 8601 time YYYY-MM-DDTHH:MM[:SS][offset], e.g. 2026-12-03T06:00+08:00' };
  const [, ys, mos, ds, hs = '00', mis = '00', ss = '00', frac = '', zone] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = Number(hs);
  const mi = Number(mis);
  const s = Number(ss);
  if (y < MIN_YEAR || y > MAX_YEAR) return { ms: null, reason: `must be a year between ${MIN_YEAR} and ${MAX_YEAR}, got ${ys}` };
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) {
    return { ms: null, reason: `must be a real calendar date, got ${ys}-${mos}-${ds}` };
  }
  if (h > 23 || mi > 59 || s > 59) return { ms: null, reason: `must be a time of day 00:00:00-23:59:59, got ${hs}:${mis}:${ss}` };
  let offsetMinutes = clock.offsetMinutes;
  if (zone !== undefined && zone.toUpperCase() === 'Z') offsetMinutes = 0;
  else if (zone !== undefined) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 14 || om > 59) return { ms: null, reason: `must have a UTC offset within ±14:00, got ${zone}` };
    offsetMinutes = sign * (oh * 60 + om);
  }
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, Math.floor(Number(`0${frac || '.0'}`) * 1000)) - offsetMinutes * MINUTE_MS;
  return { ms, reason: null };
}

/**
 * Parses an ISO 8601 timestamp with any offset (none = county time). Returns epoch ms, or null when
 * it is not a timestamp, names a day that does not exist, or a year outside 2000..2100.
 */
export function parseInstant(text: string, clock: CountyClock = CHINA_CLOCK): number | null {
  return parseDetailed(text, clock).ms;
}

/** As `parseInstant`, but a bad value throws a ValidationError naming `field` and the reason. */
export function checkInstant(field: string, text: string, clock: CountyClock = CHINA_CLOCK): number {
  const r = parseDetailed(text, clock);
  if (r.ms === null) throw new ValidationError([{ field, reason: r.reason ?? 'must be an ISO 8601 time' }]);
  return r.ms;
}

/** A Date, epoch ms or ISO text as epoch ms (ISO text without offset is county time). */
function toMs(t: Date | number | string, clock: CountyClock): number {
  if (t instanceof Date) return t.getTime();
  if (typeof t === 'number') return t;
  const ms = parseInstant(t, clock) ?? Date.parse(t);
  if (Number.isNaN(ms)) throw new RangeError(`not a timestamp: ${JSON.stringify(t)}`);
  return ms;
}

/** An instant as ISO 8601 county time with offset and whole seconds: `2026-12-03T06:00:00+08:00`. */
export function formatInstant(t: Date | number | string, clock: CountyClock = CHINA_CLOCK): string {
  const ms = toMs(t, clock);
  if (!Number.isFinite(ms)) throw new RangeError(`not a timestamp: ${String(t)}`);
  const local = new Date(Math.floor(ms / 1000) * 1000 + clock.offsetMinutes * MINUTE_MS);
  return `${local.toISOString().slice(0, 19)}${clock.offset}`;
}

/** As `formatInstant`, null stays null. */
export function formatInstantOrNull(t: Date | number | string | null | undefined, clock: CountyClock = CHINA_CLOCK): string | null {
  return t === null || t === undefined ? null : formatInstant(t, clock);
}

/** The county service date 'YYYY-MM-DD' an instant falls on. */
export function serviceDateOf(t: Date | number | string, clock: CountyClock = CHINA_CLOCK): string {
  return new Date(toMs(t, clock) + clock.offsetMinutes * MINUTE_MS).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- service dates

/** True for a real calendar date 'YYYY-MM-DD'. */
export function isServiceDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const t = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === date;
}

/** Epoch ms of county-local midnight starting `date` ('YYYY-MM-DD'). */
export function startOfServiceDate(date: string, clock: CountyClock = CHINA_CLOCK): number {
  return Date.parse(`${date}T00:00:00Z`) - clock.offsetMinutes * MINUTE_MS;
}

/** Epoch ms of county-local `date` at `hhmm` ('HH:MM'; may exceed 24:00 for after-midnight arrivals). */
export function countyTimeOn(date: string, hhmm: string, clock: CountyClock = CHINA_CLOCK): number {
  return startOfServiceDate(date, clock) + Math.round(parseMinutes(hhmm) * MINUTE_MS);
}

/** The service date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Weekday index of a service date, 0 = Monday … 6 = Sunday. */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

// ---------------------------------------------------------------- times of day

/** Minutes in a day. */
export const MINUTES_PER_DAY = 1440;

/** Parses "HH:MM" (or "H:MM", "HH:MM:SS") into minutes after midnight; throws naming the value. */
export function parseMinutes(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(hhmm.trim());
  if (!m || Number(m[2]) > 59 || (m[3] !== undefined && Number(m[3]) > 59)) throw new Error(`time "${hhmm}" must be HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]) + (m[3] ? Number(m[3]) / 60 : 0);
}

/**
 * Minutes after midnight as "HH:MM": rounded to the nearest whole minute first (x.5 rounds up),
 * then split into hours and minutes, so the minutes are always 00-59 (479.6 → "08:00"). Hours of
 * 24 and more are kept (after-midnight times of a service day). Negative or non-finite minutes throw.
 */
export function formatMinutes(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes after midnight must be a number >= 0, got ${minutes}`);
  const t = Math.round(minutes);
  const h = Math.floor(t / 60);
  return `${String(h).padStart(2, '0')}:${String(t - h * 60).padStart(2, '0')}`;
}

/** Minutes after county midnight of `date` at which instant `t` falls (may be negative or >= 1440). */
export function minutesOfDay(date: string, t: Date | number | string, clock: CountyClock = CHINA_CLOCK): number {
  return (toMs(t, clock) - startOfServiceDate(date, clock)) / MINUTE_MS;
}
