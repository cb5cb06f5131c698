/**
 * Typed errors with stable codes. Exceptions are for bad input and bugs; infeasibility in the
 * solver is data (penalised cost, `unassigned`), never an exception.
 *
 * Errors carry a typed `code` (ErrorCode), not a transport status. The HTTP layer maps the code
 * to RFC 9457 problem+json and a status in exactly one middleware; the CLI maps input codes to exit 2.
 */

/** One problem found in the input: where it is and why it is wrong. */
export interface Issue {
  /** File name (relative to the dataset) or logical source such as `body`, `csv`. */
  file?: string;
  /** 1-based data row (CSV rows exclude the header) or feature index, when the source is tabular. */
  row?: number;
  /** The offending field or JSON path, e.g. `properties.parent`, `cargo_kg`. */
  field: string;
  /** Human-readable reason naming the rule, e.g. `must be one of ambient|chilled|frozen`. */
  reason: string;
}

/** Formats an issue as `file row 3: field: reason`. */
export function formatIssue(i: Issue): string {
  const where = [i.file, i.row !== undefined ? `row ${i.row}` : undefined].filter(Boolean).join(' ');
  return `${where ? where + ': ' : ''}${i.field}: ${i.reason}`;
}

/**
 * The stable, machine-readable error codes. They say what went wrong, never how a transport reports
 * it: the HTTP status is chosen from the code in the one error middleware (src/api/problem.ts), the
 * exit code in the CLI (src/cli/main.ts).
 */
export type ErrorCode =
  /** Input that parsed but breaks a rule (a field, a row). */
  | 'invalid_input'
  /** Input that cannot be parsed at all (a CSV with an unclosed quote, a feed that is not an array). */
  | 'malformed_body'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  /** A dispatch run failed on its input: retrying cannot help. */
  | 'dispatch_failed'
  /** A dispatch run failed for a passing reason (worker, queue): it may succeed later. */
  | 'dispatch_unavailable'
  /** A service this process depends on (the database) cannot be reached now: it may succeed later. */
  | 'unavailable';

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'invalid_input',
  'malformed_body',
  'not_found',
  'conflict',
  'unauthorized',
  'forbidden',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'dispatch_failed',
  'dispatch_unavailable',
  'unavailable',
]);

/** True when `code` is one of the ErrorCode values (for errors rebuilt from a message). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && ERROR_CODES.has(code);
}

/** True for codes of bad input: the request or job is wrong and retrying it cannot succeed. */
export function isInputErrorCode(code: ErrorCode): boolean {
  // A feed past its limits or in an undeclared charset is the input's fault too (CLI exit 2).
  return code === 'invalid_input' || code === 'malformed_body' || code === 'payload_too_large' || code === 'unsupported_media_type';
}

/** True for codes of failures that a retry cannot fix (everything but a passing outage). */
export function isPermanentErrorCode(code: ErrorCode): boolean {
  return code !== 'dispatch_unavailable' && code !== 'unavailable';
}

/** Base class: `code` is stable and machine-readable; transports map it to their own status. */
export class AppError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
    readonly issues: readonly Issue[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that fails validation (`invalid_input`), or cannot be parsed at all (`malformed_body`). CLI exit 2. */
export class ValidationError extends AppError {
  constructor(issues: readonly Issue[], message?: string, code: 'invalid_input' | 'malformed_body' = 'invalid_input') {
    super(
      message ??
        (issues.length === 1
          ? formatIssue(issues[0]!)
          : `${issues.length} problems:\n` +
            issues
              .slice(0, 100)
              .map((i) => '  - ' + formatIssue(i))
              .join('\n') +
            (issues.length > 100 ? `\n  … and ${issues.length - 100} more` : '')),
      code,
      issues,
    );
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, 'not_found');
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(message, 'conflict');
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'missing or invalid API key') {
    super(message, 'unauthorized');
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'this key may not do that') {
    super(message, 'forbidden');
  }
}
