import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { importRoads } from '../../src/county/import-roads.ts';
import { readRoadExtract } from '../../src/county/osm.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { travel, computeTravelMatrix } from '../../src/network/travel-matrix.ts';
import { ValidationError } from '../../src/errors.ts';
import { FIXTURES, folderDigest, geojsonToPbf, hav, tempDataset } from './helpers.ts';

const ROADS = path.join(FIXTURES, 'county', 'roads.geojson');
type P = [number, number];
// ok-small nodes and the extract's junctions (see test/fixtures/county/roads.geojson)
const W: P = [100.2, 36.2], H1: P = [100.21, 36.21], H2: P = [100.4, 36.3], B: P = [100.42, 36.32], C: P = [100.215, 36.205], A: P = [100.1, 36.1], CC: P = [100.45, 36.25];
const J: P = [100.3, 36.25], K: P = [100.15, 36.15], E: P = [100.11, 36.11], T: P = [100.43, 36.27], Y: P = [100.25, 36.21];
const ID = { W: '639901', H1: '639901100', H2: '639901200', C: '639901100001', A: '639901100201', B: '639901200201', CC: '639901200202' };

async function matrixOf(dir: string) {
  return computeTravelMatrix(await loadDataset(dir));
}

describe('county import-roads', () => {
  it('builds roads.geojson from a GeoJSON extract; the travel matrix follows the roads (hand-computed)', async () => {
    const dir = await tempDataset();
    const r = await importRoads(dir, ROADS);
    expect(r.links).toBeGreaterThan(0);
    const m = await matrixOf(dir);
    const primary = (km: number): number => km; // 60 km/h: minutes = km
    // W -> B along the primary road G1 through H1, J and H2 (every node on the road: no access legs)
    const wb = hav(W, H1) + hav(H1, J) + hav(J, H2) + hav(H2, B);
    expect(travel(m, ID.W, ID.B).km).toBeCloseTo(wb, 2);
    expect(travel(m, ID.W, ID.B).minutes).toBeCloseTo(primary(wb), 2);
    // W -> C: primary to H1, residential (25 km/h) to C
    expect(travel(m, ID.W, ID.C).km).toBeCloseTo(hav(W, H1) + hav(H1, C), 2);
    expect(travel(m, ID.W, ID.C).minutes).toBeCloseTo(hav(W, H1) + (hav(H1, C) / 25) * 60, 2);
    // W -> A: tertiary (40 km/h) to its end E, then the access leg E-A at geodesic x circuity 1.5 and rural 30 km/h;
    // A does not snap to the closer road piece (osm 8), which is not connected to the network
    const access = 1.5 * hav(E, A);
    expect(travel(m, ID.W, ID.A).km).toBeCloseTo(hav(W, K) + hav(K, E) + access, 2);
    expect(travel(m, ID.W, ID.A).minutes).toBeCloseTo(((hav(W, K) + hav(K, E)) / 40) * 60 + (access / 30) * 60, 2);
    // W -> CC: not over the ford (osm 5) nor by ferry: G1 to H2, then the track (15 km/h)
    const viaH2 = hav(W, H1) + hav(H1, J) + hav(J, H2);
    expect(travel(m, ID.W, ID.CC).km).toBeCloseTo(viaH2 + hav(H2, T) + hav(T, CC), 2);
    expect(travel(m, ID.W, ID.CC).minutes).toBeCloseTo(viaH2 + ((hav(H2, T) + hav(T, CC)) / 15) * 60, 2);
    // H1 -> H2: the one-way trunk bypass (70 km/h) is faster one way only; the undirected link keeps the slower direction
    expect(((hav(H1, Y) + hav(Y, J)) / 70) * 60).toBeLessThan(hav(H1, J));
    expect(travel(m, ID.H1, ID.H2).minutes).toBeCloseTo(hav(H1, J) + hav(J, H2), 2);
    expect(travel(m, ID.H2, ID.H1).minutes).toBeCloseTo(hav(H1, J) + hav(J, H2), 2);
  });

  it('reads the same extract as .osm.pbf (written in the test) into the same roads', async () => {
    const fc = JSON.parse(await readFile(ROADS, 'utf8'));
    const pbfDir = await tempDataset();
    const pbfFile = path.join(path.dirname(pbfDir), 'extract.osm.pbf');
    await writeFile(pbfFile, geojsonToPbf(fc));
    const g = await readRoadExtract(pbfFile);
    expect(g.ways).toBe(6); // G1, residential, tertiary, track, island, bypass; ford, footway and ferry dropped
    await importRoads(pbfDir, pbfFile);
    const geoDir = await tempDataset();
    await importRoads(geoDir, ROADS);
    const features = async (d: string) => JSON.parse(await readFile(path.join(d, 'roads.geojson'), 'utf8')).features;
    expect(await features(pbfDir)).toEqual(await features(geoDir));
  });

  it('reads dense nodes and zlib blobs, as real extracts have them', async () => {
    const fc = JSON.parse(await readFile(ROADS, 'utf8'));
    const dir = await tempDataset();
    const plain = path.join(path.dirname(dir), 'plain.osm.pbf');
    const packed = path.join(path.dirname(dir), 'packed.osm.pbf');
    await writeFile(plain, geojsonToPbf(fc));
    await writeFile(packed, geojsonToPbf(fc, { dense: true, zlib: true }));
    const a = await readRoadExtract(plain);
    const b = await readRoadExtract(packed);
    expect(b.n).toBe(a.n);
    expect(Array.from(b.from)).toEqual(Array.from(a.from));
    expect(Array.from(b.minutes)).toEqual(Array.from(a.minutes));
    expect(Array.from(b.coords)).toEqual(Array.from(a.coords));
  });

  it('keeps one-way ways one way and drops ferries, fords and footways', async () => {
    const g = await readRoadExtract(ROADS);
    // G1 4 segments x2, residential 1 x2, tertiary 2 x2, track 2 x2, island 1 x2, bypass 2 x1
    expect(g.from.length).toBe(8 + 2 + 4 + 4 + 2 + 2);
    expect(g.dropped).toBe(3);
  });

  it('reports bad extract rows by file, row and field and leaves the dataset untouched', async () => {
    const dir = await tempDataset();
    const before = await folderDigest(dir);
    const bad = path.join(path.dirname(dir), 'bad.geojson');
    const fc = JSON.parse(await readFile(ROADS, 'utf8'));
    fc.features[2].geometry.coordinates[1] = [100.15, 'x'];
    await writeFile(bad, JSON.stringify(fc));
    const err = await importRoads(dir, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toContainEqual(expect.objectContaining({ file: 'bad.geojson', row: 3, field: 'geometry.coordinates' }));
    expect(await folderDigest(dir)).toBe(before);
  });

  it('fails when a node is beyond --max-snap-km, naming its network.geojson row, without a half-written dataset', async () => {
    const dir = await tempDataset();
    const before = await folderDigest(dir);
    const err = await importRoads(dir, ROADS, { maxSnapKm: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    // Village A (row 5 of network.geojson) is 1.4 km from the end of the tertiary road
    expect((err as ValidationError).issues).toEqual([expect.objectContaining({ file: 'network.geojson', row: 5, field: 'geometry.coordinates' })]);
    expect(await folderDigest(dir)).toBe(before);
    expect((await readdir(path.dirname(dir))).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('runs from the CLI: exit 0, and exit 2 on bad input', async () => {
    const dir = await tempDataset();
    expect(await main(['county', 'import-roads', dir, ROADS])).toBe(0);
    expect(await main(['county', 'import-roads', dir, path.join(FIXTURES, 'county', 'missing.geojson')])).toBe(2);
  });
});
