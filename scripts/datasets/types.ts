/** Shared types of the dataset build. */
import type { Position } from 'geojson';
import type { Area } from './geometry.ts';

/** A township with no point in the sources, and how its point is estimated by hand. */
export interface TownshipEstimate {
  readonly code: string;
  /** Geodesic km from the county seat. */
  readonly km: number;
  /** Bearing in degrees clockwise from north. */
  readonly bearing: number;
  readonly note: string;
}

/** One county of the build. */
export interface CountyConfig {
  /** Output folder `<code>-<slug>`, and for the demo counties also the source folder. */
  readonly folder: string;
  readonly slug: string;
  readonly nameEn: string;
  /** Road km / geodesic km. Mountain valleys wind more than the lake-shore grassland. */
  readonly circuity: number;
  /** Hand estimates for townships without a point (demo counties, and where the generic rule would mislead). */
  readonly estimates: readonly TownshipEstimate[];
}

export interface SourceVillage {
  code: string;
  name: string;
  townshipCode: string;
  urClass: string;
  unitType: 'community' | 'village';
  /** A real point (WGS-84) where the sources have one (province build: 2016 Amap points of a few communities). */
  point?: Position;
}

export interface SourceTownship {
  code: string;
  name: string;
  type: string;
  villageCount: number;
  point: Position | null;
}

export interface SourceCounty {
  code: string;
  name: string;
  prefecture: string;
  seat: Position;
  boundary: Area;
}

/** A township with its final point: real, or estimated with the reasoning in `note`. */
export type TownshipPoint = SourceTownship & { point: Position; estimated: boolean; note: string };

/** Where a county's inputs came from, and what the county README says about them. */
export interface Provenance {
  readonly origin: 'demo' | 'province';
  /** The county seat point is an estimate (note), not a source point. */
  readonly seatNote?: string;
  /** Extra README lines about the county's sources (province build: joins, boundary, code changes). */
  readonly notes: readonly string[];
}

/** Everything the generic build needs about one county, after reading and locating its townships. */
export interface PreparedCounty {
  readonly cfg: CountyConfig;
  readonly county: SourceCounty;
  readonly tPoints: readonly TownshipPoint[];
  readonly seatTownship: TownshipPoint;
  readonly villages: readonly SourceVillage[];
  readonly warehouseName: string;
  /** Bytes of the output county.geojson. */
  readonly countyFile: string | Buffer;
  readonly provenance: Provenance;
}

export type Kind = 'county_warehouse' | 'township_hub' | 'village_point';

export interface OutNode {
  id: string;
  kind: Kind;
  code: string;
  name: string;
  parent: string | null;
  township: string | null;
  station: boolean;
  poor: boolean;
  community: boolean;
  open: string;
  close: string;
  synthetic: boolean;
  estimated: boolean;
  urban_rural_class: string | null;
  pos: Position;
}

export interface OutVehicle {
  id: string;
  depot: string;
  type: string;
  capacityKg: number;
  capacityM3: number;
  refrigerated: boolean;
  shiftStart: string;
  shiftEnd: string;
  costPerKm: number;
  costPerHour: number;
  fixedCost: number;
}

export interface StopTime {
  node: OutNode;
  arr: number;
  dep: number;
}

export interface Line {
  routeId: string;
  shortName: string;
  longName: string;
  serviceId: string;
  stops: OutNode[];
  trips: { tripId: string; direction: 0 | 1; stopTimes: StopTime[]; cargoKg: number; cargoM3: number }[];
}

/** The built network of one county before it is written. */
export interface BuiltCounty {
  readonly warehouse: OutNode;
  readonly hubs: ReadonlyMap<string, OutNode>;
  readonly nodes: readonly OutNode[];
  readonly villageNodes: readonly OutNode[];
  readonly demandRows: readonly string[];
  readonly fleet: readonly OutVehicle[];
  readonly lines: readonly Line[];
}
