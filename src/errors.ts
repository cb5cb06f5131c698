/**
 * Typed errors with stable codes. Exceptions are for bad input and bugs; infeasibility in the
 * solver is data (penalised cost, `unassigned`), never an exception (STYLE.md §2, §7).
 *
 * The HTTP layer maps these to RFC 9457 problem+json in exactly one middleware; the CLI maps
 * `ValidationError` (and any `AppError` with status 400/422) to exit code 2.
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

/** Base class: `code` is stable and machine-readable; `status` is the HTTP status. */
export class AppError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly issues: readonly Issue[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that fails validation. HTTP 422 (400 for unparseable bodies), CLI exit 2. */
export class ValidationError extends AppError {
  constructor(issues: readonly Issue[], message?: string, status = 422) {
    super(
      message ??
        (issues.length === 1
          ? formatIssue(issues[0]!)
          : `${issues.length} problems:\n` + issues.map((i) => '  - ' + formatIssue(i)).join('\n')),
      'invalid_input',
      status,
      issues,
    );
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, 'not_found', 404);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(message, 'conflict', 409);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'missing or invalid API key') {
    super(message, 'unauthorized', 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'this key may not do that') {
    super(message, 'forbidden', 403);
  }
}
