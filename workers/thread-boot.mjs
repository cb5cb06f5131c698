// Worker-thread bootstrap: registers tsx's ESM loader in this thread (a thread does not inherit
// the parent's loader hooks, and `execArgv: ['--import', 'tsx']` does not reach worker threads on
// Node 20), then runs the TypeScript entry named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
