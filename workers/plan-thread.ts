/**
 * Worker-thread entry of `plan-timetable`: loads the county dataset and travel matrix, runs the
 * CPU-heavy planner and posts progress and the timetable back. Running here keeps the worker
 * process's event loop free, so BullMQ keeps renewing the job's lock during a long solve.
 * Started by ./run-plan.ts: as compiled JavaScript in the build, through ./thread-boot.mjs (tsx)
 * when the code runs from the TypeScript sources.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadDataset } from '../src/domain/load-dataset.ts';
import { AppError } from '../src/errors.ts';
import { loadTravelMatrix } from '../src/network/travel-matrix.ts';
import { planTimetable } from '../src/timetable/index.ts';
import type { PlanThreadInput, PlanThreadMessage } from './plan-messages.ts';

const input = (workerData as { input: PlanThreadInput }).input;
const post = (m: PlanThreadMessage): void => parentPort!.postMessage(m);

try {
  const dataset = await loadDataset(input.datasetDir);
  const matrix = await loadTravelMatrix(dataset, input.datasetDir);
  const timetable = await planTimetable(dataset, matrix, input.settings, {
    seed: input.seed,
    seconds: input.seconds,
    onProgress: (p) => post({ type: 'progress', phase: p.phase, fraction: p.fraction, ...(p.message ? { message: p.message } : {}) }),
  });
  post({ type: 'done', timetable });
} catch (err) {
  post({
    type: 'error',
    name: err instanceof Error ? err.name : 'Error',
    message: err instanceof Error ? err.message : String(err),
    ...(err instanceof AppError ? { code: err.code, issues: [...err.issues] } : {}),
  });
}
