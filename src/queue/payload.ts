/**
 * Payload validation shared by both queue adapters (BullMQ and the in-process runner), so neither
 * adapter imports the other.
 */
import { ValidationError } from '../errors.ts';
import { type JobName, type JobPayload, PAYLOAD_SCHEMAS } from './contracts.ts';
import { zodIssues } from './zod-issues.ts';

/** Validates a payload against its job contract; ValidationError naming the field otherwise. */
export function parsePayload<N extends JobName>(name: N, payload: unknown): JobPayload<N> {
  const schema = PAYLOAD_SCHEMAS[name];
  if (!schema) throw new ValidationError([{ field: 'name', reason: `unknown job ${JSON.stringify(name)}` }]);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error, 'payload'));
  return parsed.data;
}
