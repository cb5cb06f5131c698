/**
 * The package's root folder (where package.json is), found by walking up from this module, so it
 * is the same whether the code runs from the TypeScript sources (`src/…`) or from the compiled
 * build (`dist/src/…`). Run-time files that live outside the compiled tree are resolved from it:
 * the bundled county datasets (`data/counties/`) and package.json itself (the version).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** Absolute path of the package root. */
export const PACKAGE_ROOT: string = findRoot(import.meta.dirname);

/** The `version` of package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
