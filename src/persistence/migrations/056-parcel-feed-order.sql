-- Order of carrier feeds: each parcel remembers the feed its current version came from (the feed
-- time, then the arrival number), so a feed that lost a race to a newer one cannot overwrite it.
ALTER TABLE parcels ADD COLUMN feed_at timestamptz;
ALTER TABLE parcels ADD COLUMN feed_seq bigint;
CREATE SEQUENCE ingest_feed_seq;
