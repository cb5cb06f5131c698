/** In-memory adapters of the ParcelRepository (src/dispatch/ports.ts) and ActualsRepository (src/coverage/ports.ts) ports. */
import { formatInstant, formatInstantOrNull } from '../../domain/time.ts';
import type { ActualsRepository, ScanFactRow } from '../../coverage/ports.ts';
import type { ParcelRepository } from '../../dispatch/ports.ts';
import { type MemoryParcel, type MemoryStore, unitOfWork } from './store.ts';

const iso = (ms: number | null): string | null => formatInstantOrNull(ms);

function find(store: MemoryStore, carrier: string, trackingNo: string): MemoryParcel | undefined {
  for (const p of store.tables.parcels.values()) if (p.carrier === carrier && p.trackingNo === trackingNo) return p;
  return undefined;
}

/** The ParcelRepository of `store`. */
export function memoryParcelRepository(store: MemoryStore, inTx = false): ParcelRepository {
  return {
    withTransaction: unitOfWork(store, (t) => memoryParcelRepository(store, t), inTx),
    async findParcel(carrier, trackingNo) {
      const p = find(store, carrier, trackingNo);
      if (!p) return null;
      return {
        id: p.id,
        carrier: p.carrier,
        trackingNo: p.trackingNo,
        county: p.county,
        status: p.status,
        villageCode: p.villageCode,
        resolution: p.resolution,
        weightKg: p.weightKg,
        volumeL: p.volumeL,
        temperature: p.temperature,
        readyAt: formatInstant(p.readyAt),
        dueBy: iso(p.dueBy),
        serviceDate: p.serviceDate,
        runId: p.runId,
        eta: iso(p.eta),
        deferReason: p.deferReason,
        deferUntil: p.deferUntil,
        version: p.version,
      };
    },
    async eventsOf(id) {
      return store.tables.events
        .filter((e) => e.parcelId === id)
        .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id))
        .map((e) => ({ kind: e.kind, at: formatInstant(e.at), node: e.node, runId: e.runId }));
    },
    async countUnresolved(county) {
      return [...store.tables.parcels.values()].filter((p) => p.county === county && p.status === 'unresolved').length;
    },
    async listUnresolved(county, limit, offset) {
      return [...store.tables.parcels.values()]
        .filter((p) => p.county === county && p.status === 'unresolved')
        .sort((a, b) => a.createdAt - b.createdAt || Number(a.id) - Number(b.id))
        .slice(offset, offset + limit)
        .map((p) => ({
          carrier: p.carrier,
          trackingNo: p.trackingNo,
          destCode: p.destCode,
          destLon: p.destLon,
          destLat: p.destLat,
          destAddress: p.destAddress,
          weightKg: p.weightKg,
          readyAt: formatInstant(p.readyAt),
          receivedAt: formatInstant(p.createdAt),
        }));
    },
    async lockParcel(carrier, trackingNo) {
      const p = find(store, carrier, trackingNo);
      return p ? { id: p.id, county: p.county, status: p.status } : null;
    },
    async isVillagePoint(county, code) {
      return store.tables.counties.get(county)?.nodeById.get(code)?.kind === 'village_point';
    },
    async resolveManually(id, villageCode) {
      const p = store.tables.parcels.get(id);
      if (p) Object.assign(p, { villageCode, resolution: 'manual', status: 'pending', updatedAt: Date.now() });
    },
  };
}

/** A number per county row object: an import replaces the row, so the number changes. */
const countyIds = new WeakMap<object, number>();
let nextCountyId = 1;
function countyIdentity(row: object): number {
  let id = countyIds.get(row);
  if (id === undefined) countyIds.set(row, (id = nextCountyId++));
  return id;
}

/** The ActualsRepository of `store`. */
export function memoryActualsRepository(store: MemoryStore): ActualsRepository {
  return {
    async coverageVersion(county, withScans) {
      const t = store.tables;
      const c = t.counties.get(county);
      const imported = c ? countyIdentity(c) : '-';
      const active = t.timetables.find((x) => x.county === county && x.active)?.id ?? '-';
      if (!withScans) return `${imported}|${active}|-|-`;
      const scans = t.events.reduce((m, e) => Math.max(m, e.id), 0);
      // What the scan facts read of a parcel (id, village, ready time), hashed (FNV-1a): exact, unlike
      // a millisecond updatedAt, and the store is small.
      let n = 0;
      let h = 0x811c9dc5;
      for (const p of t.parcels.values()) {
        if (p.county !== county) continue;
        n++;
        for (const ch of `${p.id}:${p.villageCode ?? ''}:${p.readyAt};`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
      }
      return `${imported}|${active}|${scans}/${t.events.length}|${n}/${h.toString(16)}`;
    },
    async scanFacts(county, from, to) {
      const lo = Date.parse(from);
      const hi = Date.parse(to);
      const out: ScanFactRow[] = [];
      for (const p of store.tables.parcels.values()) {
        if (p.county !== county) continue;
        const scans = store.tables.events.filter((e) => e.parcelId === p.id && (e.kind === 'delivered' || e.kind === 'picked_up')).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
        const delivered = scans.find((e) => e.kind === 'delivered');
        const pickups = scans.filter((e) => e.kind === 'picked_up');
        const readyIn = p.readyAt >= lo && p.readyAt < hi;
        const pickedIn = pickups.some((e) => Date.parse(e.at) >= lo && Date.parse(e.at) < hi) && !delivered;
        if (!readyIn && !pickedIn) continue;
        out.push({
          id: p.id,
          villageCode: p.villageCode,
          readyAt: formatInstant(p.readyAt),
          deliveredAt: formatInstantOrNull(delivered?.at),
          pickedUpAt: formatInstantOrNull(pickups[0]?.at),
          pickupNode: pickups[0]?.node ?? null,
        });
      }
      return out;
    },
  };
}
