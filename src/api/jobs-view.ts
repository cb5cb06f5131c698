/** JSON views of queue jobs for the API. */
import { formatInstant, formatInstantOrNull } from '../domain/time.ts';
import type { JobStatus } from '../queue/port.ts';

/** A job status as the API returns it (dates as ISO strings). */
export function jobView(s: JobStatus): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    state: s.state,
    payload: s.payload,
    progress: s.progress,
    result: s.result,
    error: s.error,
    attemptsMade: s.attemptsMade,
    createdAt: formatInstant(s.createdAt),
    finishedAt: formatInstantOrNull(s.finishedAt),
  };
}
