/**
 * `bench solomon` on a Gehring–Homberger-style folder: a BKS file with hierarchical columns only
 * (no distance-only ones) is accepted, and `--only` keeps the matching instances.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { benchSolomon } from '../../src/cli/commands/bench-run.ts';

const FIX = fileURLToPath(new URL('../fixtures/benchmarks/solomon/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bench-gh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench solomon on a hierarchical-only BKS file', () => {
  it('when --only matches one of two instances, then only that one is solved and compared with its BKS', async () => {
    copyFileSync(join(FIX, 'C101.txt'), join(dir, 'C101.txt'));
    copyFileSync(join(FIX, 'R101.txt'), join(dir, 'R101.txt'));
    const bks = join(dir, 'bks.csv');
    writeFileSync(bks, 'instance,vehicles,distance,source\nc101,10,828.94,test\nr101,19,1650.80,test\n');
    const lines: string[] = [];
    const summary = await benchSolomon(
      dir,
      { bks, iterations: 300, seed: 1, objective: 'hierarchical', only: /^c1/i },
      (l) => lines.push(l),
    );
    expect(summary['instances']).toBe(1);
    expect(summary['feasible']).toBe(1);
    const per = summary['perInstance'] as { instance: string; vehicles: number; gapPct: number }[];
    expect(per.map((r) => r.instance)).toEqual(['C101']);
    const equal = summary['vehiclesEqualBks'] as number;
    const above = summary['vehiclesAboveBks'] as number;
    expect(equal + above).toBe(1);
    expect(Number.isFinite(per[0]!.gapPct)).toBe(true);
    expect(lines[1]).toMatch(/^C101\t/);
  });
});
