-- 001-core: counties, network, fleet, timetables, parcels (+history), runs, manifests, events.
-- Plain Postgres (runs unchanged on PGlite). Dates of service are text 'YYYY-MM-DD' (county local
-- date, UTC+08:00) so neither driver turns them into a JS Date at local midnight.

CREATE TABLE counties (
  code         text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  slug         text NOT NULL,
  name         text NOT NULL,
  warehouse_id text NOT NULL,
  boundary     jsonb,
  travel       jsonb NOT NULL DEFAULT '{}'::jsonb,
  bus          jsonb NOT NULL DEFAULT '{"stops":[],"trips":[]}'::jsonb,
  imported_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE nodes (
  county    text NOT NULL REFERENCES counties(code) ON DELETE CASCADE,
  id        text NOT NULL,
  kind      text NOT NULL CHECK (kind IN ('county_warehouse', 'township_hub', 'village_point')),
  code      text NOT NULL,
  name      text NOT NULL,
  parent    text,
  lon       double precision NOT NULL,
  lat       double precision NOT NULL,
  station   boolean NOT NULL,
  poor      boolean NOT NULL,
  community boolean NOT NULL DEFAULT false,
  open      text NOT NULL,
  close     text NOT NULL,
  synthetic boolean NOT NULL DEFAULT false,
  estimated boolean NOT NULL DEFAULT false,
  PRIMARY KEY (county, id)
);
CREATE INDEX nodes_kind ON nodes (county, kind);

CREATE TABLE vehicles (
  county        text NOT NULL REFERENCES counties(code) ON DELETE CASCADE,
  id            text NOT NULL,
  depot         text NOT NULL,
  capacity_kg   double precision NOT NULL CHECK (capacity_kg >= 0),
  capacity_m3   double precision NOT NULL CHECK (capacity_m3 >= 0),
  refrigerated  boolean NOT NULL,
  shift_start   text NOT NULL,
  shift_end     text NOT NULL,
  cost_per_km   double precision NOT NULL,
  cost_per_hour double precision NOT NULL,
  fixed_cost    double precision NOT NULL,
  PRIMARY KEY (county, id)
);

CREATE TABLE timetables (
  id           bigserial PRIMARY KEY,
  county       text NOT NULL REFERENCES counties(code) ON DELETE CASCADE,
  dataset      text NOT NULL,
  generated_at timestamptz NOT NULL,
  seed         bigint NOT NULL,
  active       boolean NOT NULL DEFAULT false,
  data         jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
-- At most one active timetable per county: dispatch reads it.
CREATE UNIQUE INDEX timetables_one_active ON timetables (county) WHERE active;

-- One parcel per (carrier, tracking_no). status:
--   unresolved  destination not matched to a village (listed for the operator)
--   pending     resolved, waiting for dispatch
--   assigned    on a run's manifest for service_date
--   deferred    not carried on service_date (reason in defer_reason), waits for defer_until
--   loaded | handed_to_bus | at_hub | delivered | picked_up   moved by scan events
CREATE TABLE parcels (
  id             bigserial PRIMARY KEY,
  carrier        text NOT NULL,
  tracking_no    text NOT NULL,
  county         text NOT NULL REFERENCES counties(code),
  dest_code      text,
  dest_lon       double precision,
  dest_lat       double precision,
  dest_address   text,
  weight_kg      double precision NOT NULL CHECK (weight_kg > 0),
  volume_l       double precision NOT NULL CHECK (volume_l > 0),
  temperature    text NOT NULL CHECK (temperature IN ('ambient', 'chilled', 'frozen')),
  ready_at       timestamptz NOT NULL,
  due_by         timestamptz,
  village_code   text,
  resolution     text CHECK (resolution IN ('code', 'lonlat', 'address')),
  status         text NOT NULL CHECK (status IN ('unresolved', 'pending', 'assigned', 'deferred',
                   'loaded', 'handed_to_bus', 'at_hub', 'delivered', 'picked_up')),
  service_date   text,
  run_id         text,
  eta            timestamptz,
  defer_reason   text,
  defer_until    text,
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (carrier, tracking_no)
);
CREATE INDEX parcels_county_status ON parcels (county, status, ready_at);
CREATE INDEX parcels_run ON parcels (run_id);
CREATE INDEX parcels_service_date ON parcels (county, service_date);

-- The previous version of a parcel each time a carrier re-sends it changed.
CREATE TABLE parcel_history (
  id         bigserial PRIMARY KEY,
  parcel_id  bigint NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  version    integer NOT NULL,
  previous   jsonb NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX parcel_history_parcel ON parcel_history (parcel_id);

-- One run per timetable line (or bus trip, or extra run) per service day.
CREATE TABLE runs (
  id            text PRIMARY KEY,
  county        text NOT NULL REFERENCES counties(code) ON DELETE CASCADE,
  service_date  text NOT NULL CHECK (service_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  kind          text NOT NULL CHECK (kind IN ('line', 'bus', 'extra')),
  line_id       text,
  tier          text,
  trip_id       text,
  vehicle       text,
  refrigerated  boolean NOT NULL,
  depart        text NOT NULL,
  capacity_kg   double precision NOT NULL,
  capacity_m3   double precision NOT NULL,
  load_kg       double precision NOT NULL DEFAULT 0,
  load_m3       double precision NOT NULL DEFAULT 0,
  parcels       integer NOT NULL DEFAULT 0,
  feeds_from    text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX runs_county_date ON runs (county, service_date);

CREATE TABLE run_stops (
  run_id  text NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq     integer NOT NULL,
  node    text NOT NULL,
  arrive  text NOT NULL,
  depart  text NOT NULL,
  PRIMARY KEY (run_id, seq)
);

-- Manifest lines: parcel P is carried by run R and leaves the vehicle at stop `seq`
-- (a feeder village's parcel is on the trunk run to its hub and on the feeder run to the village).
CREATE TABLE manifest_items (
  run_id    text NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  parcel_id bigint NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  seq       integer NOT NULL,
  PRIMARY KEY (run_id, parcel_id)
);
CREATE INDEX manifest_items_parcel ON manifest_items (parcel_id);

-- Consolidated shipment per village per service day (what dispatch decided, for the record).
-- run_id null = the part of the village's shipment that was deferred.
CREATE TABLE shipments (
  id           bigserial PRIMARY KEY,
  county       text NOT NULL REFERENCES counties(code) ON DELETE CASCADE,
  service_date text NOT NULL,
  village_code text NOT NULL,
  run_id       text REFERENCES runs(id) ON DELETE CASCADE,
  parcels      integer NOT NULL,
  kg           double precision NOT NULL,
  m3           double precision NOT NULL,
  chilled_kg   double precision NOT NULL DEFAULT 0
);
CREATE INDEX shipments_county_date ON shipments (county, service_date);

-- Scan events (loaded, handed_to_bus, arrived_at_hub, delivered, picked_up); coverage reads lead times.
CREATE TABLE events (
  id          bigserial PRIMARY KEY,
  parcel_id   bigint NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('loaded', 'handed_to_bus', 'arrived_at_hub', 'delivered', 'picked_up')),
  at          timestamptz NOT NULL,
  node        text,
  run_id      text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (parcel_id, kind, at)
);
CREATE INDEX events_kind_at ON events (kind, at);
