/**
 * Runs the planner for one job, in a worker thread (default) or inline. Progress is relayed; an
 * abort (cancel, shutdown) terminates the thread at once; an AppError thrown in the thread is
 * rebuilt here with its code and issues so invalid input stays unrecoverable.
 */
import { Worker } from 'node:worker_threads';
import type { Timetable } from '../src/domain/timetable.ts';
import { AppError, ValidationError, isErrorCode } from '../src/errors.ts';
import { loadDataset } from '../src/domain/load-dataset.ts';
import { loadTravelMatrix } from '../src/network/travel-matrix.ts';
import { JobCancelledError } from '../src/queue/port.ts';
import { planTimetable } from '../src/timetable/index.ts';
import type { PlanThreadInput, PlanThreadMessage } from './plan-messages.ts';

/** Progress callback: phase and 0..1 fraction. */
export type OnPlanProgress = (phase: string, fraction: number, message?: string) => void;

function rebuild(m: Extract<PlanThreadMessage, { type: 'error' }>): Error {
  if (isErrorCode(m.code)) {
    if (m.code === 'invalid_input' || m.code === 'malformed_body') return new ValidationError(m.issues ?? [], m.message, m.code);
    return new AppError(m.message, m.code, m.issues ?? []);
  }
  const e = new Error(m.message);
  e.name = m.name;
  return e;
}

/**
 * Starts the planner thread. Compiled (dist/workers/run-plan.js) it runs dist/workers/plan-thread.js
 * directly; from the TypeScript sources (development runner, vitest) a thread does not inherit the
 * parent's tsx loader, so ./thread-boot.mjs registers tsx in the thread and imports plan-thread.ts.
 */
function startPlanThread(input: PlanThreadInput): Worker {
  if (import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./thread-boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./plan-thread.ts', import.meta.url).href, input },
    });
  }
  return new Worker(new URL('./plan-thread.js', import.meta.url), { workerData: { input } });
}

/** Plans in a worker thread; rejects with JobCancelledError when `signal` aborts. */
export function planInThread(jobId: string, input: PlanThreadInput, signal: AbortSignal, onProgress: OnPlanProgress): Promise<Timetable> {
  return new Promise<Timetable>((resolve, reject) => {
    if (signal.aborted) return reject(new JobCancelledError(jobId));
    const worker = startPlanThread(input);
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = (): void => finish(() => reject(new JobCancelledError(jobId)));
    signal.addEventListener('abort', onAbort);
    worker.on('message', (m: PlanThreadMessage) => {
      if (m.type === 'progress') onProgress(m.phase, m.fraction, m.message);
      else if (m.type === 'done') finish(() => resolve(m.timetable));
      else finish(() => reject(rebuild(m)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`plan thread exited with code ${code} before answering`))));
  });
}

/** Plans on the calling thread (tests, or `solveInThread: false`). */
export async function planInline(input: PlanThreadInput, onProgress: OnPlanProgress): Promise<Timetable> {
  const dataset = await loadDataset(input.datasetDir);
  const matrix = await loadTravelMatrix(dataset, input.datasetDir);
  return planTimetable(dataset, matrix, input.settings, {
    seed: input.seed,
    seconds: input.seconds,
    onProgress: (p) => onProgress(p.phase, p.fraction, p.message),
  });
}
