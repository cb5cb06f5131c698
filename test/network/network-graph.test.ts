import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { buildNetworkGraph } from '../../src/network/network-graph.ts';
import { FIXTURES, cleanup, materialize } from '../domain/dataset-fixtures.ts';

afterAll(cleanup);

describe('buildNetworkGraph', () => {
  it('has a node per network node and directed tier edges warehouse → hub → village', async () => {
    const ds = await loadDataset(path.join(FIXTURES, 'ok-small'));
    const g = buildNetworkGraph(ds);
    expect(g.order).toBe(7);
    expect(g.getNodeAttributes('639901100201').name).toBe('Village A');
    expect(g.directedSize).toBe(6);
    expect(g.undirectedSize).toBe(0);
    expect(g.outNeighbors('639901').sort()).toEqual(['639901100', '639901200']);
    expect(g.inNeighbors('639901200202')).toEqual(['639901200']);
  });

  it('adds one undirected edge per road link', async () => {
    const ds = await loadDataset(materialize('ok-roads'));
    const g = buildNetworkGraph(ds);
    expect(g.undirectedSize).toBe(9);
    expect(g.directedSize).toBe(6);
    const e = g.undirectedEdges('639901', '639901200');
    expect(e).toHaveLength(1);
    expect(g.getEdgeAttributes(e[0]!)).toEqual({ kind: 'road', km: 30, minutes: 40, class: 'trunk' });
  });
});
