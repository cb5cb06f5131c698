/**
 * The in-memory store behind the in-memory repository adapters: plain tables in a Map, and a
 * unit of work with the same contract as the database one (src/domain/unit-of-work.ts): one
 * transaction at a time, all-or-nothing (a snapshot is restored when the work throws), and nested
 * `withTransaction` calls join the running one. For fast use-case tests and tooling; nothing here
 * survives the process.
 */
import type { Timetable } from '../../domain/timetable.ts';
import type { Principal } from '../../auth/principal.ts';

/** A parcel row, as far as the in-memory repositories need it. */
export interface MemoryParcel {
  id: string;
  carrier: string;
  trackingNo: string;
  county: string;
  status: string;
  updatedAt: number;
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
}

/** All tables of the store. */
export interface MemoryTables {
  parcels: Map<string, MemoryParcel>;
  events: MemoryEvent[];
  apiKeys: MemoryKey[];
  timetables: MemoryTimetable[];
  planJobs: Map<string, { county: string; timetableId: string; attempt: number }>;
  nextId: number;
}

function emptyTables(): MemoryTables {
  return { parcels: new Map(), events: [], apiKeys: [], timetables: [], planJobs: new Map(), nextId: 1 };
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
    this.tables.parcels.set(id, { id, carrier: p.carrier, trackingNo: p.trackingNo, county: p.county, status: p.status ?? 'pending', updatedAt: Date.now() });
    return id;
  }
}

/**
 * Builds the repository `make(inTx)` over `store`: the root one opens transactions, the one bound
 * to a transaction joins it.
 */
export function unitOfWork<R>(store: MemoryStore, make: (inTx: boolean) => R, inTx: boolean): <T>(fn: (tx: R) => Promise<T>) => Promise<T> {
  if (inTx) return (fn) => fn(make(true));
  return (fn) => store.transaction(() => fn(make(true)));
}
