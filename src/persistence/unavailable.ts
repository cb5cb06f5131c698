/**
 * The database cannot be reached: the connection was refused, dropped or timed out, or the server
 * is shutting down. Such failures become `DatabaseUnavailableError` (code `unavailable`, HTTP 503,
 * a retry may succeed) at the adapter boundary, so no `pg` error shape leaks past src/persistence.
 */
import { AppError } from '../errors.ts';

/** The database is unreachable now (HTTP 503; the CLI exits 2 when it happens on open). */
export class DatabaseUnavailableError extends AppError {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message, 'unavailable');
  }
}

/** Socket-level error codes of a connection that cannot be made or was lost. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
]);

/** Messages node-postgres uses for a connection that died or could not be made in time. */
const LOST_CONNECTION = /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection terminated due to connection timeout|Query read timeout/i;

/**
 * True when `err` says the database is unreachable rather than that a statement is wrong:
 * a socket error, node-postgres' "Connection terminated", or SQLSTATE class 08 (connection
 * exception) and 57P01-57P03 (the server is shutting down or starting up).
 */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (typeof AggregateError !== 'undefined' && err instanceof AggregateError) return err.errors.some(isConnectionError);
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03') return true;
  }
  return LOST_CONNECTION.test(err.message);
}

/** Hides the password of a connection URL (`postgres://app:***@db:5432/rd`). */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}

/** The message of a failure (the first of an AggregateError, as Node reports a refused dual-stack connect). */
export function reason(err: unknown): string {
  if (typeof AggregateError !== 'undefined' && err instanceof AggregateError && err.errors.length) return reason(err.errors[0]);
  if (err instanceof Error) return err.message || (err as { code?: string }).code || err.name;
  return String(err);
}

/** `err` as a `DatabaseUnavailableError` when it is a connection failure, else `err` itself. */
export function asUnavailable(err: unknown, where = 'the database'): unknown {
  if (err instanceof DatabaseUnavailableError || !isConnectionError(err)) return err;
  return new DatabaseUnavailableError(`${where} is unavailable: ${reason(err)}`, err);
}
