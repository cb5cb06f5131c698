/**
 * County-local time for ingest: the county clock of src/domain/time.ts (UTC+08:00, no daylight
 * saving; a timestamp without an offset and a service date 'YYYY-MM-DD' are read in county time).
 */
import { parseInstant } from '../domain/time.ts';

export { COUNTY_UTC_OFFSET, addDays, countyTimeOn, isServiceDate, startOfServiceDate, weekdayIndex } from '../domain/time.ts';

/**
 * Parses an ISO 8601 timestamp ('2026-11-30', '2026-11-30 08:00', '2026-11-30T08:00:00Z',
 * '…+08:00'). Without an offset it is county-local time. Returns epoch ms, or null when invalid
 * (including rolled-over dates and years outside 2000..2100).
 */
export function parseCountyTime(text: string): number | null {
  return parseInstant(text);
}
