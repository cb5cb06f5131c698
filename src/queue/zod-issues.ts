/** Turns zod issues into the project's `Issue` list (field path joined with dots). */
import type { z } from 'zod';
import type { Issue } from '../errors.ts';

/** Maps a ZodError to issues; `prefix` names the source (e.g. `payload`, `body`). */
export function zodIssues(error: z.ZodError, file?: string): Issue[] {
  return error.issues.map((i) => ({
    ...(file ? { file } : {}),
    field: i.path.length > 0 ? i.path.map(String).join('.') : '(root)',
    reason: i.message,
  }));
}
