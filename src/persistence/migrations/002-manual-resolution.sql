-- 002: an operator may resolve an `unresolved` parcel by hand (resolution = 'manual').
ALTER TABLE parcels DROP CONSTRAINT IF EXISTS parcels_resolution_check;
ALTER TABLE parcels ADD CONSTRAINT parcels_resolution_check CHECK (resolution IN ('code', 'lonlat', 'address', 'manual'));
CREATE INDEX parcels_unresolved ON parcels (county, created_at) WHERE status = 'unresolved';
