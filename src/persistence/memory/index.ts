/**
 * In-memory repository adapters: the same ports as the Postgres/PGlite repositories, over one
 * MemoryStore. They pass the repository conformance suite (test/persistence/repositories.test.ts).
 */
export { MemoryStore } from './store.ts';
export { memoryEventRepository } from './events.ts';
export { memoryApiKeyRepository } from './api-keys.ts';
export { memoryPlanJobRepository } from './plan-jobs.ts';
export { addCounty } from './store.ts';
export { memoryIngestRepository, memoryDispatchRepository, memoryConsolidationRepository } from './dispatch.ts';
export { memoryParcelRepository, memoryActualsRepository } from './parcels.ts';
export { memoryManifestRepository } from './manifests.ts';
