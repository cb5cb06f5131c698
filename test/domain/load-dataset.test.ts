import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { ValidationError, type Issue } from '../../src/errors.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { FIXTURES, cleanup, materialize } from './dataset-fixtures.ts';

afterAll(cleanup);

async function issuesOf(dir: string): Promise<{ err: ValidationError; issues: readonly Issue[] }> {
  try {
    await loadDataset(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return { err: err as ValidationError, issues: (err as ValidationError).issues };
  }
  throw new Error(`expected ${dir} to be rejected`);
}

describe('loadDataset on the valid fixture', () => {
  it('when the dataset is valid, then nodes, fleet, demand and bus load with their values', async () => {
    const ds = await loadDataset(path.join(FIXTURES, 'ok-small'));
    expect(ds.slug).toBe('ok-small');
    expect(ds.countyCode).toBe('639901');
    expect(ds.warehouseId).toBe('639901');
    expect(ds.nodes.map((n) => n.kind)).toEqual([
      'county_warehouse',
      'township_hub',
      'township_hub',
      'village_point',
      'village_point',
      'village_point',
      'village_point',
    ]);
    expect(ds.nodeById.get('639901200')?.estimated).toBe(true);
    expect(ds.nodeById.get('639901100001')?.community).toBe(true);
    expect(ds.nodeById.get('639901100201')).toMatchObject({ station: false, poor: true, synthetic: true, parent: '639901100' });
    expect(ds.fleet.map((v) => v.id)).toEqual(['T1', 'V1']);
    expect(ds.demand.get('639901200202')).toMatchObject({ parcelsDown: 5.5, kgDown: 8, chilledShare: 0.2 });
    expect(ds.travel).toEqual({ circuity: 1.5, speedKmh: { default: 40, trunk: 60, rural: 30 } });
    expect(ds.bus.stops.find((s) => s.stopId === 'S2')?.nodeId).toBe('639901200201');
    const out = ds.bus.trips.find((t) => t.tripId === 'R1-OUT1');
    expect(out).toMatchObject({ routeName: 'Town - Far township', cargoKg: 100, cargoM3: 0.5, feePerParcel: 4 });
    expect(out?.weekdays).toHaveLength(7);
    expect(out?.stopTimes.map((s) => [s.stopId, s.arrival, s.departure])).toEqual([
      ['S0', 480, 480],
      ['S1', 520, 522],
      ['S2', 530, 530],
    ]);
    expect(ds.roads).toEqual([]);
  });

  it('when loaded, then the model is frozen', async () => {
    const ds = await loadDataset(path.join(FIXTURES, 'ok-small'));
    expect(Object.isFrozen(ds)).toBe(true);
    expect(Object.isFrozen(ds.nodes)).toBe(true);
    expect(Object.isFrozen(ds.nodes[0])).toBe(true);
    expect(Object.isFrozen(ds.bus.trips[0]?.stopTimes)).toBe(true);
  });
});

/** One broken fixture per rule: [fixture, file, row (undefined = file-level), field, reason pattern]. */
const RULES: readonly [string, string, number | undefined, string, RegExp][] = [
  ['missing-demand', 'demand.csv', undefined, 'file', /missing/],
  ['missing-bus-calendar', 'bus/calendar.txt', undefined, 'file', /missing/],
  ['bad-json', 'network.geojson', undefined, 'json', /not valid JSON/],
  ['village-unknown-township', 'network.geojson', 6, 'properties.parent', /"639901300" does not exist/],
  ['village-parent-is-village', 'network.geojson', 7, 'properties.parent', /"639901200201" is a village_point, expected a township_hub/],
  ['village-township-mismatch', 'network.geojson', 5, 'properties.township', /"639901999" does not exist/],
  ['duplicate-code', 'network.geojson', 7, 'properties.code', /duplicate code "639901200201"/],
  ['outside-county', 'network.geojson', 7, 'geometry.coordinates', /outside the county boundary/],
  ['unknown-kind', 'network.geojson', 5, 'properties.kind', /must be one of county_warehouse\|township_hub\|village_point, got "depot"/],
  ['bad-code-length', 'network.geojson', 7, 'properties.code', /must be 12 digits/],
  ['bad-time', 'network.geojson', 5, 'properties.open', /HH:MM/],
  ['bad-coordinate', 'network.geojson', 5, 'geometry.coordinates[0] (lon)', /must be a number/],
  ['stop-without-node-id', 'bus/stops.txt', 3, 'node_id', /is required/],
  ['stop-unknown-node-id', 'bus/stops.txt', 3, 'node_id', /"639901200299" does not exist/],
  ['stop-times-out-of-order', 'bus/stop_times.txt', 3, 'arrival_time', /out of order in trip "R1-OUT1"/],
  ['stop-times-duplicate-sequence', 'bus/stop_times.txt', 3, 'stop_sequence', /duplicate stop_sequence 2/],
  ['stop-times-unknown-stop', 'bus/stop_times.txt', 4, 'stop_id', /"S9" does not exist/],
  ['trip-unknown-service', 'bus/trips.txt', 2, 'service_id', /"WEEKDAYS" does not exist/],
  ['bad-cargo', 'bus/trips.txt', 1, 'cargo_kg', /must be a number, got "heavy"/],
  ['bad-number-demand', 'demand.csv', 2, 'kg_down', /must be a number, got "abc"/],
  ['bad-chilled-share', 'demand.csv', 4, 'chilled_share', /must be <= 1/],
  ['demand-unknown-village', 'demand.csv', 4, 'code', /"639901200299" does not exist/],
  ['bad-number-fleet', 'fleet.json', 1, 'capacityKg', /must be > 0, got -5/],
  ['fleet-unknown-depot', 'fleet.json', 2, 'depot', /is a village_point; it must be the county_warehouse or a township_hub/],
  ['bad-circuity', 'dataset.json', undefined, 'travel.circuity', /must be >= 1/],
  ['bad-bus-fee', 'dataset.json', undefined, 'bus.feeModel', /must be "trip" or "parcel"/],
  ['roads-unknown-node', 'roads.geojson', 4, 'properties.to', /"639901100999" does not exist/],
  ['roads-bad-minutes', 'roads.geojson', 1, 'properties.minutes', /must be > 0/],
  ['roads-disconnected', 'roads.geojson', undefined, 'features', /not connected to the county warehouse/],
];

describe('loadDataset rejects each broken fixture with a ValidationError naming file, row and field', () => {
  it.each(RULES)('broken/%s → %s row %s field %s', async (fixture, file, row, field, reason) => {
    const { err, issues } = await issuesOf(materialize(`broken/${fixture}`));
    const hit = issues.find((i) => i.file === file && i.field === field && i.row === row && reason.test(i.reason));
    expect(hit, `issues were:\n${err.message}`).toBeDefined();
    expect(err.message).toContain(field);
    expect(err.message).toContain(file);
    expect(err.code).toBe('invalid_input');
  });

  it('when several files are broken, then every problem is reported in one error', async () => {
    const { issues } = await issuesOf(materialize('broken/unknown-kind', 'broken/bad-number-demand', 'broken/stop-without-node-id'));
    expect(issues.map((i) => `${i.file}:${i.field}`)).toEqual(
      expect.arrayContaining(['network.geojson:properties.kind', 'demand.csv:kg_down', 'bus/stops.txt:node_id']),
    );
  });

  it('when a node is invalid, then references to it are not reported again as dangling', async () => {
    // the village outside the county is referenced by demand.csv; only its own row is an issue
    const { issues } = await issuesOf(materialize('broken/outside-county'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'network.geojson', row: 7, field: 'geometry.coordinates' });
  });

  it('when the folder does not exist, then it is a ValidationError, not a crash', async () => {
    const { issues } = await issuesOf(path.join(FIXTURES, 'no-such-dataset'));
    expect(issues[0]?.reason).toMatch(/does not exist/);
  });

  it('when the roads are valid, then they load as links', async () => {
    const ds = await loadDataset(materialize('ok-roads'));
    expect(ds.roads).toHaveLength(9);
    expect(ds.roads[0]).toEqual({ from: '639901', to: '639901100', km: 2, minutes: 4, class: 'trunk' });
  });
});
