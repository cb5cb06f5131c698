/**
 * Reader for the dataset's GTFS bus feed (`bus/`): stops.txt with a `node_id` column, routes.txt,
 * trips.txt with `cargo_kg`/`cargo_m3` (and optional `fee_per_parcel`), stop_times.txt and
 * calendar.txt. calendar_dates.txt, shapes and frequencies are not used. Stop times are ordered by
 * `stop_sequence` (GTFS does not require file order); along that order times must not decrease.
 */
import type { BusFeed, BusStop, BusStopTime, BusTrip, Weekday } from './dataset.ts';
import { readCsv, exists } from './dataset-files.ts';
import { gtfsTime, nodeRef, num, reqString, type IssueCollector, type NodeIds } from './dataset-issues.ts';

const GTFS_DAYS: readonly [string, Weekday][] = [
  ['monday', 'mon'],
  ['tuesday', 'tue'],
  ['wednesday', 'wed'],
  ['thursday', 'thu'],
  ['friday', 'fri'],
  ['saturday', 'sat'],
  ['sunday', 'sun'],
];

/**
 * Loads `dir/bus/` into a feed. A dataset without a `bus/` folder has an empty feed; a folder
 * present must hold all five files. `nodeIds` are the network node ids (valid and declared); `defaultFee` is the
 * dataset's fee per parcel (yuan) for trips without a `fee_per_parcel` value.
 */
export async function loadBusFeed(dir: string, nodeIds: NodeIds, defaultFee: number, issues: IssueCollector): Promise<BusFeed> {
  if (!(await exists(dir, 'bus'))) return { stops: [], trips: [] };
  const [stopsT, routesT, tripsT, timesT, calT] = await Promise.all([
    readCsv(dir, 'bus/stops.txt', ['stop_id', 'stop_name', 'stop_lat', 'stop_lon', 'node_id'], issues),
    readCsv(dir, 'bus/routes.txt', ['route_id'], issues),
    readCsv(dir, 'bus/trips.txt', ['route_id', 'service_id', 'trip_id', 'cargo_kg', 'cargo_m3'], issues),
    readCsv(dir, 'bus/stop_times.txt', ['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence'], issues),
    readCsv(dir, 'bus/calendar.txt', ['service_id', ...GTFS_DAYS.map(([d]) => d), 'start_date', 'end_date'], issues),
  ]);

  // stops.txt
  const stops = new Map<string, BusStop>();
  const stopIdsSeen = new Set<string>();
  stopsT?.rows.forEach((r, i) => {
    const f = 'bus/stops.txt';
    const bad = issues.at(f, i + 1);
    const before = issues.count;
    const stopId = reqString(r.stop_id, 'stop_id', bad);
    if (stopId !== undefined && stopIdsSeen.has(stopId)) bad('stop_id', `duplicate stop_id "${stopId}"`);
    if (stopId !== undefined) stopIdsSeen.add(stopId);
    const name = reqString(r.stop_name, 'stop_name', bad);
    const lat = num(r.stop_lat, 'stop_lat', bad, { min: -90, max: 90 });
    const lon = num(r.stop_lon, 'stop_lon', bad, { min: -180, max: 180 });
    const nodeId = reqString(r.node_id, 'node_id', bad);
    if (nodeId !== undefined) nodeRef(nodeId, nodeIds, 'node_id', bad);
    if (issues.count === before) stops.set(stopId!, Object.freeze({ stopId: stopId!, name: name!, lon: lon!, lat: lat!, nodeId: nodeId! }));
  });

  // routes.txt
  const routes = new Map<string, string>();
  routesT?.rows.forEach((r, i) => {
    const bad = issues.at('bus/routes.txt', i + 1);
    const id = reqString(r.route_id, 'route_id', bad);
    if (id === undefined) return;
    if (routes.has(id)) return bad('route_id', `duplicate route_id "${id}"`);
    const name = (r.route_long_name ?? '') || (r.route_short_name ?? '');
    if (!name) return bad('route_long_name', 'route_long_name or route_short_name is required');
    routes.set(id, name);
  });

  // calendar.txt
  const services = new Map<string, readonly Weekday[]>();
  calT?.rows.forEach((r, i) => {
    const bad = issues.at('bus/calendar.txt', i + 1);
    const before = issues.count;
    const id = reqString(r.service_id, 'service_id', bad);
    if (id !== undefined && services.has(id)) bad('service_id', `duplicate service_id "${id}"`);
    const days: Weekday[] = [];
    for (const [col, wd] of GTFS_DAYS) {
      const v = r[col];
      if (v === '1') days.push(wd);
      else if (v !== '0') bad(col, `must be 0 or 1, got ${JSON.stringify(v)}`);
    }
    for (const col of ['start_date', 'end_date'] as const)
      if (!/^\d{8}$/.test(r[col] ?? '')) bad(col, `must be a date YYYYMMDD, got ${JSON.stringify(r[col])}`);
    if ((r.start_date ?? '') > (r.end_date ?? '')) bad('end_date', 'must not be before start_date');
    if (issues.count === before) services.set(id!, Object.freeze(days));
  });

  // stop_times.txt, grouped per trip
  interface Row {
    row: number;
    st: BusStopTime;
  }
  const timesByTrip = new Map<string, Row[]>();
  timesT?.rows.forEach((r, i) => {
    const row = i + 1;
    const bad = issues.at('bus/stop_times.txt', row);
    const before = issues.count;
    const tripId = reqString(r.trip_id, 'trip_id', bad);
    const stopId = reqString(r.stop_id, 'stop_id', bad);
    if (stopId !== undefined && stopsT && !stopIdsSeen.has(stopId)) bad('stop_id', `stop "${stopId}" does not exist in bus/stops.txt`);
    const sequence = num(r.stop_sequence, 'stop_sequence', bad, { min: 0, integer: true });
    const arrival = gtfsTime(r.arrival_time, 'arrival_time', bad);
    const departure = gtfsTime(r.departure_time, 'departure_time', bad);
    if (arrival !== undefined && departure !== undefined && departure < arrival)
      bad('departure_time', `must not be before arrival_time (${r.arrival_time}), got ${r.departure_time}`);
    if (issues.count > before) return;
    const list = timesByTrip.get(tripId!) ?? [];
    list.push({ row, st: { stopId: stopId!, sequence: sequence!, arrival: arrival!, departure: departure! } });
    timesByTrip.set(tripId!, list);
  });
  const orderedTimes = new Map<string, BusStopTime[]>();
  for (const [tripId, list] of timesByTrip) {
    const sorted = [...list].sort((a, b) => a.st.sequence - b.st.sequence);
    let ok = true;
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1]!;
      const cur = sorted[k]!;
      const bad = issues.at('bus/stop_times.txt', cur.row);
      if (cur.st.sequence === prev.st.sequence) {
        bad('stop_sequence', `duplicate stop_sequence ${cur.st.sequence} in trip "${tripId}" (also row ${prev.row})`);
        ok = false;
      } else if (cur.st.arrival < prev.st.departure) {
        bad(
          'arrival_time',
          `out of order in trip "${tripId}": stop_sequence ${cur.st.sequence} arrives before stop_sequence ${prev.st.sequence} (row ${prev.row}) departs`,
        );
        ok = false;
      }
    }
    if (ok) orderedTimes.set(tripId, sorted.map((x) => Object.freeze(x.st)));
  }

  // trips.txt
  const trips: BusTrip[] = [];
  const tripIds = new Set<string>();
  tripsT?.rows.forEach((r, i) => {
    const row = i + 1;
    const bad = issues.at('bus/trips.txt', row);
    const before = issues.count;
    const tripId = reqString(r.trip_id, 'trip_id', bad);
    if (tripId !== undefined && tripIds.has(tripId)) bad('trip_id', `duplicate trip_id "${tripId}"`);
    if (tripId !== undefined) tripIds.add(tripId);
    const routeId = reqString(r.route_id, 'route_id', bad);
    if (routeId !== undefined && routesT && !routes.has(routeId)) bad('route_id', `route "${routeId}" does not exist in bus/routes.txt`);
    const serviceId = reqString(r.service_id, 'service_id', bad);
    if (serviceId !== undefined && calT && !services.has(serviceId)) bad('service_id', `service "${serviceId}" does not exist in bus/calendar.txt`);
    const cargoKg = num(r.cargo_kg, 'cargo_kg', bad, { min: 0 });
    const cargoM3 = num(r.cargo_m3, 'cargo_m3', bad, { min: 0 });
    const fee = num(r.fee_per_parcel, 'fee_per_parcel', bad, { min: 0, optional: true, fallback: defaultFee });
    const times = tripId === undefined ? undefined : orderedTimes.get(tripId);
    if (tripId !== undefined && timesT && !timesByTrip.has(tripId)) bad('trip_id', `trip "${tripId}" has no rows in bus/stop_times.txt`);
    else if (tripId !== undefined && times && times.length < 2) bad('trip_id', `trip "${tripId}" needs at least 2 stop times, has ${times.length}`);
    if (issues.count > before || !times) return;
    trips.push(
      Object.freeze({
        tripId: tripId!,
        routeId: routeId!,
        routeName: routes.get(routeId!) ?? routeId!,
        serviceId: serviceId!,
        weekdays: services.get(serviceId!) ?? [],
        cargoKg: cargoKg!,
        cargoM3: cargoM3!,
        feePerParcel: fee!,
        stopTimes: Object.freeze(times),
      }),
    );
  });
  for (const tripId of timesByTrip.keys())
    if (tripsT && !tripIds.has(tripId)) {
      const first = timesByTrip.get(tripId)![0]!;
      issues.add('bus/stop_times.txt', first.row, 'trip_id', `trip "${tripId}" does not exist in bus/trips.txt`);
    }

  return { stops: Object.freeze([...stops.values()]), trips: Object.freeze(trips) };
}
