/**
 * GeoJSON of a county's coverage, for the dashboard map and the `?format=geojson` export: one
 * FeatureCollection whose features carry a `layer` property naming what they are (docs/coverage.md §8).
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { Dataset } from '../domain/dataset.ts';
import type { Timetable } from '../domain/timetable.ts';
import { NotFoundError } from '../errors.ts';
import type { CoverageReport } from './types.ts';

/** The `layer` values of `coverageGeoJson` features. */
export type CoverageLayer = 'boundary' | 'warehouse' | 'hub' | 'village' | 'community' | 'line' | 'bus';

/** Properties common to every feature: the layer and (for nodes and lines) an id. */
export type CoverageFeatureProperties = { readonly layer: CoverageLayer } & Readonly<Record<string, unknown>>;

/**
 * The county as GeoJSON: `boundary` (Polygon/MultiPolygon), `warehouse` and `hub` Points (hubs with
 * their township's station and service rates), `village` and `community` Points with their coverage
 * row (station, poor, band, daysPerWeek, via, leadTimeHours, …), one `line` LineString per timetable
 * line through its stops in order (`coldChain` true for chilled-freight runs), and one `bus` LineString per passenger-bus trip carrying a leg.
 * Lines are straight between stops (no road geometry). Throws NotFoundError when `report` does not
 * contain the dataset's county.
 */
export function coverageGeoJson(
  dataset: Dataset,
  timetable: Timetable | null,
  report: CoverageReport,
): FeatureCollection<Geometry, CoverageFeatureProperties> {
  const county = report.counties.find((c) => c.code === dataset.countyCode);
  if (!county) throw new NotFoundError(`coverage report has no county ${dataset.countyCode}`);
  const features: Feature<Geometry, CoverageFeatureProperties>[] = [];
  const point = (lon: number, lat: number): Geometry => ({ type: 'Point', coordinates: [lon, lat] });

  features.push({
    type: 'Feature',
    geometry: dataset.boundary,
    properties: { layer: 'boundary', code: county.code, name: county.name },
  });
  const townships = new Map(county.townships.map((t) => [t.code, t]));
  for (const n of dataset.nodes) {
    if (n.kind === 'county_warehouse') {
      features.push({ type: 'Feature', geometry: point(n.lon, n.lat), properties: { layer: 'warehouse', id: n.id, code: n.code, name: n.name } });
    } else if (n.kind === 'township_hub') {
      const t = townships.get(n.code);
      features.push({
        type: 'Feature',
        geometry: point(n.lon, n.lat),
        properties: {
          layer: 'hub',
          id: n.id,
          code: n.code,
          name: n.name,
          villages: t?.villages ?? 0,
          stationRate: t?.stations.rate ?? null,
          poorStationRate: t?.poorStations.rate ?? null,
          servedRate: t?.service?.all.rate ?? null,
        },
      });
    }
  }
  for (const r of county.villageRows) {
    features.push({
      type: 'Feature',
      geometry: point(r.lon, r.lat),
      properties: {
        layer: r.community ? 'community' : 'village',
        code: r.code,
        name: r.name,
        township: r.township,
        station: r.station,
        poor: r.poor,
        community: r.community,
        band: r.band,
        daysPerWeek: r.daysPerWeek,
        weekdays: [...r.weekdays],
        visitsPerWeek: r.visitsPerWeek,
        via: r.via,
        coldChainVisitsPerWeek: r.coldChainVisitsPerWeek,
        leadTimeHours: r.leadTimeHours,
        parcelsDownPerWeek: r.parcelsDownPerWeek,
        parcelsUpPerWeek: r.parcelsUpPerWeek,
      },
    });
  }
  if (timetable) {
    const at = (id: string): Position | null => {
      const n = dataset.nodeById.get(id);
      return n ? [n.lon, n.lat] : null;
    };
    for (const line of timetable.lines) {
      const coordinates = line.stops.map((s) => at(s.node)).filter((p): p is Position => p !== null);
      if (coordinates.length < 2) continue;
      features.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates },
        properties: {
          layer: 'line',
          id: line.id,
          tier: line.tier,
          vehicle: line.vehicle,
          weekdays: [...line.weekdays],
          stops: line.stops.map((s) => s.node),
          km: line.km,
          loadKg: line.loadKg,
          coldChain: (line as typeof line & { coldChain?: boolean }).coldChain === true,
        },
      });
    }
    const legsByTrip = new Map<string, string[]>();
    for (const leg of timetable.busLegs) legsByTrip.set(leg.tripId, [...(legsByTrip.get(leg.tripId) ?? []), leg.node]);
    const stops = new Map(dataset.bus.stops.map((s) => [s.stopId, s]));
    for (const trip of dataset.bus.trips) {
      const nodes = legsByTrip.get(trip.tripId);
      if (!nodes) continue;
      const coordinates = [...trip.stopTimes]
        .sort((a, b) => a.sequence - b.sequence)
        .map((st) => stops.get(st.stopId))
        .filter((s) => s !== undefined)
        .map((s): Position => [s.lon, s.lat]);
      if (coordinates.length < 2) continue;
      features.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates },
        properties: { layer: 'bus', id: trip.tripId, route: trip.routeName, weekdays: [...trip.weekdays], serves: nodes },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}
