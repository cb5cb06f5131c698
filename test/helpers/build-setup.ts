/**
 * Vitest global setup: tests that spawn `node bin/rural-dispatch.js` run the compiled build in
 * dist/, so make sure it is the build of the current sources. `npm test` has just built (and
 * type-checked) everything, so this only compares dist/.build-stamp with a hash of the sources; a
 * direct `npx vitest run …` after an edit rebuilds here (incremental tsc) instead of testing a
 * stale dist/. A failed build fails the run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`the build (node scripts/build.mjs) failed with exit ${r.status ?? r.signal}: the CLI tests need dist/`);
}
