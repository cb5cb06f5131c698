/**
 * What dispatch produces, as the API and the CLI give it: runs, manifests, parcel status, the
 * consolidation of a day and the dispatch result. The zod schemas are the one definition of each
 * shape (types derived with z.infer). Instants are ISO 8601 county time (`2026-12-03T06:00:00+08:00`,
 * src/domain/time.ts); times of day "HH:MM" county time.
 */
import { z } from 'zod';

const list = <T extends z.ZodType>(s: T) => z.array(s).readonly();
/** An instant as the API writes it. */
export const Instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/, 'must be ISO 8601 with offset');

/** One stored run with its load. Capacities and loads in kg and m3. */
export const RunSummary = z.object({
  id: z.string(),
  county: z.string(),
  date: z.string(),
  kind: z.enum(['line', 'bus', 'extra']),
  lineId: z.string().nullable(),
  tier: z.string().nullable(),
  tripId: z.string().nullable(),
  vehicle: z.string().nullable(),
  refrigerated: z.boolean(),
  /** Departure "HH:MM" from the first stop. */
  depart: z.string(),
  capacityKg: z.number(),
  capacityM3: z.number(),
  loadKg: z.number(),
  loadM3: z.number(),
  parcels: z.number(),
  /** Run id of the trunk run that supplies this feeder run. */
  feedsFrom: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

/** A parcel on a manifest. */
export const ManifestParcel = z.object({
  carrier: z.string(),
  trackingNo: z.string(),
  villageCode: z.string(),
  weightKg: z.number(),
  volumeL: z.number(),
  temperature: z.string(),
  status: z.string(),
  /** Planned arrival at the parcel's village (at this stop when the stop is the village). */
  eta: Instant.nullable(),
});
export type ManifestParcel = z.infer<typeof ManifestParcel>;

/** A stop of a manifest with the parcels that leave the vehicle there. */
export const ManifestStop = z.object({
  seq: z.number(),
  node: z.string(),
  name: z.string(),
  kind: z.string().nullable(),
  arrive: z.string(),
  depart: z.string(),
  kg: z.number(),
  m3: z.number(),
  parcels: list(ManifestParcel),
});
export type ManifestStop = z.infer<typeof ManifestStop>;

/** The manifest of one run. */
export const Manifest = z.object({ run: RunSummary, stops: list(ManifestStop) });
export type Manifest = z.infer<typeof Manifest>;

/** A scan event of a parcel. */
export const ParcelEvent = z.object({ kind: z.string(), at: Instant, node: z.string().nullable(), runId: z.string().nullable() });
export type ParcelEvent = z.infer<typeof ParcelEvent>;

/** Status of one parcel with its ETA and scan history. */
export const ParcelStatus = z.object({
  carrier: z.string(),
  trackingNo: z.string(),
  county: z.string(),
  /** unresolved | pending | assigned | deferred | loaded | handed_to_bus | at_hub | delivered | picked_up */
  status: z.string(),
  villageCode: z.string().nullable(),
  resolution: z.string().nullable(),
  weightKg: z.number(),
  volumeL: z.number(),
  temperature: z.string(),
  readyAt: Instant,
  dueBy: Instant.nullable(),
  /** Service date the parcel is planned for (or was deferred from). */
  serviceDate: z.string().nullable(),
  /** Last-mile run carrying it. */
  runId: z.string().nullable(),
  /** Planned arrival at the village (tentative for deferred parcels). */
  eta: Instant.nullable(),
  deferReason: z.string().nullable(),
  deferUntil: z.string().nullable(),
  /** Number of versions (1 + updates received). */
  version: z.number(),
  events: list(ParcelEvent),
});
export type ParcelStatus = z.infer<typeof ParcelStatus>;

/** An entry of the unresolved list: what the carrier sent. */
export const UnresolvedParcel = z.object({
  carrier: z.string(),
  trackingNo: z.string(),
  destCode: z.string().nullable(),
  destLon: z.number().nullable(),
  destLat: z.number().nullable(),
  destAddress: z.string().nullable(),
  weightKg: z.number(),
  readyAt: Instant,
  receivedAt: Instant,
});
export type UnresolvedParcel = z.infer<typeof UnresolvedParcel>;

/** One village's shipment of the day. */
export const Shipment = z.object({
  villageCode: z.string(),
  villageName: z.string(),
  /** Township hub id (parent of the village). */
  township: z.string().nullable(),
  parcels: z.number(),
  kg: z.number(),
  m3: z.number(),
  /** Parcel count per carrier. */
  byCarrier: z.record(z.string(), z.number()),
  /** Share of kg that is chilled or frozen (0..1). */
  chilledShare: z.number(),
  run: z.string().optional(),
  line: z.string().optional(),
  busTrip: z.string().optional(),
  deferred: z.number().optional(),
  nextService: z.string().nullable().optional(),
});
export type Shipment = z.infer<typeof Shipment>;

/** The consolidation of a county's service day. */
export const Consolidation = z.object({
  county: z.string(),
  date: z.string(),
  dispatched: z.boolean(),
  totals: z.object({ parcels: z.number(), kg: z.number(), m3: z.number(), villages: z.number() }),
  unresolved: z.number(),
  shipments: list(Shipment),
});
export type Consolidation = z.infer<typeof Consolidation>;

/** What dispatching a day did. */
export const DispatchResult = z.object({
  county: z.string(),
  date: z.string(),
  overflow: z.enum(['next-service', 'extra-run']),
  runs: z.number(),
  extraRuns: z.number(),
  parcels: z.number(),
  assigned: z.number(),
  deferred: z.number(),
  /** Deferred parcels per cause (`capacity`, `needs_refrigeration`, `no_service`). */
  deferredBy: z.record(z.string(), z.number()),
  unresolved: z.number(),
});
export type DispatchResult = z.infer<typeof DispatchResult>;
