/** "HH:MM" ↔ minutes after midnight, for the timetable (local time): the county clock of src/domain/time.ts. */
export { parseMinutes as toMinutes, formatMinutes as toHHMM } from '../domain/time.ts';
