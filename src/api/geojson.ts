/** GeoJSON views of a county network and of a timetable (WGS-84 lon/lat). */
import type { Feature, FeatureCollection } from 'geojson';
import type { Dataset } from '../domain/dataset.ts';
import type { Timetable } from '../domain/timetable.ts';

/** The county boundary plus every network node as a Point with its properties. */
export function networkGeoJson(d: Dataset): FeatureCollection {
  const features: Feature[] = [
    { type: 'Feature', geometry: d.boundary, properties: { layer: 'boundary', code: d.countyCode, name: d.name } },
  ];
  for (const n of d.nodes) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [n.lon, n.lat] },
      properties: {
        layer: n.kind,
        id: n.id,
        code: n.code,
        name: n.name,
        parent: n.parent,
        station: n.station,
        poor: n.poor,
        community: n.community,
        open: n.open,
        close: n.close,
        synthetic: n.synthetic,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Lines as LineStrings through their stops, villages as Points with their service. */
export function timetableGeoJson(d: Dataset, t: Timetable): FeatureCollection {
  const at = (id: string): [number, number] | null => {
    const n = d.nodeById.get(id);
    return n ? [n.lon, n.lat] : null;
  };
  const features: Feature[] = [];
  for (const l of t.lines) {
    const coords = l.stops.map((s) => at(s.node)).filter((c): c is [number, number] => c !== null);
    if (coords.length < 2) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: coords },
      properties: {
        layer: 'line',
        id: l.id,
        tier: l.tier,
        vehicle: l.vehicle,
        weekdays: l.weekdays,
        km: l.km,
        minutes: l.minutes,
        loadKg: l.loadKg,
        stops: l.stops.map((s) => s.node),
        departs: l.stops[0]?.depart ?? null,
        feedsFrom: l.feedsFrom ?? null,
      },
    });
  }
  for (const v of t.villages) {
    const c = at(v.code);
    if (!c) continue;
    const n = d.nodeById.get(v.code)!;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: c },
      properties: {
        layer: 'village',
        code: v.code,
        name: n.name,
        mode: v.mode,
        weekdays: v.weekdays,
        visitsPerWeek: v.visitsPerWeek,
        line: v.line,
        leadTimeHours: v.leadTimeHours,
        station: n.station,
        poor: n.poor,
        ...(v.reason ? { reason: v.reason } : {}),
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
