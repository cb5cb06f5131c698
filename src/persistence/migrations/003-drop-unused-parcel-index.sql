-- 003: parcels_run was never used by a query (manifests read manifest_items); one index fewer to
-- maintain on every ingest insert and dispatch update.
DROP INDEX IF EXISTS parcels_run;
