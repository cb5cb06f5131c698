/**
 * The recordEvents use case on the in-memory repositories: small hand-made inputs, no database.
 */
import { describe, expect, it } from 'vitest';
import { recordEvents } from '../../src/dispatch/index.ts';
import { MemoryStore, memoryEventRepository } from '../../src/persistence/memory/index.ts';

function setup(): { store: MemoryStore; a: string; b: string } {
  const store = new MemoryStore();
  const a = store.addParcel({ carrier: 'SF', trackingNo: 'A', county: '630121', status: 'assigned' });
  const b = store.addParcel({ carrier: 'SF', trackingNo: 'B', county: '630121', status: 'assigned' });
  return { store, a, b };
}

describe('recordEvents (in-memory repositories)', () => {
  it('when scans are posted, then valid ones are stored, bad rows and unknown parcels are rejected by row', async () => {
    const { store, a } = setup();
    const r = await recordEvents(memoryEventRepository(store), [
      { carrier: 'SF', trackingNo: 'A', kind: 'loaded', at: '2026-11-30T08:00:00' },
      { carrier: 'SF', trackingNo: 'A', kind: 'teleported', at: '2026-11-30T08:00:00' },
      { carrier: 'SF', trackingNo: 'Z', kind: 'loaded', at: '2026-11-30T08:00:00' },
      { carrier: 'SF', trackingNo: 'A', kind: 'arrived_at_hub', at: 'yesterday' },
    ]);
    expect(r.recorded).toBe(1);
    expect(r.duplicates).toBe(0);
    expect(r.rejected.map((x) => [x.row, x.field])).toEqual([
      [2, 'kind'],
      [3, 'trackingNo'],
      [4, 'at'],
    ]);
    expect(store.tables.parcels.get(a)?.status).toBe('loaded');
    // County time without offset is +08:00.
    expect(store.tables.events[0]?.at).toBe('2026-11-30T00:00:00.000Z');
  });

  it('when the same scan is posted twice, then the second is a duplicate and the status does not move back', async () => {
    const { store, a } = setup();
    const repo = memoryEventRepository(store);
    await recordEvents(repo, [{ carrier: 'SF', trackingNo: 'A', kind: 'delivered', at: '2026-11-30T15:00:00+08:00' }]);
    const r = await recordEvents(repo, [
      { carrier: 'SF', trackingNo: 'A', kind: 'delivered', at: '2026-11-30T07:00:00Z' },
      { carrier: 'SF', trackingNo: 'A', kind: 'loaded', at: '2026-11-30T08:00:00' },
    ]);
    expect(r).toEqual({ recorded: 1, duplicates: 1, rejected: [] });
    expect(store.tables.parcels.get(a)?.status).toBe('delivered');
    expect(store.tables.events).toHaveLength(2);
  });

  it('when nothing is valid, then nothing is written', async () => {
    const { store, b } = setup();
    const r = await recordEvents(memoryEventRepository(store), [{ carrier: 'SF', trackingNo: 'nope', kind: 'loaded', at: '2026-11-30T08:00:00' }]);
    expect(r.recorded).toBe(0);
    expect(store.tables.events).toHaveLength(0);
    expect(store.tables.parcels.get(b)?.status).toBe('assigned');
  });
});
