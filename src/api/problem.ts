/**
 * The one error middleware: every error becomes RFC 9457 problem+json with a stable
 * `code` and, for input errors, `errors: [{field, row, reason}]`. The HTTP status of an AppError is
 * chosen here from its code (HTTP_STATUS; `unavailable`, an unreachable database, is 503 with
 * Retry-After); malformed JSON is 400, a body over the limit 413, an unsupported media type 415, a zod error
 * that escaped a route 422; anything else is a 500 whose details go to the log only.
 */
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request } from 'express';
import { ZodError } from 'zod';
import { AppError, type ErrorCode, type Issue } from '../errors.ts';
import { zodIssues } from '../queue/zod-issues.ts';

/** Base of problem `type` URIs; the code is appended (`…/problems/invalid_input`). */
export const PROBLEM_TYPE_BASE = 'https://rural-dispatch.example/problems/';

/** The HTTP status of each error code: the one place where domain errors meet HTTP. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_input: 422,
  malformed_body: 400,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  dispatch_failed: 422,
  dispatch_unavailable: 502,
  // The database (or another dependency) cannot be reached now; clients may retry.
  unavailable: 503,
};

/** Seconds a client should wait before retrying a 503 `unavailable` (the Retry-After header). */
export const RETRY_AFTER_SECONDS = 5;

/** A problem+json body. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: { field: string; row?: number; file?: string; reason: string }[];
}

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  message?: string;
  limit?: number;
}

/** Most issues one problem lists (a body with a million bad elements must not build a million). */
export const MAX_PROBLEM_ISSUES = 100;

function issuesOut(issues: readonly Issue[]): ProblemBody['errors'] {
  return issues.slice(0, MAX_PROBLEM_ISSUES).map((i) => ({
    field: i.field,
    ...(i.row !== undefined ? { row: i.row } : {}),
    ...(i.file !== undefined ? { file: i.file } : {}),
    reason: i.reason,
  }));
}

/** Maps any thrown value to a problem body (no request context). */
export function toProblem(err: unknown): ProblemBody {
  const make = (status: number, code: string, detail: string, issues?: readonly Issue[]): ProblemBody => ({
    type: PROBLEM_TYPE_BASE + code,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(issues && issues.length ? { errors: issuesOut(issues) } : {}),
  });
  if (err instanceof AppError) return make(HTTP_STATUS[err.code], err.code, err.message, err.issues);
  if (err instanceof URIError) {
    // The router could not percent-decode a path segment (`/v1/parcels/SF/%ZZ`).
    return make(400, 'malformed_path', `the path is not valid percent-encoding: ${err.message}`, [{ field: 'path', reason: 'must be valid percent-encoding' }]);
  }
  if (err instanceof ZodError) {
    const issues = zodIssues(err);
    const shown = issues.slice(0, MAX_PROBLEM_ISSUES).map((i) => `${i.field}: ${i.reason}`);
    const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '';
    return make(422, 'invalid_input', shown.join('; ') + more, issues);
  }
  const bp = err as BodyParserError;
  switch (bp?.type) {
    case 'entity.parse.failed':
      return make(400, 'malformed_body', `body is not valid JSON: ${bp.message ?? ''}`.trim(), [
        { field: 'body', reason: 'must be valid JSON' },
      ]);
    case 'entity.too.large':
      return make(413, 'payload_too_large', `body exceeds the limit of ${bp.limit ?? '?'} bytes`, [
        { field: 'body', reason: `must be at most ${bp.limit ?? '?'} bytes` },
      ]);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return make(415, 'unsupported_media_type', bp.message ?? 'unsupported encoding');
    case 'request.aborted':
      return make(400, 'request_aborted', 'the client aborted the request');
  }
  return make(500, 'internal', 'internal error');
}

/** Express error middleware writing `application/problem+json`. `log` receives 5xx errors. */
export function problemMiddleware(log: (err: unknown, req: Request) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const body = toProblem(err);
    if (body.status >= 500) log(err, req);
    body.instance = req.originalUrl;
    const id = (req as Request & { id?: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') body.requestId = String(id);
    if (body.code === 'unavailable') res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    if (body.status === 401 && !res.getHeader('WWW-Authenticate')) res.setHeader('WWW-Authenticate', 'Bearer realm="rural-dispatch"');
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  };
}
