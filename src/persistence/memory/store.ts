/**
 * The in-memory store behind the in-memory repository adapters: plain tables in a Map, and a
 * unit of work with the same contract as the database one (src/domain/unit-of-work.ts): one
 * transaction at a time, all-or-nothing (a snapshot is restored when the work throws), and nested
 * `withTransaction` calls join the running one. For fast use-case tests and tooling; nothing here
 * survives the process.
 */
import type { Dataset } from '../../domain/dataset.ts';
import type { Timetable } from '../../domain/timetable.ts';
import type { Principal } from '../../auth/principal.ts';
import type { PlannedRun } from '../../dispatch/service-day.ts';
import type { StoredCounty } from '../counties.ts';

/** A parcel row (times: epoch ms; service dates: `YYYY-MM-DD`). */
export interface MemoryParcel {
  id: string;
  carrier: string;
  trackingNo: string;
  county: string;
  status: string;
  updatedAt: number;
  destCode: string | null;
  destLon: number | null;
  destLat: number | null;
  destAddress: string | null;
  weightKg: number;
  volumeL: number;
  temperature: string;
  readyAt: number;
  dueBy: number | null;
  villageCode: string | null;
  resolution: string | null;
  serviceDate: string | null;
  runId: string | null;
  eta: number | null;
  deferReason: string | null;
  deferUntil: string | null;
  version: number;
  createdAt: number;
  /** Feed time and arrival number of the feed the current version came from (absent: none). */
  feedAt?: number | null;
  feedSeq?: number | null;
}

/** A scan row. */
export interface MemoryEvent {
  id: number;
  parcelId: string;
  kind: string;
  at: string;
  node: string | null;
  runId: string | null;
}

/** An API key row (hash only). */
export interface MemoryKey {
  id: string;
  keyHash: string;
  keyPrefix: string;
  principal: Omit<Principal, 'keyId'>;
  label: string | null;
  revoked: boolean;
}

/** A stored timetable row. */
export interface MemoryTimetable {
  id: string;
  county: string;
  active: boolean;
  timetable: Timetable;
  /** Set when it was activated: when, by whom, why. */
  activatedAt?: string;
  activatedBy?: string;
  activationReason?: string;
}

/** All tables of the store. */
export interface MemoryTables {
  parcels: Map<string, MemoryParcel>;
  events: MemoryEvent[];
  apiKeys: MemoryKey[];
  timetables: MemoryTimetable[];
  planJobs: Map<string, { county: string; timetableId: string; attempt: number }>;
  counties: Map<string, StoredCounty>;
  /** Previous versions of parcels. */
  parcelHistory: { parcelId: string; version: number; previous: MemoryParcel }[];
  runs: Map<string, { county: string; date: string; run: PlannedRun; loadKg: number; loadM3: number; parcels: number }>;
  manifestItems: { run: string; parcel: string; seq: number }[];
  shipments: { county: string; date: string; village: string; run: string | null; n: number; kg: number; m3: number; cold: number }[];
  nextId: number;
}

function emptyTables(): MemoryTables {
  return {
    parcels: new Map(),
    events: [],
    apiKeys: [],
    timetables: [],
    planJobs: new Map(),
    counties: new Map(),
    parcelHistory: [],
    runs: new Map(),
    manifestItems: [],
    shipments: [],
    nextId: 1,
  };
}

/** The in-memory database: tables plus a serialising, all-or-nothing transaction. */
export class MemoryStore {
  tables: MemoryTables = emptyTables();
  private queue: Promise<unknown> = Promise.resolve();

  /** A fresh id (bigint-like, as text), shared by all tables as a sequence. */
  nextId(): string {
    return String(this.tables.nextId++);
  }

  /**
   * Runs `fn` alone (after any running transaction); restores the tables as they were before it
   * when it throws.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const snapshot = structuredClone(this.tables);
      try {
        return await fn();
      } catch (err) {
        this.tables = snapshot;
        throw err;
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** Adds a parcel (test setup: the in-memory stand-in for ingest); returns its id. */
  addParcel(p: { carrier: string; trackingNo: string; county: string; status?: string }): string {
    const id = this.nextId();
    const now = Date.now();
    this.tables.parcels.set(id, {
      id,
      carrier: p.carrier,
      trackingNo: p.trackingNo,
      county: p.county,
      status: p.status ?? 'pending',
      updatedAt: now,
      destCode: null,
      destLon: null,
      destLat: null,
      destAddress: null,
      weightKg: 1,
      volumeL: 1,
      temperature: 'ambient',
      readyAt: now,
      dueBy: null,
      villageCode: null,
      resolution: null,
      serviceDate: null,
      runId: null,
      eta: null,
      deferReason: null,
      deferUntil: null,
      version: 1,
      createdAt: now,
    });
    return id;
  }
}

/** Stores a county as `importCounty` would (nodes and fleet ordered by id); replaces an earlier import. */
export function addCounty(store: MemoryStore, dataset: Dataset): void {
  const nodes = [...dataset.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  store.tables.counties.set(dataset.countyCode, {
    code: dataset.countyCode,
    slug: dataset.slug,
    name: dataset.name,
    warehouseId: dataset.warehouseId,
    nodes,
    nodeById: new Map(nodes.map((n) => [n.id, n])),
    fleet: [...dataset.fleet].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    bus: dataset.bus ?? { stops: [], trips: [] },
    travel: dataset.travel ?? {},
  });
}

/**
 * Builds the repository `make(inTx)` over `store`: the root one opens transactions, the one bound
 * to a transaction joins it.
 */
export function unitOfWork<R>(store: MemoryStore, make: (inTx: boolean) => R, inTx: boolean): <T>(fn: (tx: R) => Promise<T>) => Promise<T> {
  if (inTx) return (fn) => fn(make(true));
  return (fn) => store.transaction(() => fn(make(true)));
}
