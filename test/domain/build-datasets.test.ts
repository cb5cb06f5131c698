/**
 * The dataset build is reproducible: running scripts/build-datasets.ts again gives byte-identical
 * files to the committed data/counties/ (so the committed data is also up to date with the script).
 * Needs the raw sources (../shared/data-sources/qinghai or RD_SOURCES); skipped with a notice without.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from './dataset-fixtures.ts';

const SOURCES = path.resolve(REPO, process.env.RD_SOURCES ?? '../shared/data-sources/qinghai');
const have = existsSync(SOURCES);
if (!have) console.warn(`\n  NOTICE: ${SOURCES} not found; the dataset build reproducibility test is SKIPPED.\n`);

const out = mkdtempSync(path.join(tmpdir(), 'rd-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

describe.skipIf(!have)('scripts/build-datasets.ts', () => {
  it('rebuilds 海晏 byte-identical to the committed dataset', () => {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'scripts/build-datasets.ts'), '--sources', SOURCES, '--out', out, '--only', '632223-haiyan'], {
      cwd: REPO,
      stdio: 'pipe',
    });
    const built = path.join(out, 'counties/632223-haiyan');
    const committed = path.join(REPO, 'data/counties/632223-haiyan');
    expect(files(built)).toEqual(files(committed));
    for (const f of files(built)) expect(readFileSync(path.join(built, f)).equals(readFileSync(path.join(committed, f))), f).toBe(true);
  });
});
