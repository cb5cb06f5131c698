import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { TravelMatrix } from '../../src/domain/dataset.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { computeTravelMatrix, getTravelMatrix, loadTravelMatrix, matrixKey, travel } from '../../src/network/travel-matrix.ts';
import { FIXTURES, REPO, cleanup, materialize } from '../domain/dataset-fixtures.ts';

afterAll(cleanup);

/** Haversine distance, written out here independently of turf; R = 6371.0088 km (mean Earth radius, as turf). */
function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
}

function expectSymmetricZeroDiagonal(m: TravelMatrix): void {
  expect(m.km).toHaveLength(m.n * m.n);
  for (let i = 0; i < m.n; i++) {
    expect(m.km[i * m.n + i]).toBe(0);
    expect(m.minutes[i * m.n + i]).toBe(0);
    for (let j = 0; j < m.n; j++) {
      expect(m.km[i * m.n + j]).toBe(m.km[j * m.n + i]);
      expect(m.minutes[i * m.n + j]).toBe(m.minutes[j * m.n + i]);
      if (i !== j) expect(m.km[i * m.n + j]).toBeGreaterThan(0);
    }
  }
}

describe('geodesic travel matrix (no roads)', () => {
  it('when the dataset has no roads, then the matrix is symmetric with a zero diagonal', async () => {
    const ds = await loadDataset(path.join(REPO, 'data/counties/630123-huangyuan'));
    const m = computeTravelMatrix(ds);
    expect(m.n).toBe(164);
    expect(m.ids).toEqual(ds.nodes.map((n) => n.id));
    expectSymmetricZeroDiagonal(m);
  });

  it('county seat → 和平乡 (湟源) matches a hand-computed haversine × circuity within 0.1%', async () => {
    const ds = await loadDataset(path.join(REPO, 'data/counties/630123-huangyuan'));
    const seat = ds.nodeById.get('630123')!;
    const hub = ds.nodeById.get('630123202')!;
    expect(hub.name).toBe('和平乡');
    const want = haversineKm(seat.lon, seat.lat, hub.lon, hub.lat);
    const got = travel(getTravelMatrix(ds), '630123', '630123202').km / ds.travel.circuity;
    expect(Math.abs(got - want) / want).toBeLessThan(0.001);
  });

  it('county seat → far township (fixture) matches haversine × 1.5 and is driven at the trunk speed', async () => {
    const ds = await loadDataset(path.join(FIXTURES, 'ok-small'));
    const m = getTravelMatrix(ds);
    const want = haversineKm(100.2, 36.2, 100.4, 36.3) * 1.5;
    const t = travel(m, '639901', '639901200');
    expect(Math.abs(t.km - want) / want).toBeLessThan(0.001);
    expect(t.minutes).toBeCloseTo((t.km / 60) * 60, 9);
    const v = travel(m, '639901', '639901100201');
    expect(v.minutes).toBeCloseTo((v.km / 30) * 60, 9); // a leg to a village runs at the rural speed
    expectSymmetricZeroDiagonal(m);
  });

  it('is computed once per dataset object', async () => {
    const ds = await loadDataset(path.join(FIXTURES, 'ok-small'));
    expect(getTravelMatrix(ds)).toBe(getTravelMatrix(ds));
  });
});

describe('road travel matrix (Dijkstra over roads.geojson)', () => {
  it('when roads are present, then the fastest path is used and km is the length of that path', async () => {
    const ds = await loadDataset(materialize('ok-roads'));
    const m = getTravelMatrix(ds);
    // W→B: W–H1 (2 km, 4 min) + H1–H2 (25, 30) + H2–B (4, 8): faster than W–H2 direct (30 km, 40 min)
    expect(travel(m, '639901', '639901200201')).toEqual({ km: 31, minutes: 42 });
    // W→A: via H1 (20 km, 39 min) beats the shorter but slower direct link (16 km, 45 min)
    expect(travel(m, '639901', '639901100201')).toEqual({ km: 20, minutes: 39 });
    expect(travel(m, '639901100201', '639901200202')).toEqual({ km: 49, minutes: 77 });
  });

  it('when roads are undirected, then the matrix is symmetric with a zero diagonal', async () => {
    const ds = await loadDataset(materialize('ok-roads'));
    expectSymmetricZeroDiagonal(getTravelMatrix(ds));
  });
});

describe('on-disk matrix cache', () => {
  it('writes .cache/travel-<key>.f64 once and reads it back for a new dataset object', async () => {
    const dir = materialize();
    const first = await loadTravelMatrix(await loadDataset(dir), dir);
    const ds2 = await loadDataset(dir);
    const file = path.join(dir, '.cache', `travel-${matrixKey(ds2)}.f64`);
    expect(existsSync(file)).toBe(true);
    // Prove the file is read: tamper with the first km entry, load into a fresh dataset object.
    const bytes = readFileSync(file);
    new DataView(bytes.buffer, bytes.byteOffset).setFloat64(8, 12345, true);
    writeFileSync(file, bytes);
    const second = await loadTravelMatrix(ds2, dir);
    expect(second.km[1]).toBe(12345);
    expect(Array.from(second.minutes)).toEqual(Array.from(first.minutes));
  });

  it('uses a different key when the travel settings change', async () => {
    const a = await loadDataset(materialize());
    const c = { ...a, travel: { ...a.travel, circuity: 1.6 } };
    expect(matrixKey(c)).not.toBe(matrixKey(a));
  });
});

describe('travel matrix properties', () => {
  it('geodesic km satisfy the triangle inequality (湟源, random triples)', async () => {
    const { default: fc } = await import('fast-check');
    const ds = await loadDataset(path.join(REPO, 'data/counties/630123-huangyuan'));
    const m = getTravelMatrix(ds);
    const idx = fc.integer({ min: 0, max: m.n - 1 });
    fc.assert(
      fc.property(idx, idx, idx, (i, j, k) => m.km[i * m.n + k]! <= m.km[i * m.n + j]! + m.km[j * m.n + k]! + 1e-9),
      { numRuns: 500, seed: 7 },
    );
  });

  it('road minutes are shortest paths: no detour through a third node is faster', async () => {
    const ds = await loadDataset(materialize('ok-roads'));
    const m = getTravelMatrix(ds);
    for (let i = 0; i < m.n; i++)
      for (let j = 0; j < m.n; j++)
        for (let k = 0; k < m.n; k++) expect(m.minutes[i * m.n + k]!).toBeLessThanOrEqual(m.minutes[i * m.n + j]! + m.minutes[j * m.n + k]! + 1e-9);
  });
});
