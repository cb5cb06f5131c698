/**
 * Parses a carrier feed body into raw records with their 1-based row numbers.
 * JSON: an array of objects (row = index + 1). CSV: a header line then data rows (row 1 = first
 * data row). Unparseable bodies are a ValidationError with status 400; row-level problems are left
 * to validation so that valid rows are kept.
 *
 * Bounded work: the byte limit is checked first; JSON rows are counted by a scan that stops as soon
 * as the row limit is passed (before anything is built), and the CSV parser is told to stop one
 * record past it, so an oversized feed costs a fraction of a second, whatever its size.
 *
 * Bytes are UTF-8 unless the sender declares `charset=gbk` or `gb18030` (decoded with TextDecoder);
 * bytes that are not valid in the declared charset are refused whole (415), never stored garbled.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { AppError, ValidationError } from '../errors.ts';
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

/** Charsets a byte body may declare (lower case, as TextDecoder names them). */
export const FEED_CHARSETS: ReadonlyMap<string, string> = new Map([
  ['utf-8', 'utf-8'],
  ['utf8', 'utf-8'],
  ['gbk', 'gbk'],
  ['gb2312', 'gbk'],
  ['gb18030', 'gb18030'],
]);

/** The body is not text in the declared (or default UTF-8) charset. HTTP 415. */
export class UnsupportedCharsetError extends AppError {
  constructor(message: string) {
    super(message, 'unsupported_media_type', [{ file: 'body', field: 'charset', reason: message }]);
  }
}

function asText(body: FeedBody, charset = 'utf-8'): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) {
    const name = FEED_CHARSETS.get(charset.trim().toLowerCase());
    if (name === undefined) {
      throw new UnsupportedCharsetError(`charset ${JSON.stringify(charset)} is not supported; send UTF-8 or declare charset=gbk or charset=gb18030`);
    }
    try {
      return new TextDecoder(name, { fatal: true }).decode(body);
    } catch {
      throw new UnsupportedCharsetError(
        name === 'utf-8'
          ? 'body is not valid UTF-8 (a GBK file? declare it as Content-Type: text/csv; charset=gbk, or save it as UTF-8)'
          : `body is not valid ${name}`,
      );
    }
  }
  throw new ValidationError([{ file: 'body', field: 'body', reason: 'must be text or bytes for CSV' }], undefined, 'malformed_body');
}

function tooManyRows(rows: number | string): FeedTooLargeError {
  return new FeedTooLargeError(`feed has ${rows} rows; the limit is ${MAX_FEED_ROWS} rows per request`);
}

/** Options of `parseFeed`. */
export interface ParseOptions {
  /** Charset of a byte body (default UTF-8); see FEED_CHARSETS. */
  readonly charset?: string;
}

/** Parses a feed body; throws FeedTooLargeError past the documented limits (nothing is stored). */
export function parseFeed(format: FeedFormat, body: FeedBody, options: ParseOptions = {}): RawRow[] {
  const bytes = byteLength(body);
  if (bytes !== null && bytes > MAX_FEED_BYTES) {
    throw new FeedTooLargeError(`feed is ${bytes} bytes; the limit is ${MAX_FEED_BYTES} bytes per request`);
  }
  const rows = format === 'json' ? parseJson(body, options.charset) : parseCsvText(asText(body, options.charset));
  if (rows.length > MAX_FEED_ROWS) throw tooManyRows(rows.length);
  return rows;
}

/**
 * Counts the elements of a top-level JSON array without building it, stopping once `limit` is
 * passed (returns limit + 1 then). Anything that is not an array counts as 0 (JSON.parse reports it).
 */
export function countJsonArrayElements(text: string, limit: number): number {
  let i = 0;
  const n = text.length;
  while (i < n && /\s|\uFEFF/.test(text[i]!)) i++;
  if (text[i] !== '[') return 0;
  let depth = 0;
  let count = 0;
  let empty = true;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \\ */) i++;
        else if (d === 0x22) break;
      }
      if (depth === 1 && empty) {
        empty = false;
        count = 1;
      }
      continue;
    }
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth === 2 && empty) {
        empty = false;
        count = 1;
      }
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
      if (depth === 0) return count;
    } else if (depth === 1) {
      if (c === 0x2c /* , */) {
        if (++count > limit) return count;
      } else if (empty && c > 0x20) {
        empty = false;
        count = 1;
      }
    }
  }
  return count;
}

function parseJson(body: FeedBody, charset?: string): RawRow[] {
  let value: unknown = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = asText(body, charset).replace(/^\uFEFF/, '');
    if (countJsonArrayElements(text, MAX_FEED_ROWS) > MAX_FEED_ROWS) throw tooManyRows(`more than ${MAX_FEED_ROWS}`);
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
    // Stops one record past the limit (the header is a record too): never parses the rest.
    table = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, to: MAX_FEED_ROWS + 2 }) as string[][];
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
  if (table.length - 1 > MAX_FEED_ROWS) throw tooManyRows(`more than ${MAX_FEED_ROWS}`);
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
