/**
 * The workers layer (docs/architecture.md): job processors and the worker-process entry. Loaded by
 * the CLI through src/queue/runtime.ts (`loadWorkerRuntime`); implements `WorkerRuntime`.
 */
export { createProcessors } from './processors.ts';
