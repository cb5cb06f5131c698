/**
 * Loads a county dataset folder (`data/counties/<code>-<slug>/`, formats in docs/datasets.md and
 * docs/datasets.md) into the immutable `Dataset` model. Validates once, then the model is trusted:
 * every problem in every file is collected as an Issue (file, row or feature, field, reason) and
 * reported together in one `ValidationError`.
 *
 * Files: dataset.json, county.geojson, network.geojson, fleet.json, demand.csv (required);
 * bus/ (GTFS; optional folder) and roads.geojson (optional).
 */
import path from 'node:path';
import { ValidationError, formatIssue } from '../errors.ts';
import type { Dataset, NetworkNode, TravelSettings, Vehicle, VillageDemand } from './dataset.ts';
import { exists, isObject, readCsv, readJson } from './dataset-files.ts';
import { IssueCollector, bool, clock, nodeRef, num, reqString, type NodeIds } from './dataset-issues.ts';
import { loadBusFeed } from './load-bus.ts';
import { parseBoundary, parseNetwork, parseRoads } from './load-network.ts';

/** Settings read from dataset.json besides travel. */
interface DatasetSettings {
  readonly name: string;
  readonly countyCode: string;
  readonly travel: TravelSettings;
  readonly feePerParcel: number;
  readonly feeModel?: 'trip' | 'parcel';
  readonly feePerTrip?: number;
}

const DEFAULT_TRAVEL: TravelSettings = { circuity: 1.3, speedKmh: { default: 40 } };

function parseSettings(raw: unknown, issues: IssueCollector): DatasetSettings | undefined {
  const file = 'dataset.json';
  if (raw === undefined) return undefined;
  const bad = issues.at(file);
  if (!isObject(raw)) {
    bad('(root)', 'must be a JSON object');
    return undefined;
  }
  const before = issues.count;
  const name = reqString(raw.name, 'name', bad);
  const countyCode = reqString(raw.countyCode, 'countyCode', bad);
  if (countyCode !== undefined && !/^\d{6}$/.test(countyCode)) bad('countyCode', `must be 6 digits, got "${countyCode}"`);
  let travel = DEFAULT_TRAVEL;
  if (raw.travel !== undefined) {
    if (!isObject(raw.travel)) bad('travel', 'must be an object');
    else {
      const circuity = num(raw.travel.circuity, 'travel.circuity', bad, { json: true, min: 1, max: 5 });
      const speedKmh: Record<string, number> = {};
      const sp = raw.travel.speedKmh;
      if (sp !== undefined && !isObject(sp)) bad('travel.speedKmh', 'must be an object of km/h per road class');
      else if (isObject(sp)) {
        for (const [k, v] of Object.entries(sp)) {
          const x = num(v, `travel.speedKmh.${k}`, bad, { json: true, min: 0, exclusiveMin: true, max: 200 });
          if (x !== undefined) speedKmh[k] = x;
        }
      }
      if (speedKmh.default === undefined && !(isObject(sp) && 'default' in sp)) speedKmh.default = DEFAULT_TRAVEL.speedKmh.default!;
      travel = { circuity: circuity ?? DEFAULT_TRAVEL.circuity, speedKmh: Object.freeze(speedKmh) };
    }
  }
  let fee = 0;
  let feeModel: 'trip' | 'parcel' | undefined;
  let feePerTrip: number | undefined;
  if (raw.bus !== undefined) {
    if (!isObject(raw.bus)) bad('bus', 'must be an object');
    else {
      fee = num(raw.bus.feePerParcel, 'bus.feePerParcel', bad, { json: true, min: 0, optional: true, fallback: 0 }) ?? 0;
      feePerTrip = num(raw.bus.feePerTrip, 'bus.feePerTrip', bad, { json: true, min: 0, optional: true });
      const m = raw.bus.feeModel;
      if (m === 'trip' || m === 'parcel') feeModel = m;
      else if (m !== undefined) bad('bus.feeModel', 'must be "trip" or "parcel"');
    }
  }
  if (issues.count > before) return undefined;
  return {
    name: name!,
    countyCode: countyCode!,
    travel: Object.freeze(travel),
    feePerParcel: fee,
    ...(feeModel ? { feeModel } : {}),
    ...(feePerTrip !== undefined ? { feePerTrip } : {}),
  };
}

function parseFleet(raw: unknown, nodes: ReadonlyMap<string, NetworkNode>, ids: NodeIds, issues: IssueCollector): Vehicle[] {
  const file = 'fleet.json';
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : isObject(raw) && Array.isArray(raw.vehicles) ? raw.vehicles : undefined;
  if (!list) {
    issues.add(file, undefined, 'vehicles', 'must be an array of vehicles or an object {"vehicles": [...]}');
    return [];
  }
  const out: Vehicle[] = [];
  const seen = new Set<string>();
  list.forEach((v: unknown, i: number) => {
    const bad = issues.at(file, i + 1);
    const before = issues.count;
    if (!isObject(v)) return bad('vehicle', 'must be an object');
    const id = reqString(v.id, 'id', bad);
    if (id !== undefined && seen.has(id)) bad('id', `duplicate vehicle id "${id}"`);
    if (id !== undefined) seen.add(id);
    const depot = reqString(v.depot, 'depot', bad);
    if (depot !== undefined && nodeRef(depot, ids, 'depot', bad) && nodes.get(depot)?.kind === 'village_point')
      bad('depot', `depot "${depot}" is a village_point; it must be the county_warehouse or a township_hub`);
    const capacityKg = num(v.capacityKg, 'capacityKg', bad, { json: true, min: 0, exclusiveMin: true });
    const capacityM3 = num(v.capacityM3, 'capacityM3', bad, { json: true, min: 0, exclusiveMin: true });
    const refrigerated = bool(v.refrigerated, 'refrigerated', bad, false);
    const start = clock(v.shiftStart, 'shiftStart', bad);
    const end = clock(v.shiftEnd, 'shiftEnd', bad);
    if (start !== undefined && end !== undefined && end <= start) bad('shiftEnd', `must be after shiftStart (${String(v.shiftStart)})`);
    const costPerKm = num(v.costPerKm, 'costPerKm', bad, { json: true, min: 0 });
    const costPerHour = num(v.costPerHour, 'costPerHour', bad, { json: true, min: 0 });
    const fixedCost = num(v.fixedCost, 'fixedCost', bad, { json: true, min: 0, optional: true, fallback: 0 });
    if (issues.count > before) return;
    out.push(
      Object.freeze({
        id: id!,
        depot: depot!,
        capacityKg: capacityKg!,
        capacityM3: capacityM3!,
        refrigerated: refrigerated!,
        shiftStart: String(v.shiftStart).trim(),
        shiftEnd: String(v.shiftEnd).trim(),
        costPerKm: costPerKm!,
        costPerHour: costPerHour!,
        fixedCost: fixedCost!,
      }),
    );
  });
  return out;
}

const DEMAND_COLUMNS = ['code', 'parcels_down', 'kg_down', 'm3_down', 'parcels_up', 'kg_up', 'm3_up', 'chilled_share'] as const;

async function loadDemand(dir: string, nodes: ReadonlyMap<string, NetworkNode>, ids: NodeIds, issues: IssueCollector): Promise<Map<string, VillageDemand>> {
  const file = 'demand.csv';
  const t = await readCsv(dir, file, DEMAND_COLUMNS, issues);
  const out = new Map<string, VillageDemand>();
  t?.rows.forEach((r, i) => {
    const bad = issues.at(file, i + 1);
    const before = issues.count;
    const code = reqString(r.code, 'code', bad);
    if (code !== undefined && nodeRef(code, ids, 'code', bad) && nodes.get(code)?.kind !== 'village_point')
      bad('code', `node "${code}" is a ${nodes.get(code)?.kind}; demand is per village_point`);
    if (code !== undefined && out.has(code)) bad('code', `duplicate code "${code}"`);
    const v = (c: string): number | undefined => num(r[c], c, bad, { min: 0 });
    const d = {
      parcelsDown: v('parcels_down'),
      kgDown: v('kg_down'),
      m3Down: v('m3_down'),
      parcelsUp: v('parcels_up'),
      kgUp: v('kg_up'),
      m3Up: v('m3_up'),
      chilledShare: num(r.chilled_share, 'chilled_share', bad, { min: 0, max: 1 }),
    };
    if (issues.count > before) return;
    out.set(
      code!,
      Object.freeze({
        code: code!,
        parcelsDown: d.parcelsDown!,
        kgDown: d.kgDown!,
        m3Down: d.m3Down!,
        parcelsUp: d.parcelsUp!,
        kgUp: d.kgUp!,
        m3Up: d.m3Up!,
        chilledShare: d.chilledShare!,
      }),
    );
  });
  return out;
}

/**
 * Reads and validates the dataset in `dir`. Resolves to a deeply frozen `Dataset`; rejects with one
 * `ValidationError` listing every issue when anything is wrong (missing file, bad number, unknown
 * kind, dangling reference, duplicate code, coordinate outside the county, GTFS stop without a known
 * node_id, stop times out of order, ...).
 */
export async function loadDataset(dir: string): Promise<Dataset> {
  const issues = new IssueCollector();
  if (!(await exists(dir, '.'))) throw new ValidationError([{ file: dir, field: 'dataset', reason: 'folder does not exist' }]);
  const [settingsRaw, countyRaw, networkRaw, fleetRaw, hasRoads] = await Promise.all([
    readJson(dir, 'dataset.json', issues),
    readJson(dir, 'county.geojson', issues),
    readJson(dir, 'network.geojson', issues),
    readJson(dir, 'fleet.json', issues),
    exists(dir, 'roads.geojson'),
  ]);
  const settings = parseSettings(settingsRaw, issues);
  const boundary = parseBoundary(countyRaw, 'county.geojson', issues);
  const { nodes, declared } = parseNetwork(networkRaw, 'network.geojson', boundary, issues);
  // Sort by tier, then id: stable matrix order regardless of file order.
  const tier = { county_warehouse: 0, township_hub: 1, village_point: 2 } as const;
  nodes.sort((a, b) => tier[a.kind] - tier[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const nodeIds: NodeIds = { valid: new Set(nodeById.keys()), declared };
  const warehouse = nodes.find((n) => n.kind === 'county_warehouse');
  if (settings && warehouse && warehouse.code !== settings.countyCode)
    issues.add('dataset.json', undefined, 'countyCode', `must equal the county warehouse code ${warehouse.code}, got ${settings.countyCode}`);
  const fleet = parseFleet(fleetRaw, nodeById, nodeIds, issues);
  const demand = await loadDemand(dir, nodeById, nodeIds, issues);
  const bus = await loadBusFeed(dir, nodeIds, settings?.feePerParcel ?? 0, issues);
  const roads = hasRoads ? parseRoads(await readJson(dir, 'roads.geojson', issues), 'roads.geojson', nodeIds, issues) : [];
  if (roads.length > 0 && warehouse) checkRoadsConnect(nodes, roads, warehouse.id, issues);

  if (issues.count > 0 || !settings || !boundary || !warehouse) {
    if (issues.count === 0) issues.add('network.geojson', undefined, 'features', 'no usable network');
    throw new ValidationError(issues.issues, `invalid dataset ${dir}: ${issues.count} problem${issues.count === 1 ? '' : 's'}:\n` + issues.issues.map((i) => '  - ' + formatIssue(i)).join('\n'));
  }
  return Object.freeze({
    slug: path.basename(path.resolve(dir)),
    countyCode: settings.countyCode,
    name: settings.name,
    boundary,
    nodes: Object.freeze(nodes),
    nodeById,
    warehouseId: warehouse.id,
    fleet: Object.freeze(fleet),
    bus: Object.freeze(bus),
    demand,
    travel: settings.travel,
    ...(settings.feeModel ? { busFeeModel: settings.feeModel } : {}),
    ...(settings.feePerTrip !== undefined ? { busFeePerTrip: settings.feePerTrip } : {}),
    roads: Object.freeze(roads),
  });
}

/** With roads present, every node must be reachable from the warehouse (else its travel time is unknown). */
function checkRoadsConnect(nodes: readonly NetworkNode[], roads: readonly { from: string; to: string }[], start: string, issues: IssueCollector): void {
  const adj = new Map<string, string[]>();
  for (const r of roads) {
    adj.set(r.from, [...(adj.get(r.from) ?? []), r.to]);
    adj.set(r.to, [...(adj.get(r.to) ?? []), r.from]);
  }
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length) for (const m of adj.get(stack.pop()!) ?? []) if (!seen.has(m)) (seen.add(m), stack.push(m));
  const cut = nodes.filter((n) => !seen.has(n.id));
  if (cut.length)
    issues.add(
      'roads.geojson',
      undefined,
      'features',
      `${cut.length} node(s) not connected to the county warehouse by roads: ${cut.slice(0, 5).map((n) => n.id).join(', ')}${cut.length > 5 ? ', ...' : ''}`,
    );
}
