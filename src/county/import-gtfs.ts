/**
 * `county import-gtfs DIR FEED.zip`: replaces the dataset's bus/ feed with a standard GTFS feed.
 *
 * Read (zip via `fflate`, CSV via csv-parse; files may sit in a folder inside the zip):
 * stops.txt, routes.txt, trips.txt, stop_times.txt, calendar.txt (required), agency.txt and the
 * extension file cargo.txt (`trip_id,cargo_kg,cargo_m3`) optional. calendar_dates.txt is ignored
 * (the planner works on weekly patterns).
 *
 * Stops are matched to network nodes in this order (first rule that gives one node wins):
 * 1. a `node_id` column naming a node; 2. by code: `stop_code` or `stop_id` (without a leading
 * `S`) equal to a node code; 3. by name: `stop_name` equal to a node's name or place name (村民委员会
 * etc. removed), the nearest such node if several; 4. by distance: the nearest node within
 * `maxStopKm` (default 1 km). Unmatched stops are reported and left out, with their stop times; a
 * trip left with fewer than 2 stops is dropped (reported). Cargo per trip: `cargo_kg` / `cargo_m3`
 * columns of trips.txt, else cargo.txt, else the defaults (100 kg, 0.4 m3). Empty arrival or
 * departure times (GTFS non-timepoints) take the other time of the row, else are interpolated
 * by stop order between the timed stops around them.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Dataset, NetworkNode } from '../domain/dataset.ts';
import { gtfsTime, IssueCollector, num, reqString } from '../domain/dataset-issues.ts';
import { geodesicKm } from '../network/travel-matrix.ts';
import { ValidationError } from '../errors.ts';
import { updateDataset } from './atomic.ts';
import { csvText } from './files.ts';
import { importError } from './import-points.ts';

export interface ImportGtfsOptions {
  readonly maxStopKm?: number;
  readonly cargoKg?: number;
  readonly cargoM3?: number;
}

export interface ImportGtfsResult {
  readonly summary: string;
  readonly notes: readonly string[];
  readonly matched: Readonly<Record<'node_id' | 'code' | 'name' | 'distance', number>>;
  readonly unmatchedStops: readonly string[];
  readonly droppedTrips: readonly string[];
}

type Row = Record<string, string>;
const REQUIRED = ['stops.txt', 'routes.txt', 'trips.txt', 'stop_times.txt', 'calendar.txt'] as const;

/** The GTFS text files of a zip, by base name. */
export async function readGtfsZip(file: string): Promise<Map<string, Row[]>> {
  const name = path.basename(file);
  const buf = await readFile(file).catch((e: Error) => {
    throw new ValidationError([{ file: name, field: 'file', reason: `cannot be read (${e.message})` }]);
  });
  const { unzipSync, strFromU8 } = await import('fflate');
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), { filter: (f) => f.name.endsWith('.txt') });
  } catch (e) {
    throw new ValidationError([{ file: name, field: 'zip', reason: `is not a readable zip file (${(e as Error).message})` }]);
  }
  const out = new Map<string, Row[]>();
  const issues: { file: string; field: string; reason: string }[] = [];
  for (const [entry, bytes] of Object.entries(entries)) {
    const base = entry.split('/').pop()!;
    try {
      out.set(base, parse(strFromU8(bytes), { columns: (h: string[]) => h.map((c) => c.trim()), skip_empty_lines: true, bom: true, trim: true }) as Row[]);
    } catch (e) {
      issues.push({ file: `${name}:${base}`, field: 'csv', reason: (e as Error).message });
    }
  }
  for (const f of REQUIRED) if (!out.has(f)) issues.push({ file: `${name}:${f}`, field: 'file', reason: 'is required in a GTFS feed' });
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}

const stripCommittee = (name: string): string => name.replace(/(居民委员会|村民委员会|牧民委员会|居委会|村委会|牧委会)$/, '');

/** Matches the feed's stops to nodes; records stop-row issues. */
function matchStops(ds: Dataset, stops: readonly Row[], file: string, maxStopKm: number, issues: IssueCollector) {
  const byCode = new Map(ds.nodes.map((n) => [n.code, n]));
  const byName = new Map<string, NetworkNode[]>();
  for (const n of ds.nodes) for (const k of new Set([n.name, stripCommittee(n.name)])) byName.set(k, [...(byName.get(k) ?? []), n]);
  const matched = { node_id: 0, code: 0, name: 0, distance: 0 };
  const nodeOf = new Map<string, { node: NetworkNode; lat: number; lon: number; name: string }>();
  const unmatched: string[] = [];
  stops.forEach((r, i) => {
    const bad = issues.at(`${file}:stops.txt`, i + 1);
    const before = issues.count;
    const id = reqString(r.stop_id, 'stop_id', bad);
    const lat = num(r.stop_lat, 'stop_lat', bad, { min: -90, max: 90 });
    const lon = num(r.stop_lon, 'stop_lon', bad, { min: -180, max: 180 });
    if (id !== undefined && nodeOf.has(id)) bad('stop_id', `duplicate stop_id "${id}"`);
    if (issues.count > before) return;
    const pos = { lon: lon!, lat: lat! };
    const nearest = (xs: readonly NetworkNode[]): NetworkNode | undefined => [...xs].sort((a, b) => geodesicKm(a, pos) - geodesicKm(b, pos) || a.id.localeCompare(b.id))[0];
    let node: NetworkNode | undefined;
    if (r.node_id && ds.nodeById.has(r.node_id)) (node = ds.nodeById.get(r.node_id)), matched.node_id++;
    else if ((node = byCode.get(r.stop_code ?? '') ?? byCode.get(id!.replace(/^S/, '')))) matched.code++;
    else if ((node = nearest(byName.get(r.stop_name ?? '') ?? byName.get(stripCommittee(r.stop_name ?? '')) ?? []))) matched.name++;
    else if ((node = nearest(ds.nodes)) && geodesicKm(node, pos) <= maxStopKm) matched.distance++;
    else node = undefined;
    if (node) nodeOf.set(id!, { node, lat: lat!, lon: lon!, name: r.stop_name || node.name });
    else unmatched.push(id!);
  });
  return { nodeOf, matched, unmatched };
}

interface TimedStop {
  row: number;
  stopId: string;
  seq: number;
  arr: number | undefined;
  dep: number | undefined;
}

/** Fills empty times (non-timepoints): the row's other time, else linear by stop order between timed stops. */
function fillTimes(list: TimedStop[]): void {
  for (const s of list) {
    s.arr ??= s.dep;
    s.dep ??= s.arr;
  }
  for (let k = 0; k < list.length; k++) {
    if (list[k]!.arr !== undefined) continue;
    let a = k - 1, b = k + 1;
    while (b < list.length && list[b]!.arr === undefined) b++;
    if (a < 0 || b >= list.length) continue;
    const t0 = list[a]!.dep!, t1 = list[b]!.arr!;
    for (let j = k; j < b; j++) list[j]!.arr = list[j]!.dep = t0 + ((t1 - t0) * (j - a)) / (b - a);
    k = b;
  }
}

const hms = (min: number): string => {
  const s = Math.round(min * 60);
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

function stopTimesByTrip(rows: readonly Row[], file: string, issues: IssueCollector): Map<string, TimedStop[]> {
  const out = new Map<string, TimedStop[]>();
  rows.forEach((r, i) => {
    const bad = issues.at(`${file}:stop_times.txt`, i + 1);
    const before = issues.count;
    const trip = reqString(r.trip_id, 'trip_id', bad);
    const stopId = reqString(r.stop_id, 'stop_id', bad);
    const seq = num(r.stop_sequence, 'stop_sequence', bad, { min: 0, integer: true });
    const arr = r.arrival_time ? gtfsTime(r.arrival_time, 'arrival_time', bad) : undefined;
    const dep = r.departure_time ? gtfsTime(r.departure_time, 'departure_time', bad) : undefined;
    if (issues.count > before) return;
    out.set(trip!, [...(out.get(trip!) ?? []), { row: i + 1, stopId: stopId!, seq: seq!, arr, dep }]);
  });
  for (const list of out.values()) {
    list.sort((a, b) => a.seq - b.seq);
    fillTimes(list);
  }
  return out;
}

function cargoOf(feed: Map<string, Row[]>, file: string, o: ImportGtfsOptions, issues: IssueCollector): Map<string, { kg: number; m3: number }> {
  const out = new Map<string, { kg: number; m3: number }>();
  (feed.get('cargo.txt') ?? []).forEach((r, i) => {
    const bad = issues.at(`${file}:cargo.txt`, i + 1);
    const kg = num(r.cargo_kg, 'cargo_kg', bad, { min: 0 });
    const m3 = num(r.cargo_m3, 'cargo_m3', bad, { min: 0 });
    if (r.trip_id && kg !== undefined && m3 !== undefined) out.set(r.trip_id, { kg, m3 });
  });
  return out;
}

/** The output bus/ files from the parsed feed. */
function busFiles(ds: Dataset, feed: Map<string, Row[]>, file: string, o: ImportGtfsOptions, issues: IssueCollector) {
  const { nodeOf, matched, unmatched } = matchStops(ds, feed.get('stops.txt')!, file, o.maxStopKm ?? 1, issues);
  const times = stopTimesByTrip(feed.get('stop_times.txt')!, file, issues);
  const cargo = cargoOf(feed, file, o, issues);
  const routes = new Map((feed.get('routes.txt') ?? []).map((r) => [r.route_id ?? '', r]));
  const services = new Set((feed.get('calendar.txt') ?? []).map((r) => r.service_id ?? ''));
  const allStops = new Set((feed.get('stops.txt') ?? []).map((r) => r.stop_id ?? ''));
  const tripRows: (string | number)[][] = [];
  const timeRows: (string | number)[][] = [];
  const used = new Set<string>();
  const usedRoutes = new Set<string>();
  const usedServices = new Set<string>();
  const dropped: string[] = [];
  (feed.get('trips.txt') ?? []).forEach((r, i) => {
    const bad = issues.at(`${file}:trips.txt`, i + 1);
    const before = issues.count;
    const tripId = reqString(r.trip_id, 'trip_id', bad);
    const routeId = reqString(r.route_id, 'route_id', bad);
    const serviceId = reqString(r.service_id, 'service_id', bad);
    if (routeId !== undefined && !routes.has(routeId)) bad('route_id', `route "${routeId}" does not exist in routes.txt`);
    if (serviceId !== undefined && !services.has(serviceId)) bad('service_id', `service "${serviceId}" does not exist in calendar.txt (calendar_dates.txt is not read)`);
    const kg = r.cargo_kg ? num(r.cargo_kg, 'cargo_kg', bad, { min: 0 }) : (cargo.get(tripId ?? '')?.kg ?? o.cargoKg ?? 100);
    const m3 = r.cargo_m3 ? num(r.cargo_m3, 'cargo_m3', bad, { min: 0 }) : (cargo.get(tripId ?? '')?.m3 ?? o.cargoM3 ?? 0.4);
    if (issues.count > before) return;
    const list = times.get(tripId!) ?? [];
    for (const s of list) if (!allStops.has(s.stopId)) issues.add(`${file}:stop_times.txt`, s.row, 'stop_id', `stop "${s.stopId}" does not exist in stops.txt`);
    const kept = list.filter((s) => nodeOf.has(s.stopId) && s.arr !== undefined);
    if (kept.length < 2) return void dropped.push(tripId!);
    kept.forEach((s, k) => {
      timeRows.push([tripId!, hms(s.arr!), hms(s.dep!), s.stopId, k + 1]);
      used.add(s.stopId);
    });
    usedRoutes.add(routeId!);
    usedServices.add(serviceId!);
    tripRows.push([routeId!, serviceId!, tripId!, r.trip_headsign ?? '', r.direction_id || '0', kg!, m3!, r.fee_per_parcel ?? '']);
  });
  const agency = feed.get('agency.txt')?.[0];
  return {
    matched,
    unmatched,
    dropped,
    trips: tripRows.length,
    files: {
      'agency.txt': csvText([
        ['agency_id', 'agency_name', 'agency_url', 'agency_timezone'],
        [agency?.agency_id ?? 'BUS', agency?.agency_name ?? 'bus operator', agency?.agency_url ?? 'https://example.invalid/', agency?.agency_timezone ?? 'Asia/Shanghai'],
      ]),
      'stops.txt': csvText([
        ['stop_id', 'stop_name', 'stop_lat', 'stop_lon', 'node_id'],
        ...[...used].sort().map((id) => {
          const s = nodeOf.get(id)!;
          return [id, s.name, s.lat, s.lon, s.node.id];
        }),
      ]),
      'routes.txt': csvText([
        ['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type'],
        ...[...usedRoutes].sort().map((id) => {
          const r = routes.get(id)!;
          return [id, r.agency_id ?? agency?.agency_id ?? 'BUS', r.route_short_name ?? '', r.route_long_name || r.route_short_name || id, r.route_type ?? '3'];
        }),
      ]),
      'trips.txt': csvText([['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id', 'cargo_kg', 'cargo_m3', 'fee_per_parcel'], ...tripRows]),
      'stop_times.txt': csvText([['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence'], ...timeRows]),
      'calendar.txt': csvText([
        ['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'],
        ...(feed.get('calendar.txt') ?? [])
          .filter((r) => usedServices.has(r.service_id ?? ''))
          .map((r) => [r.service_id!, r.monday!, r.tuesday!, r.wednesday!, r.thursday!, r.friday!, r.saturday!, r.sunday!, r.start_date!, r.end_date!]),
      ]),
    },
  };
}

/** Imports the GTFS zip `feed` into the dataset `dir` as its bus/ folder (atomically). */
export async function importGtfs(dir: string, feed: string, o: ImportGtfsOptions = {}): Promise<ImportGtfsResult> {
  const files = await readGtfsZip(feed);
  const name = path.basename(feed);
  return updateDataset(dir, async (tmp, ds) => {
    const issues = new IssueCollector();
    const b = busFiles(ds, files, name, o, issues);
    if (issues.count > 0) throw importError(name, issues.issues);
    if (b.trips === 0) throw new ValidationError([{ file: `${name}:trips.txt`, field: 'trip_id', reason: 'no trip has 2 or more stops matched to network nodes' }]);
    await rm(path.join(tmp, 'bus'), { recursive: true, force: true });
    await mkdir(path.join(tmp, 'bus'));
    for (const [f, text] of Object.entries(b.files)) await writeFile(path.join(tmp, 'bus', f), text);
    const m = b.matched;
    const notes = [
      ...b.unmatched.map((s) => `unmatched stop: ${name}:stops.txt stop_id ${s} (no node by node_id, code, name or within ${o.maxStopKm ?? 1} km)`),
      ...b.dropped.map((t) => `dropped trip: ${t} (fewer than 2 matched stops)`),
    ];
    return {
      summary: `${b.trips} trips imported; stops matched by node_id ${m.node_id}, code ${m.code}, name ${m.name}, distance ${m.distance}; ${b.unmatched.length} unmatched, ${b.dropped.length} trips dropped`,
      notes,
      matched: m,
      unmatchedStops: b.unmatched,
      droppedTrips: b.dropped,
    };
  });
}
