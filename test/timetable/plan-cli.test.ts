import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import type { Timetable } from '../../src/domain/timetable.ts';
import { register } from '../../src/cli/commands/plan.ts';

const DATASET = join(import.meta.dirname, '../../data/counties/632223-haiyan');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function run(args: string[]): Promise<void> {
  const program = new Command('rural-dispatch').exitOverride();
  register(program);
  await program.parseAsync(args, { from: 'user' });
}

describe('rural-dispatch plan', () => {
  it('writes the timetable JSON and a GeoJSON of its lines next to it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rd-plan-'));
    dirs.push(dir);
    await run(['plan', '--dataset', DATASET, '--iterations', '40', '--seed', '3', '--no-bus', '--out', join(dir, 'tt.json')]);
    const tt = JSON.parse(await readFile(join(dir, 'tt.json'), 'utf8')) as Timetable;
    expect(tt.dataset).toBe('632223-haiyan');
    expect(tt.seed).toBe(3);
    expect(tt.busLegs).toEqual([]);
    const geo = JSON.parse(await readFile(join(dir, 'tt.geojson'), 'utf8')) as { features: { geometry: { type: string }; properties: { id?: string } }[] };
    const lineIds = geo.features.filter((f) => f.geometry.type === 'LineString').map((f) => f.properties.id);
    expect(lineIds).toEqual(tt.lines.map((l) => l.id));
  });

  it('rejects a bad --seconds naming the option', async () => {
    await expect(run(['plan', '--dataset', DATASET, '--seconds', 'soon'])).rejects.toThrow(/--seconds/);
  });

  it('rejects a fractional --seed naming the option (seeds are integers)', async () => {
    await expect(run(['plan', '--dataset', DATASET, '--seed', '1.5'])).rejects.toThrow(/--seed: must be an integer/);
  });
});
