/**
 * Reading the files of a county dataset folder into raw values (text, JSON, CSV records), recording
 * missing or unparseable files as issues rather than throwing.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { IssueCollector } from './dataset-issues.ts';

/** Whether `dir/rel` exists (file or folder). */
export async function exists(dir: string, rel: string): Promise<boolean> {
  try {
    await stat(path.join(dir, rel));
    return true;
  } catch {
    return false;
  }
}

/** The text of `dir/rel`, or undefined (with an issue when `required`) if it cannot be read. */
export async function readText(dir: string, rel: string, issues: IssueCollector, required = true): Promise<string | undefined> {
  try {
    return await readFile(path.join(dir, rel), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (required) issues.add(rel, undefined, 'file', 'is missing (required file)');
    } else {
      issues.add(rel, undefined, 'file', `cannot be read: ${(err as Error).message}`);
    }
    return undefined;
  }
}

/** Parsed JSON of `dir/rel`; a syntax error becomes an issue on field `json`. */
export async function readJson(dir: string, rel: string, issues: IssueCollector, required = true): Promise<unknown> {
  const text = await readText(dir, rel, issues, required);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    issues.add(rel, undefined, 'json', `is not valid JSON: ${(err as Error).message}`);
    return undefined;
  }
}

/** CSV records of one file (header row gives the keys; values trimmed; BOM stripped). */
export interface CsvTable {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, string>>[];
}

/**
 * Parses `dir/rel` as CSV with a header row (csv-parse). Checks that every column of `required`
 * is in the header; a missing column or a malformed file becomes an issue and yields undefined.
 */
export async function readCsv(
  dir: string,
  rel: string,
  required: readonly string[],
  issues: IssueCollector,
  fileRequired = true,
): Promise<CsvTable | undefined> {
  const text = await readText(dir, rel, issues, fileRequired);
  if (text === undefined) return undefined;
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (err) {
    issues.add(rel, undefined, 'csv', `is not valid CSV: ${(err as Error).message}`);
    return undefined;
  }
  const header = records[0];
  if (!header) {
    issues.add(rel, undefined, 'header', 'is missing (empty file)');
    return undefined;
  }
  const missing = required.filter((c) => !header.includes(c));
  for (const c of missing) issues.add(rel, undefined, c, 'column is missing from the header');
  if (missing.length) return undefined;
  const rows = records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
  return { columns: header, rows };
}

/** Type guard for plain JSON objects. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
