/**
 * Consolidation and daily dispatch module API (plain typed functions over the `Db` port; the HTTP
 * layer wires them to routes). Rules: docs/persistence.md §Dispatch.
 */
export { dispatchDay, type DispatchOptions, type DispatchResult, type OverflowPolicy } from './dispatch.ts';
export { getConsolidation, type Consolidation, type Shipment } from './consolidation.ts';
export {
  listRuns,
  getManifest,
  renderManifestCsv,
  renderManifestHtml,
  type RunSummary,
  type Manifest,
  type ManifestStop,
  type ManifestParcel,
} from './manifest.ts';
export { getParcelStatus, listUnresolved, resolveParcel, type ParcelStatus, type ParcelEvent, type UnresolvedParcel } from './parcels.ts';
export { recordEvents, recordEventsAs, type ScanPoster, EVENT_KINDS, type EventKind, type EventInput, type RecordEventsResult } from './events.ts';
export { serviceDay, runId, type ServiceDay, type PlannedRun, type ServiceOption, type Leg } from './service-day.ts';
export { assignParcels, type DispatchParcel, type Placement, type Overflow } from './assign.ts';
export type { ExtraRunOptions } from './extra-run.ts';
