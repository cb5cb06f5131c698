/**
 * Documented size limits of one parcel feed (HTTP request or CLI file). A larger feed is refused
 * whole (HTTP 413) before anything is stored; split it into several batches.
 */
import { AppError } from '../errors.ts';

/** Most rows accepted in one feed. */
export const MAX_FEED_ROWS = 100_000;
/** Most bytes accepted in one feed body (20 MiB). */
export const MAX_FEED_BYTES = 20 * 1024 * 1024;

/** The feed exceeds MAX_FEED_ROWS or MAX_FEED_BYTES. HTTP 413. */
export class FeedTooLargeError extends AppError {
  constructor(message: string) {
    super(message, 'payload_too_large');
  }
}
