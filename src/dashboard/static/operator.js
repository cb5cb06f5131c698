// Operator view: today's runs of the county with load bars (GET /v1/runs?county=&date=) and, on a
// click, the run's manifest (GET /v1/runs/:id/manifest). Needs an API key, kept in localStorage.
// The API writes every field in camelCase (docs/api.md); the names below are those of its schemas.
import { ApiError, getJson, listOf, storeKey, storedKey } from './api.js';
import { format } from './format.js';
import { t } from './i18n.js';

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const pick = (o, ...names) => {
  for (const n of names) if (o && o[n] !== undefined && o[n] !== null) return o[n];
  return undefined;
};

let countyOf = () => '';
let lastRuns = null;

/** Today's date in Qinghai (UTC+8), YYYY-MM-DD. */
function today() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

function status(text, error = false) {
  const s = $('ops-status');
  s.textContent = text;
  s.classList.toggle('error', error);
}

function loadBar(load, capacity) {
  const wrap = document.createElement('span');
  const share = capacity > 0 ? load / capacity : 0;
  wrap.className = `loadbar${share > 1 ? ' over' : share > 0.85 ? ' high' : ''}`;
  wrap.dataset.testid = 'load-bar';
  wrap.dataset.value = String(share);
  const fill = document.createElement('span');
  fill.style.width = `${Math.min(100, share * 100)}%`;
  wrap.append(fill);
  const text = document.createElement('span');
  text.textContent = ` ${format('rate', capacity > 0 ? share : null)} (${Math.round(load)}/${Math.round(capacity)} kg)`;
  const box = document.createElement('span');
  box.append(wrap, text);
  return box;
}

function renderRuns(runs) {
  const body = $('runs-table').querySelector('tbody');
  body.replaceChildren();
  for (const r of runs) {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'run-row';
    const id = String(pick(r, 'id') ?? '');
    tr.dataset.id = id;
    const td = (text) => {
      const c = document.createElement('td');
      c.textContent = text;
      return c;
    };
    const label = pick(r, 'lineId', 'tripId') ?? id;
    const kind = [pick(r, 'kind'), pick(r, 'tier')].filter(Boolean).join(' / ');
    const load = Number(pick(r, 'loadKg') ?? 0);
    const cap = Number(pick(r, 'capacityKg') ?? 0);
    const bar = document.createElement('td');
    bar.append(loadBar(load, cap));
    tr.append(td(String(label)), td(kind), td(String(pick(r, 'vehicle') ?? '')), td(String(pick(r, 'depart') ?? '')), td(String(pick(r, 'parcels') ?? '')), bar);
    tr.addEventListener('click', () => showManifest(id, tr));
    body.append(tr);
  }
}

async function showManifest(id, row) {
  for (const r of document.querySelectorAll('[data-testid="run-row"]')) r.classList.toggle('selected', r === row);
  const box = $('manifest');
  box.replaceChildren();
  try {
    const m = await getJson(`/v1/runs/${encodeURIComponent(id)}/manifest`, {}, true);
    const h = document.createElement('h3');
    const run = (m && m.run) || {};
    h.textContent = `${t('manifest')} ${id}${run.vehicle ? ` · ${run.vehicle}` : ''}`;
    const stops = listOf(m, 'stops');
    const table = document.createElement('table');
    table.dataset.testid = 'manifest-table';
    const row = (tag, cells) => {
      const tr = document.createElement('tr');
      for (const c of cells) {
        const el = document.createElement(tag);
        el.textContent = c === null || c === undefined ? '' : String(c);
        tr.append(el);
      }
      return tr;
    };
    table.append(row('th', ['#', t('stop'), t('arrive'), t('depart'), t('parcels'), 'kg', t('trackingNos')]));
    for (const s of stops) {
      const parcels = Array.isArray(s.parcels) ? s.parcels : [];
      const tr = row('td', [
        pick(s, 'seq'),
        [pick(s, 'name'), pick(s, 'node')].filter(Boolean).join(' · '),
        pick(s, 'arrive'),
        pick(s, 'depart'),
        parcels.length,
        typeof s.kg === 'number' ? s.kg.toFixed(1) : '',
        parcels.map((p) => pick(p, 'trackingNo')).filter(Boolean).join(' '),
      ]);
      tr.dataset.testid = 'manifest-stop';
      table.append(tr);
    }
    box.append(h, table);
  } catch (err) {
    status(err instanceof ApiError && (err.status === 401 || err.status === 403) ? t('badKey') : `${t('loadFailed')}: ${err.message}`, true);
  }
}

async function loadRuns() {
  const key = $('api-key').value.trim();
  storeKey(key);
  if (!key) {
    status(t('needKey'), true);
    return;
  }
  status(t('loading'));
  try {
    const body = await getJson('/v1/runs', { county: countyOf(), date: $('ops-date').value }, true);
    lastRuns = listOf(body, 'runs');
    renderRuns(lastRuns);
    status(lastRuns.length === 0 ? t('noRuns') : '');
  } catch (err) {
    status(err instanceof ApiError && (err.status === 401 || err.status === 403) ? t('badKey') : `${t('loadFailed')}: ${err.message}`, true);
  }
}

/** Wires the operator form; `county` returns the selected county code. */
export function initOperator(county) {
  countyOf = county;
  $('api-key').value = storedKey();
  $('ops-date').value = today();
  $('ops-form').addEventListener('submit', (e) => {
    e.preventDefault();
    loadRuns();
  });
}

/** Called when the operator tab shows (or the language changes): loads runs once a key is known. */
export function showOperator(_county, reload = true) {
  if (!reload) {
    if (lastRuns) renderRuns(lastRuns);
    return;
  }
  if (storedKey()) loadRuns();
  else status(t('needKey'));
}
