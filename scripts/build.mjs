#!/usr/bin/env node
/**
 * Builds dist/, which bin/rural-dispatch.js runs:
 * 1. tsc with tsconfig.build.json (src/, workers/ and the solver/ they import; `.ts` import
 *    specifiers rewritten to `.js`), incremental (dist/*.tsbuildinfo), into dist/src, dist/workers,
 *    dist/solver; `--project tsconfig.test.json` also type-checks (and emits) tests, scripts and
 *    benchmarks in the same pass (`npm test`);
 * 2. copies every non-TypeScript file under src/ next to its compiled module: the SQL migrations
 *    (src/persistence/migrations) and the dashboard's static files (src/dashboard/static), which
 *    the code finds relative to itself. Files outside src/ that the code reads at run time (the
 *    county datasets in data/, package.json) are not copied: the code resolves them from the
 *    package root (src/package-root.ts), the same folder for the sources and the build;
 * 3. writes dist/.build-stamp, a hash of the build's inputs.
 *
 *   node scripts/build.mjs [--project tsconfig.build.json] [--if-stale | --check]
 *
 * `--if-stale` does nothing when dist/.build-stamp matches the current inputs (the test run's
 * global setup uses it, so tests that spawn the command never run a stale build); `--check` only
 * compares: exit 0 when dist/ is the build of the current sources, 1 when it is stale or missing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');

/** Every file below `dir` (relative to ROOT), sorted. */
function files(dir) {
  const out = [];
  const walk = (rel) => {
    for (const e of readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) out.push(r);
    }
  };
  walk(dir);
  return out.sort();
}

/** Hash of what the build depends on: the compiled trees, the copied assets and the tsconfigs. */
function inputsHash() {
  const h = createHash('sha256');
  const inputs = [...files('src'), ...files('workers'), ...files('solver'), 'tsconfig.base.json', 'tsconfig.json', 'tsconfig.build.json'];
  for (const f of inputs) {
    h.update(f.split(path.sep).join('/') + '\0');
    h.update(readFileSync(path.join(ROOT, f)));
    h.update('\0');
  }
  return h.digest('hex');
}

const { values } = parseArgs({
  options: { project: { type: 'string', default: 'tsconfig.build.json' }, 'if-stale': { type: 'boolean', default: false }, check: { type: 'boolean', default: false } },
});
const hash = inputsHash();
const fresh = existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash;
if (values.check) {
  if (!fresh) process.stderr.write('build: dist/ is missing or older than the sources: run `npm run build`\n');
  process.exit(fresh ? 0 : 1);
}
if (values['if-stale'] && fresh) process.exit(0);

// Without a stamp dist/ is of unknown state (first build, a failed one, or edited by hand): start
// clean, since tsc's incremental state would not re-emit outputs that went missing.
if (!existsSync(STAMP)) rmSync(DIST, { recursive: true, force: true });
rmSync(STAMP, { force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', values.project], { cwd: ROOT, stdio: 'inherit' });
if (r.status !== 0) {
  process.stderr.write(`build: tsc -p ${values.project} failed (exit ${r.status ?? r.signal}); dist/ is not usable\n`);
  process.exit(r.status || 1);
}
for (const f of files('src')) {
  if (f.endsWith('.ts')) continue;
  mkdirSync(path.dirname(path.join(DIST, f)), { recursive: true });
  cpSync(path.join(ROOT, f), path.join(DIST, f));
}
// Drop outputs whose source is gone (a renamed or deleted module), so dist/ mirrors the sources.
for (const top of readdirSync(DIST, { withFileTypes: true })) {
  if (!top.isDirectory()) continue;
  for (const f of files(path.join('dist', top.name))) {
    const rel = path.relative('dist', f);
    const source = rel.endsWith('.js') ? rel.slice(0, -3) + '.ts' : rel;
    if (!existsSync(path.join(ROOT, source)) && !existsSync(path.join(ROOT, rel))) rmSync(path.join(ROOT, f));
  }
}
writeFileSync(STAMP, hash + '\n');
