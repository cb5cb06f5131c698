/**
 * Runs and manifests: `listRuns` (a county's runs of a date), `getManifest` (one run: stops in
 * order, parcels leaving the vehicle at each stop, load), and the CSV and printable HTML renderings
 * a driver takes along.
 */
import { stringifyCsv } from '../domain/csv.ts';
import { NotFoundError } from '../errors.ts';
import type { ManifestRepository } from './ports.ts';
import { checkDate } from './dispatch.ts';
import type { Manifest, ManifestParcel, RunSummary } from '../domain/runs.ts';

export type { Manifest, ManifestParcel, ManifestStop, RunSummary } from '../domain/runs.ts';


/** The runs of `county` on `date`, ordered by departure then id. */
export async function listRuns(repo: ManifestRepository, county: string, date: string): Promise<RunSummary[]> {
  checkDate(date);
  return repo.runsOf(county, date);
}

/** The manifest of run `runId`. Throws NotFoundError for an unknown run. */
export async function getManifest(repo: ManifestRepository, runId: string): Promise<Manifest> {
  const run = await repo.findRun(runId);
  if (!run) throw new NotFoundError(`run ${runId} not found`);
  const stops = await repo.stopsOf(run);
  const bySeq = new Map<number, ManifestParcel[]>();
  for (const { seq, ...parcel } of await repo.itemsOf(runId)) {
    const list = bySeq.get(seq) ?? [];
    list.push(parcel);
    bySeq.set(seq, list);
  }
  return {
    run,
    stops: stops.map((s) => {
      const parcels = bySeq.get(s.seq) ?? [];
      return {
        seq: s.seq,
        node: s.node,
        name: s.name ?? s.node,
        kind: s.kind,
        arrive: s.arrive,
        depart: s.depart,
        kg: Math.round(parcels.reduce((t, p) => t + p.weightKg, 0) * 1000) / 1000,
        m3: Math.round(parcels.reduce((t, p) => t + p.volumeL, 0)) / 1000,
        parcels,
      };
    }),
  };
}

/** CSV of a manifest: one line per parcel (header included), stops in order. */
export function renderManifestCsv(m: Manifest): string {
  const rows: (string | number)[][] = [];
  for (const s of m.stops) {
    for (const p of s.parcels) {
      rows.push([m.run.id, m.run.date, s.seq, s.node, s.name, s.arrive, p.carrier, p.trackingNo, p.villageCode, p.weightKg, p.volumeL, p.temperature, p.eta ?? '']);
    }
  }
  // A UTF-8 byte-order mark so spreadsheet programs read the Chinese stop names correctly.
  return stringifyCsv(rows, {
    bom: true,
    header: true,
    columns: ['run_id', 'date', 'stop_seq', 'stop_node', 'stop_name', 'arrive', 'carrier', 'tracking_no', 'village_code', 'weight_kg', 'volume_l', 'temperature', 'eta'],
  });
}

const esc = (s: string | number | null): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A self-contained printable HTML page of a manifest (escaped; no scripts, no external assets). */
export function renderManifestHtml(m: Manifest): string {
  const r = m.run;
  const title = `Manifest ${r.id}`;
  const head = [
    ['Date', r.date],
    ['Kind', r.kind + (r.tier ? ` (${r.tier})` : '')],
    ['Line / trip', r.lineId ?? r.tripId ?? '-'],
    ['Vehicle', r.vehicle ?? 'bus'],
    ['Departs', r.depart],
    ['Load', `${r.loadKg} / ${r.capacityKg} kg, ${r.loadM3.toFixed(3)} / ${r.capacityM3} m3, ${r.parcels} parcels`],
    ['Refrigerated', r.refrigerated ? 'yes' : 'no'],
  ];
  const stops = m.stops
    .map(
      (s) => `<section><h2>${esc(s.seq)}. ${esc(s.name)} <small>${esc(s.node)} · arrive ${esc(s.arrive)} · ${esc(s.parcels.length)} parcels, ${esc(s.kg)} kg</small></h2>${
        s.parcels.length === 0
          ? ''
          : `<table><thead><tr><th>✓</th><th>Carrier</th><th>Tracking no</th><th>Village</th><th>kg</th><th>L</th><th>Temp.</th></tr></thead><tbody>${s.parcels
              .map(
                (p) =>
                  `<tr><td>☐</td><td>${esc(p.carrier)}</td><td>${esc(p.trackingNo)}</td><td>${esc(p.villageCode)}</td><td>${esc(p.weightKg)}</td><td>${esc(p.volumeL)}</td><td>${esc(p.temperature)}</td></tr>`,
              )
              .join('')}</tbody></table>`
      }</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:12px/1.4 system-ui,sans-serif;margin:1.5cm}h1{font-size:18px}h2{font-size:14px;margin:1em 0 .3em}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #888;padding:2px 4px;text-align:left}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}section{break-inside:avoid}
@media print{body{margin:0}}</style></head>
<body><h1>${esc(title)}</h1><dl>${head.map(([k, v]) => `<dt>${esc(k!)}</dt><dd>${esc(v!)}</dd>`).join('')}</dl>
${stops}
<p>Signature driver: ____________ &nbsp; Signature hub/village: ____________</p></body></html>
`;
}
