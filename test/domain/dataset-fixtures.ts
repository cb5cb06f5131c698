/**
 * Test fixtures for county datasets. `ok-small` is a complete, valid, hand-checkable dataset (one
 * warehouse, two hubs, four villages, one bus line). Every other fixture is an overlay: only the
 * files that differ from `ok-small` (plus `_delete.txt` listing files to remove), materialised into a
 * temporary folder on demand, so each broken fixture shows exactly the one thing that is wrong.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the dataset fixtures. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/datasets');
/** The repository root. */
export const REPO = path.resolve(FIXTURES, '../../..');

const made: string[] = [];

/** Copies ok-small into a fresh temp folder and applies the overlays (fixture names) in order. */
export function materialize(...overlays: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-dataset-'));
  made.push(dir);
  cpSync(path.join(FIXTURES, 'ok-small'), dir, { recursive: true });
  for (const o of overlays) {
    const src = path.join(FIXTURES, o);
    if (!existsSync(src)) throw new Error(`no fixture ${o}`);
    cpSync(src, dir, { recursive: true });
    const del = path.join(dir, '_delete.txt');
    if (existsSync(del)) {
      for (const rel of readFileSync(del, 'utf8').split('\n').filter(Boolean)) rmSync(path.join(dir, rel), { force: true, recursive: true });
      rmSync(del);
    }
  }
  return dir;
}

/** Removes every folder made by `materialize` (call from afterAll). */
export function cleanup(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}
