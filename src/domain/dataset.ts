/**
 * The county dataset model: immutable, validated once by the loader (src/domain/load-dataset.ts),
 * then trusted. File formats: docs/datasets.md. Node ids are the official admin codes:
 * county warehouse = 6-digit county code, township hub = 9-digit township code,
 * village point = 12-digit village code. Coordinates are WGS-84 degrees.
 */
import type { MultiPolygon, Polygon } from 'geojson';

export type NodeKind = 'county_warehouse' | 'township_hub' | 'village_point';

/** One point of the three-tier network (a Point feature of network.geojson). */
export interface NetworkNode {
  /** Network id (= official code, see module doc). */
  readonly id: string;
  readonly kind: NodeKind;
  /** Official admin code: 6 (county), 9 (township) or 12 (village) digits. */
  readonly code: string;
  readonly name: string;
  /** Parent node id: hub for a village, warehouse for a hub, null for the warehouse. */
  readonly parent: string | null;
  readonly lon: number;
  readonly lat: number;
  /** Village has a service station (村级服务站点). Always true for hubs and the warehouse. */
  readonly station: boolean;
  /** Registered poor village (建档立卡贫困村). */
  readonly poor: boolean;
  /** Urban community (居委会) rather than a village committee (村委会). */
  readonly community: boolean;
  /** Opening hours, "HH:MM" local time. */
  readonly open: string;
  readonly close: string;
  /** Coordinates synthesised (seeded) because no open source has them. */
  readonly synthetic: boolean;
  /** Coordinates estimated by hand from a documented description (e.g. a township with no point). */
  readonly estimated: boolean;
}

/** A vehicle of fleet.json. Capacities in kg and m3; times "HH:MM"; costs in yuan. */
export interface Vehicle {
  readonly id: string;
  /** Node id of the depot (warehouse or a hub). */
  readonly depot: string;
  readonly capacityKg: number;
  readonly capacityM3: number;
  readonly refrigerated: boolean;
  readonly shiftStart: string;
  readonly shiftEnd: string;
  readonly costPerKm: number;
  readonly costPerHour: number;
  /** Cost per day the vehicle is used. */
  readonly fixedCost: number;
}

/** GTFS stop with the `node_id` extension column. */
export interface BusStop {
  readonly stopId: string;
  readonly name: string;
  readonly lon: number;
  readonly lat: number;
  /** Network node id the stop serves. */
  readonly nodeId: string;
}

export interface BusStopTime {
  readonly stopId: string;
  readonly sequence: number;
  /** Minutes after midnight. */
  readonly arrival: number;
  readonly departure: number;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** GTFS trip with the `cargo_kg`/`cargo_m3` extension columns, its stop times and service days. */
export interface BusTrip {
  readonly tripId: string;
  readonly routeId: string;
  readonly routeName: string;
  readonly serviceId: string;
  readonly weekdays: readonly Weekday[];
  readonly cargoKg: number;
  readonly cargoM3: number;
  /** Fee per parcel in yuan (dataset setting, same for all trips unless the feed says otherwise). */
  readonly feePerParcel: number;
  readonly stopTimes: readonly BusStopTime[];
}

export interface BusFeed {
  readonly stops: readonly BusStop[];
  readonly trips: readonly BusTrip[];
}

/** Expected daily demand of one village (demand.csv). */
export interface VillageDemand {
  readonly code: string;
  readonly parcelsDown: number;
  readonly kgDown: number;
  readonly m3Down: number;
  readonly parcelsUp: number;
  readonly kgUp: number;
  readonly m3Up: number;
  /** Share (0..1) of the downward and upward kg that must travel chilled. */
  readonly chilledShare: number;
}

/** Per-dataset travel settings (dataset.json). */
export interface TravelSettings {
  /** Road distance / geodesic distance when no roads.geojson. */
  readonly circuity: number;
  /** Average speed in km/h per road class; `default` applies to geodesic legs. */
  readonly speedKmh: Readonly<Record<string, number>>;
}

export interface Dataset {
  /** Folder name, e.g. `630123-huangyuan`. */
  readonly slug: string;
  readonly countyCode: string;
  readonly name: string;
  /** County boundary (GeoJSON Polygon or MultiPolygon geometry). */
  readonly boundary: Polygon | MultiPolygon;
  readonly nodes: readonly NetworkNode[];
  readonly nodeById: ReadonlyMap<string, NetworkNode>;
  readonly warehouseId: string;
  readonly fleet: readonly Vehicle[];
  readonly bus: BusFeed;
  readonly demand: ReadonlyMap<string, VillageDemand>;
  readonly travel: TravelSettings;
  /**
   * How the county's bus operator charges for parcels (dataset.json `bus.feeModel`/`bus.feePerTrip`):
   * `trip` = a flat fee per trip and day that carries the box (yuan), `parcel` = per parcel (the
   * trips' `feePerParcel`). Absent: the planner's defaults apply.
   */
  readonly busFeeModel?: 'trip' | 'parcel';
  readonly busFeePerTrip?: number;
  /** Optional road links from roads.geojson. */
  readonly roads: readonly RoadLink[];
}

export interface RoadLink {
  readonly from: string;
  readonly to: string;
  readonly km: number;
  readonly minutes: number;
  readonly class: string;
}

/** Travel matrix over all network nodes, row-major: entry (i, j) at `i * n + j`. */
export interface TravelMatrix {
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly n: number;
  readonly km: Float64Array;
  readonly minutes: Float64Array;
}
