/**
 * Parses a carrier feed body into raw records with their 1-based row numbers.
 * JSON: an array of objects (row = index + 1). CSV: a header line then data rows (row 1 = first
 * data row). Unparseable bodies are a ValidationError with status 400; row-level problems are left
 * to validation so that valid rows are kept.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { ValidationError } from '../errors.ts';
import { FeedTooLargeError, MAX_FEED_BYTES, MAX_FEED_ROWS } from './limits.ts';

/** Feed encodings. */
export type FeedFormat = 'json' | 'csv';

/** One raw row of a feed: its values keyed by column, or a reason it could not be read. */
export interface RawRow {
  readonly row: number;
  readonly record: Readonly<Record<string, unknown>> | null;
  /** Set when `record` is null: why the row could not be read as a record. */
  readonly problem?: string;
}

/** A feed body: text, bytes, or (JSON only) an already-parsed value such as express's `req.body`. */
export type FeedBody = string | Uint8Array | unknown;

function byteLength(body: FeedBody): number | null {
  if (typeof body === 'string') return Buffer.byteLength(body, 'utf8');
  if (body instanceof Uint8Array) return body.byteLength;
  return null;
}

function asText(body: FeedBody): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder('utf-8', { fatal: false }).decode(body);
  throw new ValidationError([{ file: 'body', field: 'body', reason: 'must be text or bytes for CSV' }], undefined, 'malformed_body');
}

/** Parses a feed body; throws FeedTooLargeError past the documented limits (nothing is stored). */
export function parseFeed(format: FeedFormat, body: FeedBody): RawRow[] {
  const bytes = byteLength(body);
  if (bytes !== null && bytes > MAX_FEED_BYTES) {
    throw new FeedTooLargeError(`feed is ${bytes} bytes; the limit is ${MAX_FEED_BYTES} bytes per request`);
  }
  const rows = format === 'json' ? parseJson(body) : parseCsvText(asText(body));
  if (rows.length > MAX_FEED_ROWS) {
    throw new FeedTooLargeError(`feed has ${rows.length} rows; the limit is ${MAX_FEED_ROWS} rows per request`);
  }
  return rows;
}

function parseJson(body: FeedBody): RawRow[] {
  let value: unknown = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = asText(body).replace(/^\uFEFF/, '');
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ValidationError(
        [{ file: 'body', field: 'body', reason: `is not valid JSON (${err instanceof Error ? err.message : String(err)})` }],
        undefined,
        'malformed_body',
      );
    }
  }
  if (!Array.isArray(value)) {
    throw new ValidationError([{ file: 'body', field: 'body', reason: 'must be a JSON array of parcel objects' }], undefined, 'malformed_body');
  }
  return value.map((v: unknown, i) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? { row: i + 1, record: v as Record<string, unknown> }
      : { row: i + 1, record: null, problem: 'must be an object' },
  );
}

function parseCsvText(text: string): RawRow[] {
  let table: string[][];
  try {
    table = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new ValidationError(
      [
        {
          file: 'csv',
          ...(typeof line === 'number' ? { row: Math.max(1, line - 1) } : {}),
          field: 'body',
          reason: `is not valid CSV (${err instanceof Error ? err.message : String(err)})`,
        },
      ],
      undefined,
      'malformed_body',
    );
  }
  const header = table[0];
  if (!header) return [];
  const columns = header.map((h) => h.trim().toLowerCase());
  return table.slice(1).map((cells, i) => {
    if (cells.length !== columns.length) {
      return { row: i + 1, record: null, problem: `has ${cells.length} columns; the header has ${columns.length}` };
    }
    const record: Record<string, string> = {};
    columns.forEach((c, j) => {
      record[c] = cells[j] ?? '';
    });
    return { row: i + 1, record };
  });
}
