import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { importPoints } from '../../src/county/import-points.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { ValidationError } from '../../src/errors.ts';
import { folderDigest, tempDataset } from './helpers.ts';

async function write(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(path.dirname(dir), name);
  await writeFile(file, text);
  return file;
}

describe('county import-points', () => {
  it('replaces points matched by code, marks them surveyed, reports unmatched rows', async () => {
    const dir = await tempDataset();
    const csv = 'code,name,lon,lat\n639901100201,Village A,100.105,36.102\n639901200,Far township,100.39,36.29\n639901999999,not in the county,100.3,36.3\n';
    const r = await importPoints(dir, await write(dir, 'points.csv', csv));
    expect(r.updated).toBe(2);
    expect(r.byKind).toEqual({ village_point: 1, township_hub: 1 });
    expect(r.unmatched).toEqual([{ row: 3, code: '639901999999' }]);
    const ds = await loadDataset(dir);
    const a = ds.nodeById.get('639901100201')!;
    expect([a.lon, a.lat, a.synthetic]).toEqual([100.105, 36.102, false]);
    const h = ds.nodeById.get('639901200')!;
    expect([h.lon, h.lat, h.estimated, h.synthetic]).toEqual([100.39, 36.29, false, false]);
    // untouched nodes keep their flags
    expect(ds.nodeById.get('639901200201')!.synthetic).toBe(true);
  });

  it('reads GeoJSON Points with a code property', async () => {
    const dir = await tempDataset();
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [100.44, 36.26] }, properties: { code: '639901200202' } }] };
    const r = await importPoints(dir, await write(dir, 'points.geojson', JSON.stringify(fc)));
    expect(r.updated).toBe(1);
    expect((await loadDataset(dir)).nodeById.get('639901200202')!.lon).toBe(100.44);
  });

  it('reports every bad row by file, row and field; nothing is written', async () => {
    const dir = await tempDataset();
    const before = await folderDigest(dir);
    const csv = [
      'code,lon,lat',
      '639901100201,100.1,36.1', // fine
      ',100.2,36.2', // row 2: no code
      '639901100201,100.1,36.1', // row 3: duplicate
      '639901200201,east,36.3', // row 4: lon not a number
      '639901200202,100.45,95', // row 5: lat out of range
      '6399012,100.45,36.2', // row 6: bad code
      '639901100001,101.5,36.2', // row 7: outside the county
    ].join('\n');
    const file = await write(dir, 'bad.csv', csv);
    const err = await importPoints(dir, file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const where = (err as ValidationError).issues.map((i) => `${i.file}:${i.row}:${i.field}`).sort();
    expect(where).toEqual(['bad.csv:2:code', 'bad.csv:3:code', 'bad.csv:4:lon', 'bad.csv:5:lat', 'bad.csv:6:code', 'bad.csv:7:lon/lat']);
    expect(await folderDigest(dir)).toBe(before);
    expect(await main(['county', 'import-points', dir, file])).toBe(2);
    expect(await folderDigest(dir)).toBe(before);
  });

  it('needs code, lon and lat columns', async () => {
    const dir = await tempDataset();
    const err = await importPoints(dir, await write(dir, 'nolat.csv', 'code,lon\n639901100201,100.1\n')).catch((e: unknown) => e);
    expect((err as ValidationError).issues).toEqual([expect.objectContaining({ file: 'nolat.csv', field: 'header' })]);
    expect(await readFile(path.join(dir, 'network.geojson'), 'utf8')).toContain('[100.1,36.1]');
  });
});
