/** In-memory adapter of the EventRepository port (src/dispatch/ports.ts). */
import type { EventKind } from '../../dispatch/events.ts';
import { scanRank, type EventRepository } from '../../dispatch/ports.ts';
import { type MemoryStore, unitOfWork } from './store.ts';

/** The EventRepository of `store`. */
export function memoryEventRepository(store: MemoryStore, inTx = false): EventRepository {
  return {
    withTransaction: unitOfWork(store, (t) => memoryEventRepository(store, t), inTx),

    async findParcelIds(keys) {
      const byKey = new Map<string, string>();
      for (const p of store.tables.parcels.values()) byKey.set(`${p.carrier}\u0000${p.trackingNo}`, p.id);
      return keys.map((k) => byKey.get(`${k.carrier}\u0000${k.trackingNo}`) ?? null);
    },

    async insertScans(rows) {
      const stored: { parcelId: string; kind: EventKind }[] = [];
      const t = store.tables;
      for (const r of rows) {
        if (!t.parcels.has(r.parcelId)) throw new Error(`insertScans: no parcel ${r.parcelId}`);
        const at = new Date(r.at).toISOString();
        if (t.events.some((e) => e.parcelId === r.parcelId && e.kind === r.kind && e.at === at)) continue;
        t.events.push({ id: t.nextId++, parcelId: r.parcelId, kind: r.kind, at, node: r.node, runId: r.runId });
        stored.push({ parcelId: r.parcelId, kind: r.kind });
      }
      return stored;
    },

    async advanceStatus(updates) {
      const best = new Map<string, string>();
      for (const u of updates) {
        const prev = best.get(u.parcelId);
        if (prev === undefined || scanRank(u.status) > scanRank(prev)) best.set(u.parcelId, u.status);
      }
      for (const [id, status] of best) {
        const p = store.tables.parcels.get(id);
        if (p && scanRank(status) > scanRank(p.status)) {
          p.status = status;
          p.updatedAt = Date.now();
        }
      }
    },

    async parcelCounties(keys) {
      const wanted = new Set(keys.map((k) => `${k.carrier}\u0000${k.trackingNo}`));
      return [...store.tables.parcels.values()]
        .filter((p) => wanted.has(`${p.carrier}\u0000${p.trackingNo}`))
        .map((p) => ({ carrier: p.carrier, trackingNo: p.trackingNo, county: p.county }));
    },
  };
}
