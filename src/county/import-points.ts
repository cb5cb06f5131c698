/**
 * `county import-points DIR FILE`: replaces the synthetic (or estimated) points of network nodes
 * with surveyed ones, matched by code.
 *
 * - CSV: a header with `code` and `lon`/`lat` (also `lng`, `longitude`, `latitude`); other columns
 *   are ignored. GeoJSON: Point features with a `code` property.
 * - Every row is checked (code present, 6/9/12 digits; lon in [-180, 180], lat in [-90, 90]; no code
 *   twice; the point inside the county boundary, 0.2 km tolerance as the loader). Any problem: one
 *   ValidationError naming FILE, row and field (exit 2), and the dataset is not touched.
 * - Rows whose code is no node of the dataset are reported as unmatched (not an error).
 * - Matched nodes get the point, `synthetic: false` and `estimated: false`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Position } from 'geojson';
import { parse } from 'csv-parse/sync';
import { insideWithTolerance } from '../domain/load-network.ts';
import { IssueCollector, num } from '../domain/dataset-issues.ts';
import { ValidationError, type Issue } from '../errors.ts';
import { updateDataset } from './atomic.ts';
import { readNetworkFile, writeNetworkFile } from './files.ts';

export interface PointRow {
  readonly row: number;
  readonly code: string;
  readonly pos: Position;
}

export interface ImportPointsResult {
  readonly updated: number;
  readonly byKind: Readonly<Record<string, number>>;
  readonly unmatched: readonly { readonly row: number; readonly code: string }[];
  /** The dataset has roads.geojson, built for the old points. */
  readonly roadsStale: boolean;
}

function pick(rec: Record<string, unknown>, names: readonly string[]): unknown {
  for (const n of names) if (rec[n] !== undefined && rec[n] !== '') return rec[n];
  return undefined;
}

function checkRow(rec: Record<string, unknown>, row: number, file: string, issues: IssueCollector, json: boolean): PointRow | undefined {
  const bad = issues.at(file, row);
  const before = issues.count;
  const rawCode = rec.code;
  const code = rawCode === undefined || rawCode === null ? '' : String(rawCode).trim();
  if (!code) bad('code', 'is required');
  else if (!/^(\d{6}|\d{9}|\d{12})$/.test(code)) bad('code', `must be a 6-, 9- or 12-digit NBS code, got "${code}"`);
  const lon = num(pick(rec, ['lon', 'lng', 'longitude']), json ? 'geometry.coordinates[0]' : 'lon', bad, { min: -180, max: 180, json });
  const lat = num(pick(rec, ['lat', 'latitude']), json ? 'geometry.coordinates[1]' : 'lat', bad, { min: -90, max: 90, json });
  if (issues.count > before || lon === undefined || lat === undefined) return undefined;
  return { row, code, pos: [lon, lat] };
}

/** Parses a points CSV or GeoJSON file into checked rows (issues recorded per row and field). */
export async function readPointsFile(file: string, issues: IssueCollector): Promise<PointRow[]> {
  const name = path.basename(file);
  const text = await readFile(file, 'utf8').catch((e: Error) => {
    throw new ValidationError([{ file: name, field: 'file', reason: `cannot be read (${e.message})` }]);
  });
  const out: PointRow[] = [];
  if (/\.(geo)?json$/i.test(file)) {
    let fc: { features?: unknown };
    try {
      fc = JSON.parse(text) as { features?: unknown };
    } catch (e) {
      throw new ValidationError([{ file: name, field: 'file', reason: `is not valid JSON (${(e as Error).message})` }]);
    }
    if (!Array.isArray(fc.features)) throw new ValidationError([{ file: name, field: 'features', reason: 'must be an array (a FeatureCollection)' }]);
    fc.features.forEach((f: unknown, i: number) => {
      const g = (f as { geometry?: { type?: string; coordinates?: unknown[] } }).geometry;
      const props = ((f as { properties?: Record<string, unknown> }).properties ?? {}) as Record<string, unknown>;
      if (g?.type !== 'Point' || !Array.isArray(g.coordinates)) {
        issues.add(name, i + 1, 'geometry', 'must be a Point');
        return;
      }
      const r = checkRow({ ...props, lon: g.coordinates[0], lat: g.coordinates[1] }, i + 1, name, issues, true);
      if (r) out.push(r);
    });
  } else {
    let recs: Record<string, string>[];
    try {
      recs = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, bom: true }) as Record<string, string>[];
    } catch (e) {
      throw new ValidationError([{ file: name, field: 'csv', reason: (e as Error).message }]);
    }
    const header = recs.length > 0 ? Object.keys(recs[0]!) : [];
    if (recs.length > 0 && (!header.includes('code') || !header.some((h) => ['lon', 'lng', 'longitude'].includes(h)) || !header.some((h) => ['lat', 'latitude'].includes(h))))
      throw new ValidationError([{ file: name, row: 0, field: 'header', reason: `needs columns code, lon, lat; got ${header.join(', ')}` }]);
    recs.forEach((rec, i) => {
      const r = checkRow(rec, i + 1, name, issues, false);
      if (r) out.push(r);
    });
  }
  const seen = new Map<string, number>();
  for (const r of out) {
    const first = seen.get(r.code);
    if (first !== undefined) issues.add(name, r.row, 'code', `${r.code} appears twice (first in row ${first})`);
    else seen.set(r.code, r.row);
  }
  return out;
}

/** Imports the points of `file` into the dataset `dir` (atomically). */
export async function importPoints(dir: string, file: string): Promise<ImportPointsResult> {
  const issues = new IssueCollector();
  const rows = await readPointsFile(file, issues);
  const name = path.basename(file);
  return updateDataset(dir, async (tmp, before) => {
    const net = await readNetworkFile(tmp);
    const byCode = new Map(net.features.map((f) => [String(f.properties.code), f]));
    const unmatched: { row: number; code: string }[] = [];
    const byKind: Record<string, number> = {};
    for (const r of rows) {
      const f = byCode.get(r.code);
      if (!f) {
        unmatched.push({ row: r.row, code: r.code });
        continue;
      }
      if (!insideWithTolerance(r.pos, before.boundary)) {
        issues.add(name, r.row, 'lon/lat', `point (${r.pos[0]}, ${r.pos[1]}) is outside the county boundary of ${before.name}`);
        continue;
      }
      f.geometry.coordinates = [r.pos[0]!, r.pos[1]!];
      f.properties.synthetic = false;
      f.properties.estimated = false;
      byKind[f.properties.kind] = (byKind[f.properties.kind] ?? 0) + 1;
    }
    if (issues.count > 0) throw importError(name, issues.issues);
    await writeNetworkFile(tmp, net);
    return { updated: rows.length - unmatched.length, byKind, unmatched, roadsStale: before.roads.length > 0 };
  });
}

/** One ValidationError for an import: `invalid FILE: N problems` and every issue. */
export function importError(file: string, issues: readonly Issue[]): ValidationError {
  return new ValidationError(issues, issues.length === 1 ? undefined : `invalid ${file}: ${issues.length} problems:\n${issues.map((i) => `  - ${i.file ?? ''}${i.row !== undefined ? ` row ${i.row}` : ''}: ${i.field}: ${i.reason}`).join('\n')}`);
}
