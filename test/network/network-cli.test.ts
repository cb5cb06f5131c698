import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { main } from '../../src/cli/main.ts';
import { REPO, cleanup, materialize } from '../domain/dataset-fixtures.ts';

afterAll(cleanup);
afterEach(() => vi.restoreAllMocks());

/** Runs the CLI in-process, capturing stdout and stderr. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, out, err };
}

describe('rural-dispatch network', () => {
  it.each([
    ['630123-huangyuan', 9, 154, ['630123201']],
    ['632223-haiyan', 6, 36, ['632223203']],
    ['632322-jianzha', 9, 98, []],
  ])('--json on %s reports %i townships and %i village-level units', async (folder, townships, villages, estimated) => {
    const r = await run('network', '--dataset', path.join(REPO, 'data/counties', folder), '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as {
      townships: number;
      villages: number;
      estimatedTownships: { code: string }[];
      bbox: number[];
      matrix: { fromWarehouse: { meanKm: number; maxKm: number; meanMinutes: number; maxMinutes: number } };
    };
    expect(s.townships).toBe(townships);
    expect(s.villages).toBe(villages);
    expect(s.estimatedTownships.map((t) => t.code)).toEqual(estimated);
    expect(s.bbox[0]).toBeLessThan(s.bbox[2]!);
    expect(s.matrix.fromWarehouse.maxKm).toBeGreaterThan(s.matrix.fromWarehouse.meanKm);
    expect(s.matrix.fromWarehouse.maxMinutes).toBeGreaterThan(s.matrix.fromWarehouse.meanMinutes);
  });

  it('prints a text summary with the tiers and the estimated township', async () => {
    const r = await run('network', '--dataset', path.join(REPO, 'data/counties/630123-huangyuan'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 county warehouse, 9 township hubs, 154 village points/);
    expect(r.out).toMatch(/630123201 日月藏族乡/);
  });

  it('without --dataset, reads the demo county (湟源)', async () => {
    const r = await run('network', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ dataset: '630123-huangyuan', townships: 9, villages: 154 });
  });

  it('when the dataset is invalid, then it exits 2 and names the file and field', async () => {
    const r = await run('network', '--dataset', materialize('broken/stop-without-node-id'), '--json');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/bus\/stops\.txt row 3: node_id: is required/);
  });
});
