/**
 * Collecting validation problems while a dataset loads. Every reader records issues instead of
 * throwing, so one `ValidationError` can report all problems of all files at once:
 * errors name the file, the row and the field, and the rule.
 */
import type { Issue } from '../errors.ts';

/** An append-only list of issues for one dataset load. */
export class IssueCollector {
  readonly issues: Issue[] = [];

  /** Records one problem. `row` is the 1-based CSV data row or 1-based feature index. */
  add(file: string, row: number | undefined, field: string, reason: string): void {
    this.issues.push(row === undefined ? { file, field, reason } : { file, row, field, reason });
  }

  /** A recorder bound to one file and row, for the field checks below. */
  at(file: string, row?: number): FieldSink {
    return (field, reason) => this.add(file, row, field, reason);
  }

  /** Number of issues recorded so far. */
  get count(): number {
    return this.issues.length;
  }
}

/** Records a problem with one field of the current row. */
export type FieldSink = (field: string, reason: string) => void;

/** Raw value as read from JSON or CSV. */
type Raw = unknown;

const isBlank = (v: Raw): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A required non-empty string; records `is required` / `must be a string`. */
export function reqString(v: Raw, field: string, bad: FieldSink): string | undefined {
  if (isBlank(v)) {
    bad(field, 'is required');
    return undefined;
  }
  if (typeof v !== 'string' && typeof v !== 'number') {
    bad(field, `must be a string, got ${JSON.stringify(v)}`);
    return undefined;
  }
  return String(v).trim();
}

/**
 * A finite number (JSON number or numeric CSV text) within [min, max]. Records `must be a number`
 * or the violated bound. `optional` returns `fallback` for a blank value; `json` rejects numeric
 * strings (JSON sources must use JSON numbers; CSV sources are text by nature).
 */
export function num(
  v: Raw,
  field: string,
  bad: FieldSink,
  opts: { min?: number; max?: number; integer?: boolean; optional?: boolean; fallback?: number; exclusiveMin?: boolean; json?: boolean } = {},
): number | undefined {
  if (isBlank(v)) {
    if (opts.optional) return opts.fallback;
    bad(field, 'is required');
    return undefined;
  }
  const x = typeof v === 'number' ? v : !opts.json && typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(x)) {
    bad(field, `must be a number, got ${JSON.stringify(v)}`);
    return undefined;
  }
  if (opts.integer && !Number.isInteger(x)) {
    bad(field, `must be an integer, got ${x}`);
    return undefined;
  }
  if (opts.min !== undefined && (opts.exclusiveMin ? x <= opts.min : x < opts.min)) {
    bad(field, `must be ${opts.exclusiveMin ? '>' : '>='} ${opts.min}, got ${x}`);
    return undefined;
  }
  if (opts.max !== undefined && x > opts.max) {
    bad(field, `must be <= ${opts.max}, got ${x}`);
    return undefined;
  }
  return x;
}

/** A boolean (JSON true/false, or CSV `true|false|1|0`); blank gives `fallback` when given. */
export function bool(v: Raw, field: string, bad: FieldSink, fallback?: boolean): boolean | undefined {
  if (isBlank(v) && fallback !== undefined) return fallback;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 1) return true;
  if (v === 'false' || v === '0' || v === 0) return false;
  bad(field, `must be true or false, got ${JSON.stringify(v)}`);
  return undefined;
}

/** "HH:MM" within a day, as minutes after midnight. */
export function clock(v: Raw, field: string, bad: FieldSink): number | undefined {
  const m = typeof v === 'string' ? /^(\d{2}):(\d{2})$/.exec(v.trim()) : null;
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) {
    bad(field, `must be a time "HH:MM", got ${JSON.stringify(v)}`);
    return undefined;
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

/** GTFS time "H:MM:SS" or "HH:MM:SS" (may exceed 24:00), as minutes after midnight (fractional). */
export function gtfsTime(v: Raw, field: string, bad: FieldSink): number | undefined {
  const m = typeof v === 'string' ? /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(v.trim()) : null;
  if (!m || Number(m[2]) > 59 || Number(m[3]) > 59) {
    bad(field, `must be a GTFS time "HH:MM:SS", got ${JSON.stringify(v)}`);
    return undefined;
  }
  return Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) / 60;
}

/**
 * Node ids for reference checks: `valid` passed validation, `declared` appear in network.geojson at
 * all (valid or not). A reference to a declared but invalid node is not reported again: that node's
 * own row already carries the issue, and "does not exist" would mislead.
 */
export interface NodeIds {
  readonly valid: ReadonlySet<string>;
  readonly declared: ReadonlySet<string>;
}

/**
 * Checks a reference to a network node. Records `node "X" does not exist in network.geojson` for an
 * undeclared id; returns true only for a valid node.
 */
export function nodeRef(id: string, ids: NodeIds, field: string, bad: FieldSink): boolean {
  if (ids.valid.has(id)) return true;
  if (!ids.declared.has(id)) bad(field, `node "${id}" does not exist in network.geojson`);
  return false;
}
