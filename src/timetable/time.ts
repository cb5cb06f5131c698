/** "HH:MM" ↔ minutes after midnight, for the timetable (local time). */

/** Parses "HH:MM" (or "H:MM", "HH:MM:SS") into minutes after midnight; throws naming the value. */
export function toMinutes(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(hhmm.trim());
  if (!m) throw new Error(`time "${hhmm}" must be HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]) + (m[3] ? Number(m[3]) / 60 : 0);
}

/** Formats minutes after midnight as "HH:MM", rounded to the nearest minute. */
export function toHHMM(minutes: number): string {
  const t = Math.round(minutes);
  const h = Math.floor(t / 60);
  const m = t - h * 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
