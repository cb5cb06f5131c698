import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../src/errors.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { cleanup, materialize } from './dataset-fixtures.ts';

afterAll(cleanup);

const COLUMNS = ['parcels_down', 'kg_down', 'm3_down', 'parcels_up', 'kg_up', 'm3_up', 'chilled_share'];

describe('demand.csv numbers', () => {
  it('when any numeric cell is not a non-negative number, then exactly that row and column are reported', async () => {
    const bad = fc.oneof(fc.constantFrom('abc', '-1', '1,5', 'NaN', '1e400', '--2', '0x10', '∞'), fc.stringMatching(/^[a-z]{1,6}$/));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.constantFrom(...COLUMNS), bad, async (row, column, value) => {
        const dir = materialize();
        const file = path.join(dir, 'demand.csv');
        const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
        const cells = lines[row]!.split(',');
        cells[COLUMNS.indexOf(column) + 1] = value.includes(',') ? `"${value}"` : value;
        lines[row] = cells.join(',');
        writeFileSync(file, lines.join('\n') + '\n');
        const err = await loadDataset(dir).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).issues).toEqual([expect.objectContaining({ file: 'demand.csv', row, field: column })]);
      }),
      { numRuns: 25, seed: 20260101 },
    );
  });
});
