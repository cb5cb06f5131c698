/**
 * The contract between the service (src/) and the workers layer (workers/): workers/index.ts
 * exports a `WorkerRuntime`. src/ never imports workers/: the composition root injects it with
 * {@link provideWorkerRuntime} (bin/rural-dispatch.js: the compiled dist/workers/index.js;
 * bin/dev.js: workers/index.ts through tsx; tests: workers/index.ts); the `serve` and `worker`
 * commands obtain it with {@link loadWorkerRuntime}, only when they run.
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

let provider: (() => Promise<WorkerRuntime>) | undefined;

/**
 * Called by the composition root (bin/rural-dispatch.js, bin/dev.js, or a test) to hand the workers
 * layer to the service. src/ never imports workers/: the dependency is injected.
 */
export function provideWorkerRuntime(load: () => Promise<WorkerRuntime>): void {
  provider = load;
}

/** The injected workers runtime, checked for shape; a clear error when none was provided. */
export async function loadWorkerRuntime(): Promise<WorkerRuntime> {
  if (!provider) throw new Error('no worker runtime provided: start through bin/rural-dispatch.js or bin/dev.js (they inject the workers layer)');
  const mod = (await provider()) as Partial<WorkerRuntime>;
  if (typeof mod.createProcessors !== 'function') throw new Error('the worker runtime does not export createProcessors');
  return mod as WorkerRuntime;
}
