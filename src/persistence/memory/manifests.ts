/** In-memory adapter of the ManifestRepository port (src/dispatch/ports.ts). */
import type { ManifestItemRow, ManifestRepository } from '../../dispatch/ports.ts';
import type { RunSummary } from '../../domain/runs.ts';
import { formatInstantOrNull } from '../../domain/time.ts';
import type { MemoryStore, MemoryTables } from './store.ts';

type StoredRun = MemoryTables['runs'] extends Map<string, infer R> ? R : never;

function toRun(r: StoredRun): RunSummary {
  return {
    id: r.run.id,
    county: r.county,
    date: r.date,
    kind: r.run.kind,
    lineId: r.run.lineId,
    tier: r.run.tier,
    tripId: r.run.tripId,
    vehicle: r.run.vehicle,
    refrigerated: r.run.refrigerated,
    depart: r.run.depart,
    capacityKg: r.run.capacityKg,
    capacityM3: r.run.capacityM3,
    loadKg: r.loadKg,
    loadM3: r.loadM3,
    parcels: r.parcels,
    feedsFrom: r.run.feedsFrom,
  };
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The ManifestRepository of `store`. */
export function memoryManifestRepository(store: MemoryStore): ManifestRepository {
  return {
    async runsOf(county, date) {
      return [...store.tables.runs.values()]
        .filter((r) => r.county === county && r.date === date)
        .map(toRun)
        .sort((a, b) => byText(a.depart, b.depart) || byText(a.id, b.id));
    },
    async findRun(runId) {
      const r = store.tables.runs.get(runId);
      return r ? toRun(r) : null;
    },
    async stopsOf(run) {
      const stored = store.tables.runs.get(run.id);
      const county = store.tables.counties.get(run.county);
      return (stored?.run.stops ?? [])
        .map((s) => {
          const node = county?.nodeById.get(s.node);
          return { seq: s.seq, node: s.node, arrive: s.arrive, depart: s.depart, name: node?.name ?? null, kind: node?.kind ?? null };
        })
        .sort((a, b) => a.seq - b.seq);
    },
    async itemsOf(runId): Promise<ManifestItemRow[]> {
      const rows: ManifestItemRow[] = [];
      for (const m of store.tables.manifestItems) {
        if (m.run !== runId) continue;
        const p = store.tables.parcels.get(m.parcel);
        if (!p) continue;
        rows.push({
          seq: m.seq,
          carrier: p.carrier,
          trackingNo: p.trackingNo,
          villageCode: p.villageCode!,
          weightKg: p.weightKg,
          volumeL: p.volumeL,
          temperature: p.temperature,
          status: p.status,
          eta: formatInstantOrNull(p.eta),
        });
      }
      return rows.sort((a, b) => a.seq - b.seq || byText(a.villageCode, b.villageCode) || byText(a.carrier, b.carrier) || byText(a.trackingNo, b.trackingNo));
    },
  };
}
