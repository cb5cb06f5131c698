// Dashboard entry: county picker, coverage view (map, metric cards, charts, township table,
// exports), language toggle, and the operator tab (operator.js). State in the URL:
// ?county=<code>&lang=zh|en&view=coverage|operator.
import { apiUrl, getJson, listOf } from './api.js';
import { bandChart, stationChart } from './charts.js';
import { at, format } from './format.js';
import { applyLabels, lang, setLang, t } from './i18n.js';
import { createMap, drawCoverage } from './map.js';
import { initOperator, showOperator } from './operator.js';

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

/**
 * The metric cards: test id, label key, format kind and the path of the value in the county's
 * report (report.counties[0]). `target` cards turn green or red against the station target.
 */
export const CARDS = [
  { id: 'villages', label: 'villages', kind: 'count', path: 'villages' },
  { id: 'poor-villages', label: 'poorVillages', kind: 'count', path: 'poorVillages' },
  { id: 'station-rate', label: 'stationRate', kind: 'rate', path: 'stations.rate', sub: 'stations', met: 'stationTargetMet' },
  { id: 'poor-station-rate', label: 'poorStationRate', kind: 'rate', path: 'poorStations.rate', sub: 'poorStations', met: 'poorStationTargetMet' },
  { id: 'served-rate', label: 'servedRate', kind: 'rate', path: 'service.all.rate', sub: 'service.all' },
  { id: 'poor-served-rate', label: 'poorServedRate', kind: 'rate', path: 'service.poor.rate', sub: 'service.poor' },
  { id: 'band-daily', label: 'band_daily', kind: 'count', path: 'service.bands.daily' },
  { id: 'band-d3to6', label: 'band_d3to6', kind: 'count', path: 'service.bands.d3to6' },
  { id: 'band-d1to2', label: 'band_d1to2', kind: 'count', path: 'service.bands.d1to2' },
  { id: 'band-none', label: 'band_none', kind: 'count', path: 'service.bands.none' },
  { id: 'bus-only', label: 'busOnly', kind: 'count', path: 'service.busOnly' },
  { id: 'lead-mean', label: 'leadMean', kind: 'hours', path: 'plannedLeadTime.mean' },
  { id: 'lead-p50', label: 'leadP50', kind: 'hours', path: 'plannedLeadTime.p50' },
  { id: 'lead-p95', label: 'leadP95', kind: 'hours', path: 'plannedLeadTime.p95' },
  { id: 'bus-share', label: 'busShare', kind: 'rate', path: 'planned.busShare' },
  { id: 'pickup-visits', label: 'pickupVisits', kind: 'count', path: 'planned.pickupVisitsPerWeek' },
  { id: 'cost-per-parcel', label: 'costPerParcel', kind: 'money', path: 'cost.costPerParcel' },
  { id: 'km-per-parcel', label: 'kmPerParcel', kind: 'km', path: 'cost.kmPerParcel' },
  { id: 'communities', label: 'communities', kind: 'count', path: 'communities.villages' },
  { id: 'communities-station-rate', label: 'communitiesStationRate', kind: 'rate', path: 'communities.stations.rate' },
  { id: 'actual-lead-p50', label: 'actualLeadP50', kind: 'hours', path: 'actual.leadTime.p50', actual: true },
  { id: 'within-24h', label: 'within24h', kind: 'rate', path: 'actual.within24h.rate', actual: true },
  { id: 'within-48h', label: 'within48h', kind: 'rate', path: 'actual.within48h.rate', actual: true },
  { id: 'actual-pickups', label: 'actualPickups', kind: 'number', path: 'actual.pickupsPerWeek', actual: true },
];

/** Township table columns: test id, label key, format kind, path in a township's metrics. */
export const COLUMNS = [
  { id: 'villages', label: 'villages', kind: 'count', path: 'villages' },
  { id: 'poor-villages', label: 'poorVillages', kind: 'count', path: 'poorVillages' },
  { id: 'station-rate', label: 'stationRate', kind: 'rate', path: 'stations.rate', met: 'stationTargetMet' },
  { id: 'poor-station-rate', label: 'poorStationRate', kind: 'rate', path: 'poorStations.rate', met: 'poorStationTargetMet' },
  { id: 'served-rate', label: 'servedRate', kind: 'rate', path: 'service.all.rate' },
  { id: 'poor-served-rate', label: 'poorServedRate', kind: 'rate', path: 'service.poor.rate' },
  { id: 'band-daily', label: 'band_daily', kind: 'count', path: 'service.bands.daily' },
  { id: 'band-d3to6', label: 'band_d3to6', kind: 'count', path: 'service.bands.d3to6' },
  { id: 'band-d1to2', label: 'band_d1to2', kind: 'count', path: 'service.bands.d1to2' },
  { id: 'band-none', label: 'band_none', kind: 'count', path: 'service.bands.none' },
  { id: 'bus-only', label: 'busOnly', kind: 'count', path: 'service.busOnly' },
  { id: 'lead-p50', label: 'leadP50', kind: 'hours', path: 'plannedLeadTime.p50' },
  { id: 'lead-p95', label: 'leadP95', kind: 'hours', path: 'plannedLeadTime.p95' },
  { id: 'bus-share', label: 'busShare', kind: 'rate', path: 'planned.busShare' },
  { id: 'within-48h', label: 'within48h', kind: 'rate', path: 'actual.within48h.rate', actual: true },
];

/** Province comparison columns: one row per county (paths in a county's metrics). */
export const PROVINCE_COLUMNS = [
  { id: 'villages', label: 'villages', kind: 'count', path: 'villages' },
  { id: 'station-rate', label: 'stationRate', kind: 'rate', path: 'stations.rate', met: 'stationTargetMet' },
  { id: 'poor-station-rate', label: 'poorStationRate', kind: 'rate', path: 'poorStations.rate', met: 'poorStationTargetMet' },
  { id: 'served-rate', label: 'servedRate', kind: 'rate', path: 'service.all.rate' },
  { id: 'poor-served-rate', label: 'poorServedRate', kind: 'rate', path: 'service.poor.rate' },
  { id: 'band-daily', label: 'band_daily', kind: 'count', path: 'service.bands.daily' },
  { id: 'lead-p50', label: 'leadP50', kind: 'hours', path: 'plannedLeadTime.p50' },
  { id: 'bus-share', label: 'busShare', kind: 'rate', path: 'planned.busShare' },
  { id: 'cost-per-parcel', label: 'costPerParcel', kind: 'money', path: 'cost.costPerParcel' },
];

const state = {
  county: '',
  counties: [],
  report: null,
  geojson: null,
  province: null,
  map: null,
  view: 'coverage',
  /** Period of the actual (scan-based) figures, YYYY-MM-DD, both or neither. */
  from: '',
  to: '',
};

/** Query parameters of the actual-figures period (none when not both set). */
const period = () => (state.from && state.to ? { from: state.from, to: state.to } : {});

function setStatus(text, error = false) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', error);
}

function syncUrl() {
  const u = new URL(location.href);
  u.searchParams.set('county', state.county);
  u.searchParams.set('lang', lang());
  u.searchParams.set('view', state.view);
  for (const k of ['from', 'to']) {
    if (state[k]) u.searchParams.set(k, state[k]);
    else u.searchParams.delete(k);
  }
  history.replaceState(null, '', u);
}

function countyOptions() {
  const sel = $('county-select');
  sel.replaceChildren(
    ...state.counties.map((c) => {
      const o = document.createElement('option');
      o.value = c.code;
      o.textContent = `${c.name ?? c.slug ?? c.code} (${c.code})`;
      return o;
    }),
  );
  sel.value = state.county;
}

function renderCards(county, hasActual) {
  const box = $('metrics');
  box.replaceChildren();
  for (const c of CARDS) {
    if (c.actual && !hasActual) continue;
    const v = at(county, c.path);
    const card = document.createElement('div');
    card.className = 'card';
    card.dataset.testid = `metric-${c.id}`;
    card.dataset.path = c.path;
    card.dataset.value = v === null || v === undefined ? '' : String(v);
    const met = c.met ? at(county, c.met) : null;
    if (met === true) card.classList.add('met');
    if (met === false) card.classList.add('missed');
    const label = document.createElement('span');
    label.className = 'label';
    label.dataset.testid = `label-${c.id}`;
    label.textContent = t(c.label);
    const value = document.createElement('span');
    value.className = 'value';
    value.dataset.testid = `value-${c.id}`;
    value.textContent = format(c.kind, v);
    card.append(label, value);
    if (c.sub) {
      const r = at(county, c.sub);
      const sub = document.createElement('span');
      sub.className = 'sub';
      const targetNote = c.met && met !== null ? ` · ${t('target')} ${format('rate', state.report.target)} ${met ? t('met') : t('missed')}` : '';
      sub.textContent = r ? `${r.num}/${r.den}${targetNote}` : '';
      card.append(sub);
    }
    box.append(card);
  }
}

function cell(tag, text, attrs = {}) {
  const c = document.createElement(tag);
  c.textContent = text;
  for (const [k, v] of Object.entries(attrs)) c.setAttribute(k, v);
  return c;
}

function renderTable(county, hasActual) {
  const cols = COLUMNS.filter((c) => !c.actual || hasActual);
  const table = $('township-table');
  const head = table.querySelector('thead tr');
  head.replaceChildren(cell('th', t('township')), cell('th', t('code')), ...cols.map((c) => cell('th', t(c.label), { 'data-testid': `col-${c.id}` })));
  const body = table.querySelector('tbody');
  body.replaceChildren(
    ...county.townships.map((tw) => metricRow(tw, tw.name, tw.code, 'township-row', cols)),
    metricRow(county, t('total'), county.code, 'township-total', cols, 'total'),
  );
}

function metricRow(metrics, name, code, testid, cols, cls) {
  const tr = document.createElement('tr');
  tr.dataset.testid = testid;
  tr.dataset.code = code;
  if (cls) tr.className = cls;
  tr.append(cell('td', name), cell('td', code));
  for (const c of cols) {
    const v = at(metrics, c.path);
    const td = cell('td', format(c.kind, v), { 'data-testid': `cell-${c.id}`, 'data-value': v === null || v === undefined ? '' : String(v) });
    if (c.met && at(metrics, c.met) === false) td.classList.add('missed');
    tr.append(td);
  }
  return tr;
}

function renderProvince() {
  const report = state.province;
  const table = $('province-table');
  if (!report || !report.counties) return;
  table.querySelector('thead tr').replaceChildren(
    cell('th', t('countyName')),
    cell('th', t('code')),
    ...PROVINCE_COLUMNS.map((c) => cell('th', t(c.label), { 'data-testid': `pcol-${c.id}` })),
  );
  table.querySelector('tbody').replaceChildren(
    ...report.counties.map((c) => metricRow(c, c.name, c.code, 'province-row', PROVINCE_COLUMNS, c.code === state.county ? 'current' : '')),
    metricRow(report.total, t('provinceTotal'), '', 'province-total', PROVINCE_COLUMNS, 'total'),
  );
}

async function loadProvince(code) {
  document.body.dataset.provinceReady = 'false';
  try {
    state.province = await getJson('/v1/coverage', { province: code, ...period() });
    $('province-name').textContent = `(${code})`;
    renderProvince();
    document.body.dataset.provinceReady = 'true';
  } catch (err) {
    $('province-name').textContent = `${t('loadFailed')}: ${err.message}`;
    document.body.dataset.provinceReady = 'error';
  }
}

function renderCoverage() {
  renderProvince();
  const report = state.report;
  const county = report && report.counties && report.counties[0];
  if (!county) return;
  const hasActual = report.period !== null && report.period !== undefined;
  $('county-name').textContent = `${county.name} (${county.code})`;
  $('timetable-info').textContent = county.timetable ? `${t('timetableOf')} ${county.timetable.generatedAt.slice(0, 16).replace('T', ' ')}` : t('noTimetable');
  renderCards(county, hasActual);
  renderTable(county, hasActual);
  stationChart($('chart-stations'), county.townships, report.target);
  bandChart($('chart-bands'), county.townships);
  $('export-csv').href = apiUrl('/v1/coverage.csv', { county: state.county, ...period() });
  $('export-geojson').href = apiUrl('/v1/coverage', { county: state.county, format: 'geojson' });
  $('export-csv').setAttribute('download', `coverage-${state.county}.csv`);
  $('export-geojson').setAttribute('download', `coverage-${state.county}.geojson`);
  if (state.geojson) drawCoverage(state.map, state.geojson);
}

async function loadCounty(code) {
  state.county = code;
  syncUrl();
  setStatus(t('loading'));
  document.body.dataset.ready = 'false';
  try {
    const [report, geojson] = await Promise.all([
      getJson('/v1/coverage', { county: code, ...period() }),
      getJson('/v1/coverage', { county: code, format: 'geojson' }),
    ]);
    if (state.county !== code) return; // a later choice won
    state.report = report;
    state.geojson = geojson;
    renderCoverage();
    setStatus(report.warnings && report.warnings.length ? report.warnings.join(' · ') : '');
    document.body.dataset.ready = 'true';
  } catch (err) {
    setStatus(`${t('loadFailed')}: ${err.message}`, true);
    document.body.dataset.ready = 'error';
  }
}

function switchView(view) {
  state.view = view === 'operator' ? 'operator' : 'coverage';
  for (const b of document.querySelectorAll('[data-tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === state.view));
  $('view-coverage').hidden = state.view !== 'coverage';
  $('view-operator').hidden = state.view !== 'operator';
  syncUrl();
  if (state.view === 'coverage' && state.map) state.map.map.invalidateSize();
  if (state.view === 'operator') showOperator(state.county);
}

function toggleLanguage() {
  setLang(lang() === 'zh' ? 'en' : 'zh');
  try {
    localStorage.setItem('rural-dispatch.lang', lang());
  } catch {
    /* no storage */
  }
  applyLabels();
  $('lang-toggle').textContent = lang() === 'zh' ? 'EN' : '中文';
  syncUrl();
  renderCoverage();
  showOperator(state.county, false);
}

async function start() {
  const params = new URL(location.href).searchParams;
  let stored = null;
  try {
    stored = localStorage.getItem('rural-dispatch.lang');
  } catch {
    stored = null;
  }
  setLang(params.get('lang') || stored || 'zh');
  applyLabels();
  $('lang-toggle').textContent = lang() === 'zh' ? 'EN' : '中文';
  $('lang-toggle').addEventListener('click', toggleLanguage);
  for (const b of document.querySelectorAll('[data-tab]')) b.addEventListener('click', () => switchView(b.dataset.tab));
  $('county-select').addEventListener('change', (e) => loadCounty(e.target.value));
  state.from = params.get('from') || '';
  state.to = params.get('to') || '';
  $('period-from').value = state.from;
  $('period-to').value = state.to;
  $('period-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.from = $('period-from').value;
    state.to = $('period-to').value;
    if ((state.from === '') !== (state.to === '')) {
      setStatus(t('periodBoth'), true);
      return;
    }
    void loadProvince(state.county.slice(0, 2));
    void loadCounty(state.county);
  });
  state.map = createMap(document.getElementById('map'));
  initOperator(() => state.county);

  try {
    state.counties = listOf(await getJson('/v1/counties'), 'counties');
  } catch (err) {
    setStatus(`${t('loadFailed')}: ${err.message}`, true);
    document.body.dataset.ready = 'error';
    return;
  }
  if (state.counties.length === 0) {
    setStatus(t('noCounties'), true);
    document.body.dataset.ready = 'error';
    return;
  }
  const wanted = params.get('county');
  state.county = state.counties.some((c) => c.code === wanted) ? wanted : state.counties[0].code;
  countyOptions();
  switchView(params.get('view') || 'coverage');
  void loadProvince(state.county.slice(0, 2));
  await loadCounty(state.county);
}

start();
