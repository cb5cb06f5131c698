// Worker-thread bootstrap for development only (code running from the TypeScript sources: the
// tsx development runner, vitest): registers tsx's ESM loader in this thread (a thread does not
// inherit the parent's loader hooks, and `execArgv: ['--import', 'tsx']` does not reach worker
// threads on Node 20), then runs the TypeScript entry named in workerData.entry. The compiled
// build never loads this file: dist/workers/run-plan.js starts dist/workers/plan-thread.js directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
