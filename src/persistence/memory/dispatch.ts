/**
 * In-memory adapters of the ingest and dispatch ports (src/ingest/ports.ts, src/dispatch/ports.ts):
 * the same rules as the SQL of src/persistence/ingest.ts and src/persistence/dispatch.ts, on the
 * tables of a MemoryStore.
 */
import type { DispatchParcel } from '../../dispatch/assign.ts';
import type { ConsolidationRepository, CountyReader, DispatchRepository, EligibleGroup } from '../../dispatch/ports.ts';
import type { Temperature } from '../../ingest/schema.ts';
import type { IngestRepository, ParcelWrite, StoredParcelRow } from '../../ingest/ports.ts';
import { NotFoundError } from '../../errors.ts';
import { type MemoryParcel, type MemoryStore, unitOfWork } from './store.ts';

const key = (carrier: string, trackingNo: string): string => `${carrier}\u0000${trackingNo}`;
const OPEN = new Set(['unresolved', 'pending', 'assigned', 'deferred']);

function countyReader(store: MemoryStore): CountyReader {
  return {
    async loadCounty(county) {
      const c = store.tables.counties.get(county);
      if (!c) throw new NotFoundError(`county ${county} is not imported`);
      return c;
    },
    async activeTimetable(county) {
      return store.tables.timetables.find((t) => t.county === county && t.active)?.timetable ?? null;
    },
    async countUnresolved(county) {
      let n = 0;
      for (const p of store.tables.parcels.values()) if (p.county === county && p.status === 'unresolved') n++;
      return n;
    },
  };
}

/** Recomputes load and parcel count of `runIds` from their manifest items. */
function refreshRunTotals(store: MemoryStore, runIds: Iterable<string>): void {
  for (const id of new Set(runIds)) {
    const r = store.tables.runs.get(id);
    if (!r) continue;
    let kg = 0;
    let l = 0;
    let n = 0;
    for (const m of store.tables.manifestItems) {
      if (m.run !== id) continue;
      const p = store.tables.parcels.get(m.parcel);
      if (!p) continue;
      kg += p.weightKg;
      l += p.volumeL;
      n++;
    }
    r.loadKg = kg;
    r.loadM3 = l / 1000;
    r.parcels = n;
  }
}

/** The parcel fields a feed row sets (on insert and on update). */
function feedFields(p: ParcelWrite['p'], d: ParcelWrite['d']): Pick<MemoryParcel, 'destCode' | 'destLon' | 'destLat' | 'destAddress' | 'weightKg' | 'volumeL' | 'temperature' | 'readyAt' | 'dueBy' | 'villageCode' | 'resolution'> {
  return {
    destCode: p.destCode,
    destLon: p.destLon,
    destLat: p.destLat,
    destAddress: p.destAddress,
    weightKg: p.weightKg,
    volumeL: p.volumeL,
    temperature: p.temperature,
    readyAt: p.readyAt,
    dueBy: p.dueBy,
    villageCode: d?.villageCode ?? null,
    resolution: d?.resolution ?? null,
  };
}

function toStored(p: MemoryParcel): StoredParcelRow {
  return {
    id: p.id,
    carrier: p.carrier,
    trackingNo: p.trackingNo,
    county: p.county,
    destCode: p.destCode,
    destLon: p.destLon,
    destLat: p.destLat,
    destAddress: p.destAddress,
    weightKg: p.weightKg,
    volumeL: p.volumeL,
    temperature: p.temperature,
    readyAt: p.readyAt,
    dueBy: p.dueBy,
    villageCode: p.villageCode,
    feed: p.feedAt === undefined || p.feedAt === null || p.feedSeq === undefined || p.feedSeq === null ? null : { at: p.feedAt, seq: p.feedSeq },
  };
}

/** Arrival numbers of feeds, per store. */
const feedSeqs = new WeakMap<MemoryStore, number>();

/** The IngestRepository of `store`. */
export function memoryIngestRepository(store: MemoryStore, inTx = false): IngestRepository {
  return {
    withTransaction: unitOfWork(store, (t) => memoryIngestRepository(store, t), inTx),
    loadCounty: countyReader(store).loadCounty,
    async nextFeedSeq() {
      const n = (feedSeqs.get(store) ?? 0) + 1;
      feedSeqs.set(store, n);
      return n;
    },
    // Transactions of the store run one at a time, so nothing is locked.
    async lockExisting(keys) {
      const wanted = new Set(keys.map((k) => key(k.carrier, k.trackingNo)));
      return [...store.tables.parcels.values()].filter((p) => wanted.has(key(p.carrier, p.trackingNo))).map(toStored);
    },
    async insertParcels(county, rows, feed) {
      const taken = new Set([...store.tables.parcels.values()].map((p) => key(p.carrier, p.trackingNo)));
      let n = 0;
      for (const { p, d } of rows) {
        if (taken.has(key(p.carrier, p.trackingNo))) continue;
        taken.add(key(p.carrier, p.trackingNo));
        const id = store.nextId();
        const now = Date.now();
        store.tables.parcels.set(id, {
          id,
          carrier: p.carrier,
          trackingNo: p.trackingNo,
          county,
          status: d === null ? 'unresolved' : 'pending',
          updatedAt: now,
          ...feedFields(p, d),
          serviceDate: null,
          runId: null,
          eta: null,
          deferReason: null,
          deferUntil: null,
          version: 1,
          createdAt: now,
          feedAt: feed?.at ?? null,
          feedSeq: feed?.seq ?? null,
        });
        n++;
      }
      return n;
    },
    async updateParcels(county, rows, feed) {
      const t = store.tables;
      for (const { id, p, d, replan } of rows) {
        const e = t.parcels.get(id);
        if (!e) continue;
        t.parcelHistory.push({ parcelId: id, version: e.version, previous: structuredClone(e) });
        const reopen = replan && OPEN.has(e.status);
        Object.assign(e, {
          county,
          ...feedFields(p, d),
          version: e.version + 1,
          updatedAt: Date.now(),
          feedAt: feed?.at ?? null,
          feedSeq: feed?.seq ?? null,
        });
        if (reopen) {
          Object.assign(e, { status: e.villageCode === null ? 'unresolved' : 'pending', runId: null, eta: null, serviceDate: null, deferReason: null, deferUntil: null });
        }
      }
      // Re-planned parcels leave the manifests they were on; those runs' loads are recomputed.
      const ids = new Set(rows.map((r) => r.id));
      const gone: string[] = [];
      t.manifestItems = t.manifestItems.filter((m) => {
        const st = t.parcels.get(m.parcel)?.status;
        const leave = ids.has(m.parcel) && (st === 'pending' || st === 'unresolved');
        if (leave) gone.push(m.run);
        return !leave;
      });
      refreshRunTotals(store, gone);
    },
  };
}

/** The eligibility rule of a service date (see DispatchRepository.eligibleParcels). */
function eligible(p: MemoryParcel, county: string, date: string, end: number): boolean {
  if (p.county !== county || p.villageCode === null || !(p.readyAt < end)) return false;
  if (p.status === 'pending') return true;
  if ((p.status === 'assigned' || p.status === 'deferred') && p.serviceDate === date) return true;
  return p.status === 'deferred' && p.serviceDate !== null && p.serviceDate < date && (p.deferUntil === null || p.deferUntil <= date);
}

/** The DispatchRepository of `store`. */
export function memoryDispatchRepository(store: MemoryStore, inTx = false): DispatchRepository {
  return {
    ...countyReader(store),
    withTransaction: unitOfWork(store, (t) => memoryDispatchRepository(store, t), inTx),
    // Transactions of the store already run one at a time.
    async lockDay() {},
    async clearDay(county, date) {
      const t = store.tables;
      t.shipments = t.shipments.filter((s) => !(s.county === county && s.date === date));
      for (const [id, r] of t.runs) {
        if (r.county === county && r.date === date) {
          t.runs.delete(id);
          t.manifestItems = t.manifestItems.filter((m) => m.run !== id);
        }
      }
      for (const p of t.parcels.values()) {
        if (p.county === county && p.serviceDate === date && (p.status === 'assigned' || p.status === 'deferred')) {
          Object.assign(p, { status: 'pending', runId: null, eta: null, serviceDate: null, deferReason: null, deferUntil: null, updatedAt: Date.now() });
        }
      }
    },
    async eligibleParcels(county, date, end): Promise<DispatchParcel[]> {
      const endMs = Date.parse(end);
      return [...store.tables.parcels.values()]
        .filter((p) => eligible(p, county, date, endMs))
        .map((p) => ({
          id: p.id,
          carrier: p.carrier,
          villageCode: p.villageCode!,
          kg: p.weightKg,
          m3: p.volumeL / 1000,
          temperature: p.temperature as Temperature,
          readyAt: p.readyAt,
          dueBy: p.dueBy,
        }));
    },
    async savePlan(county, date, plan) {
      const t = store.tables;
      for (const run of plan.runs) {
        if (t.runs.has(run.id)) throw new Error(`run ${run.id} exists`);
        t.runs.set(run.id, { county, date, run: structuredClone(run), loadKg: 0, loadM3: 0, parcels: 0 });
      }
      t.manifestItems.push(...plan.items.map((i) => ({ ...i })));
      for (const o of plan.outcomes) {
        const p = t.parcels.get(o.id);
        if (!p) continue;
        Object.assign(p, {
          status: o.status,
          runId: o.runId,
          eta: o.eta === null ? null : Date.parse(o.eta),
          serviceDate: date,
          deferReason: o.reason,
          deferUntil: o.until,
          updatedAt: Date.now(),
        });
      }
      refreshRunTotals(store, plan.runs.map((r) => r.id));
      t.shipments.push(...plan.shipments.map((s) => ({ county, date, ...s })));
    },
  };
}

/** The ConsolidationRepository of `store`. */
export function memoryConsolidationRepository(store: MemoryStore): ConsolidationRepository {
  return {
    ...countyReader(store),
    async eligibleGroups(county, date, end) {
      const endMs = Date.parse(end);
      const groups = new Map<string, EligibleGroup & { n: number; kg: number; m3: number; coldKg: number }>();
      for (const p of store.tables.parcels.values()) {
        if (!eligible(p, county, date, endMs)) continue;
        const k = [p.villageCode, p.carrier, p.status, p.runId ?? ''].join('\u0000');
        const g = groups.get(k) ?? { villageCode: p.villageCode!, carrier: p.carrier, status: p.status, runId: p.runId, n: 0, kg: 0, m3: 0, coldKg: 0, deferUntil: null };
        g.n++;
        g.kg += p.weightKg;
        g.m3 += p.volumeL / 1000;
        if (p.temperature !== 'ambient') g.coldKg += p.weightKg;
        const du = p.deferUntil;
        groups.set(k, { ...g, deferUntil: du !== null && (g.deferUntil === null || du < g.deferUntil) ? du : g.deferUntil });
      }
      return [...groups.values()];
    },
    async dayDispatched(county, date) {
      return [...store.tables.runs.values()].some((r) => r.county === county && r.date === date);
    },
    async runsOfDay(county, date) {
      return [...store.tables.runs.values()]
        .filter((r) => r.county === county && r.date === date)
        .map((r) => ({ id: r.run.id, kind: r.run.kind, lineId: r.run.lineId, tripId: r.run.tripId }));
    },
  };
}
