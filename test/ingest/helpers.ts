/** Re-exports for the ingest suites (the module API under test). */
export { ingestParcels } from '../../src/ingest/index.ts';
export { listUnresolved as listUnresolvedFor } from '../../src/dispatch/index.ts';
