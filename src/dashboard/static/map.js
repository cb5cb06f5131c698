// The county map: Leaflet on a plain background (no tiles, works offline) drawing the coverage
// GeoJSON of /v1/coverage?format=geojson (src/coverage/geojson.ts). Every feature is an SVG path
// with a class naming its layer (rd-boundary, rd-line, rd-bus, rd-hub, rd-warehouse, rd-village,
// rd-community, rd-poor-ring), which the browser test counts.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { format } from './format.js';
import { t } from './i18n.js';

/** Fill colour per frequency band (same as style.css). */
export const BAND_COLOURS = { daily: '#1a9850', d3to6: '#91cf60', d1to2: '#fc8d59', none: '#bdbdbd' };

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Creates the Leaflet map in `el` (SVG renderer, no tiles, no attribution fetches). */
export function createMap(el) {
  const map = L.map(el, { zoomSnap: 0.25, attributionControl: false, renderer: L.svg({ padding: 0.5 }) });
  map.setView([36.0, 101.0], 8);
  return { map, group: L.featureGroup().addTo(map) };
}

function villagePopup(p) {
  const yes = (b) => (b ? t('yes') : t('no'));
  return [
    `<strong>${esc(p.name)}</strong> <small>${esc(p.code)}</small>`,
    `${esc(t('station'))}: ${yes(p.station)} · ${esc(t('poor'))}: ${yes(p.poor)}`,
    `${esc(t(`band_${p.band}`))} · ${esc(t('days'))}: ${esc(p.daysPerWeek)}`,
    `${esc(t('via'))}: ${esc(t(`via_${p.via}`))}`,
    p.leadTimeHours === null || p.leadTimeHours === undefined ? '' : `${esc(t('leadMean'))}: ${esc(format('hours', p.leadTimeHours))}`,
  ]
    .filter(Boolean)
    .join('<br>');
}

/** Replaces the map's layers with `fc` (a coverage FeatureCollection) and fits the view to it. */
export function drawCoverage(state, fc) {
  const { map, group } = state;
  group.clearLayers();
  const features = (fc && fc.features) || [];
  const of = (layer) => features.filter((f) => f.properties && f.properties.layer === layer);

  const boundary = L.geoJSON(of('boundary'), {
    style: () => ({ className: 'rd-boundary', color: '#555', weight: 2, fill: true, fillColor: '#fbfaf5', fillOpacity: 1 }),
    interactive: false,
  }).addTo(group);

  for (const f of of('line')) {
    const p = f.properties;
    const colour = p.coldChain ? '#17a2b8' : p.tier === 'trunk' ? '#2c5aa0' : p.tier === 'direct' ? '#16a085' : '#5b8bd0';
    const cls = `rd-line rd-line-${p.tier}${p.coldChain ? ' rd-cold' : ''}`;
    L.geoJSON(f, { style: () => ({ className: cls, color: colour, weight: p.tier === 'trunk' ? 3.5 : 2.2, opacity: 0.85, dashArray: p.coldChain ? '2 4' : null }) })
      .bindTooltip(`${esc(t('line'))} ${esc(p.id)} (${esc(t(`tier_${p.tier}`))}${p.coldChain ? ` · ${esc(t('legendCold'))}` : ''}) · ${esc((p.weekdays || []).join(' '))}`)
      .addTo(group);
  }
  for (const f of of('bus')) {
    const p = f.properties;
    L.geoJSON(f, { style: () => ({ className: 'rd-bus', color: '#8e44ad', weight: 2, dashArray: '6 5', opacity: 0.9 }) })
      .bindTooltip(`${esc(t('legendBus'))} ${esc(p.route || p.id)}`)
      .addTo(group);
  }
  const point = (f) => L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
  for (const f of [...of('village'), ...of('community')]) {
    const p = f.properties;
    const ll = point(f);
    if (p.poor) {
      L.circleMarker(ll, { className: 'rd-poor-ring', radius: 9, color: '#c0392b', weight: 2, fill: false, interactive: false }).addTo(group);
    }
    const cls = ['rd-' + p.layer, `band-${p.band}`, p.station ? 'station' : 'no-station', p.poor ? 'poor' : ''].join(' ').trim();
    L.circleMarker(ll, {
      className: cls,
      radius: p.layer === 'community' ? 4 : 5.5,
      color: p.station ? '#222' : '#888',
      weight: p.station ? 2.5 : 1,
      fillColor: BAND_COLOURS[p.band] || BAND_COLOURS.none,
      fillOpacity: 0.95,
    })
      .bindPopup(villagePopup(p))
      .addTo(group);
  }
  for (const f of of('hub')) {
    L.circleMarker(point(f), { className: 'rd-hub', radius: 7, color: '#2c5aa0', weight: 3, fillColor: '#fff', fillOpacity: 1 })
      .bindTooltip(
        `${esc(t('hub'))} ${esc(f.properties.name)}<br>${esc(t('villages'))}: ${esc(f.properties.villages)} · ` +
          `${esc(t('stationRate'))}: ${esc(format('rate', f.properties.stationRate))} · ${esc(t('servedRate'))}: ${esc(format('rate', f.properties.servedRate))}`,
      )
      .addTo(group);
  }
  for (const f of of('warehouse')) {
    L.circleMarker(point(f), { className: 'rd-warehouse', radius: 10, color: '#222', weight: 3, fillColor: '#f1c40f', fillOpacity: 1 })
      .bindTooltip(`${esc(t('warehouse'))} ${esc(f.properties.name)}`)
      .addTo(group);
  }
  const bounds = boundary.getBounds().isValid() ? boundary.getBounds() : group.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
}
