/**
 * Scan events as posted (`POST /v1/events`): the one definition of the shape (zod). `at` is ISO 8601
 * with any offset (none = county time, src/domain/time.ts).
 */
import { z } from 'zod';
import { InstantInput } from './feed.ts';

/** Scan kinds. */
export const EVENT_KINDS = ['loaded', 'handed_to_bus', 'arrived_at_hub', 'delivered', 'picked_up'] as const;
export const EventKind = z.enum(EVENT_KINDS, { error: `must be one of ${EVENT_KINDS.join('|')}` });
/** A scan kind. */
export type EventKind = z.infer<typeof EventKind>;

/** One scan as posted. */
export const ScanEvent = z.object({
  carrier: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
  trackingNo: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
  kind: EventKind,
  at: InstantInput,
  /** Network node where the scan happened. */
  node: z.string().optional(),
  runId: z.string().optional(),
});
/** One scan as posted. */
export type ScanEvent = z.infer<typeof ScanEvent>;
