/**
 * Carrier parcel feed ingest module API (feed columns in docs/api.md; limits in ./limits.ts).
 */
export { ingestParcels, type IngestOptions, type IngestReport, type RejectedRow } from './ingest.ts';
export { parseFeed, type FeedFormat, type FeedBody, type RawRow } from './parse.ts';
export { validateRow, feedRowSchema, MAX_PARCEL_KG, MAX_PARCEL_L, type ParcelInput, type Temperature } from './schema.ts';
export { createVillageResolver, type VillageResolver, type ResolvedDestination, type Resolution } from './resolve.ts';
export { MAX_FEED_ROWS, MAX_FEED_BYTES, FeedTooLargeError } from './limits.ts';
export { COUNTY_UTC_OFFSET, parseCountyTime, isServiceDate } from './time.ts';
