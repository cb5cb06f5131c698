/**
 * County-local time: every Chinese county uses UTC+08:00 with no daylight saving, so a timestamp
 * without an offset and a service date 'YYYY-MM-DD' are read in UTC+08:00.
 */

/** The county's UTC offset, fixed (China Standard Time). */
export const COUNTY_UTC_OFFSET = '+08:00';
const OFFSET_MS = 8 * 3600_000;

const STAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO-8601-like timestamp ('2026-11-30', '2026-11-30 08:00', '2026-11-30T08:00:00Z',
 * '…+08:00'). Without an offset it is county-local time. Returns epoch ms, or null when invalid.
 */
export function parseCountyTime(text: string): number | null {
  const m = STAMP.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  let offset = COUNTY_UTC_OFFSET;
  if (zone === 'Z') offset = 'Z';
  else if (zone) offset = zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${offset}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  // Reject rolled-over dates such as 2026-02-30 (Date.parse accepts some of them).
  const local = new Date(ms + (offset === 'Z' ? 0 : offsetMs(offset)));
  if (local.getUTCDate() !== Number(d) || local.getUTCMonth() + 1 !== Number(mo)) return null;
  return ms;
}

function offsetMs(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 3600_000 + Number(offset.slice(4, 6)) * 60_000);
}

/** True for a real calendar date 'YYYY-MM-DD'. */
export function isServiceDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const t = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === date;
}

/** Epoch ms of county-local midnight starting `date` ('YYYY-MM-DD'). */
export function startOfServiceDate(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - OFFSET_MS;
}

/** Epoch ms of county-local `date` at `hhmm` ('HH:MM'; may exceed 24:00 for after-midnight arrivals). */
export function countyTimeOn(date: string, hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return startOfServiceDate(date) + (Number(h) * 60 + Number(m)) * 60_000;
}

/** The service date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Weekday index of a service date, 0 = Monday … 6 = Sunday. */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}
