/**
 * Seeded generator of synthetic carrier parcel feeds (the carrier feed columns of docs/api.md) for a county
 * dataset. Villages are drawn in proportion to demand.csv `parcels_down`, chilled parcels with the
 * village's `chilled_share`; weights are log-normal-ish (median ≈ 1.5 kg, capped at 30 kg) and
 * volumes ≈ 5 L/kg. The destination is written as a 12-digit code, as lon/lat jittered up to
 * ~1 km around the village point, or as address text, in the carrier's mix.
 *
 *   npx tsx scripts/generate-feeds.ts            # rewrites data/feeds/ (the three sample feeds)
 *
 * `generateFeed` is also used by bench/ingest.ts and bench/dispatch.ts for large feeds.
 * Same seed → same feed, byte for byte.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { prng } from './datasets/seed.ts';

/** Feed columns in file order. */
export const FEED_COLUMNS = [
  'carrier',
  'tracking_no',
  'dest_code',
  'dest_lon',
  'dest_lat',
  'dest_address',
  'weight_kg',
  'volume_l',
  'temperature',
  'ready_at',
  'due_by',
] as const;

/** One generated feed row (JSON form; absent destination fields are omitted). */
export type FeedRow = Partial<Record<(typeof FEED_COLUMNS)[number], string | number>>;

/** Options of `generateFeed`. */
export interface GenerateOptions {
  /** County dataset folder (network.geojson, demand.csv). */
  readonly datasetDir: string;
  readonly carrier: string;
  /** Tracking number prefix; numbers are `<prefix><8 digits>` from `firstNo`. */
  readonly prefix: string;
  readonly parcels: number;
  readonly seed: number;
  /** Service date 'YYYY-MM-DD': parcels are ready between 04:00 and 07:00 of it (+08:00). */
  readonly date: string;
  /** Share of rows with a code / lon-lat / address destination (the rest get a code). */
  readonly mix: { readonly code: number; readonly lonlat: number; readonly address: number };
  /** Share of address rows with text that matches no village (kept as unresolved). Default 0. */
  readonly unresolvable?: number;
  readonly firstNo?: number;
}

interface Village {
  code: string;
  name: string;
  township: string;
  lon: number;
  lat: number;
  weight: number;
  chilled: number;
}

interface NetworkFile {
  features: { properties: { id: string; kind: string; name: string; parent: string | null }; geometry: { coordinates: [number, number] } }[];
}

/** Reads the villages of a dataset with their demand weights. */
async function villages(dir: string): Promise<{ county: string; villages: Village[] }> {
  const net = JSON.parse(await readFile(path.join(dir, 'network.geojson'), 'utf8')) as NetworkFile;
  const names = new Map(net.features.map((f) => [f.properties.id, f.properties.name]));
  const demand = new Map<string, { parcels: number; chilled: number }>();
  const lines = (await readFile(path.join(dir, 'demand.csv'), 'utf8')).trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  const iCode = header.indexOf('code');
  const iParcels = header.indexOf('parcels_down');
  const iChilled = header.indexOf('chilled_share');
  for (const l of lines.slice(1)) {
    const c = l.split(',');
    demand.set(c[iCode]!, { parcels: Number(c[iParcels]), chilled: Number(c[iChilled]) });
  }
  const county = net.features.find((f) => f.properties.kind === 'county_warehouse')!.properties.name.replace(/级?仓储.*$/, '');
  const vs = net.features
    .filter((f) => f.properties.kind === 'village_point')
    .map((f) => ({
      code: f.properties.id,
      name: f.properties.name,
      township: names.get(f.properties.parent ?? '') ?? '',
      lon: f.geometry.coordinates[0],
      lat: f.geometry.coordinates[1],
      weight: Math.max(demand.get(f.properties.id)?.parcels ?? 1, 0.1),
      chilled: demand.get(f.properties.id)?.chilled ?? 0,
    }));
  return { county, villages: vs };
}

const shortName = (name: string): string => name.replace(/(社区居民委员会|居民委员会|村民委员会)$/, (m) => (m.startsWith('社区') ? '社区' : m === '村民委员会' ? '村' : ''));

/** Generates one carrier feed (deterministic for a seed). */
export async function generateFeed(o: GenerateOptions): Promise<FeedRow[]> {
  const rnd = prng(o.seed);
  const { county, villages: vs } = await villages(o.datasetDir);
  const total = vs.reduce((t, v) => t + v.weight, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const v of vs) cumulative.push((acc += v.weight / total));
  const pick = (): Village => {
    const x = rnd();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return vs[lo]!;
  };
  const rows: FeedRow[] = [];
  const first = o.firstNo ?? 1;
  for (let i = 0; i < o.parcels; i++) {
    const v = pick();
    // Weight: exp of a sum of uniforms ≈ log-normal, median ≈ 1.5 kg.
    const kg = Math.min(30, Math.max(0.1, Math.round(Math.exp(Math.log(1.5) + (rnd() + rnd() + rnd() - 1.5) * 1.4) * 10) / 10));
    const litres = Math.max(0.5, Math.round(kg * (3 + rnd() * 4) * 10) / 10);
    const cold = rnd() < v.chilled;
    const minutes = 240 + Math.floor(rnd() * 180);
    const ready = `${o.date}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08:00`;
    const dueDays = 2 + Math.floor(rnd() * 3);
    const due = new Date(Date.parse(`${o.date}T18:00:00+08:00`) + dueDays * 86_400_000).toISOString().replace('.000Z', 'Z');
    const row: FeedRow = {
      carrier: o.carrier,
      tracking_no: `${o.prefix}${String(first + i).padStart(8, '0')}`,
      weight_kg: kg,
      volume_l: litres,
      temperature: cold ? (rnd() < 0.3 ? 'frozen' : 'chilled') : 'ambient',
      ready_at: ready,
      due_by: due,
    };
    const m = rnd();
    if (m < o.mix.lonlat) {
      // ~1 km jitter: 0.01° latitude ≈ 1.1 km.
      row.dest_lon = Math.round((v.lon + (rnd() - 0.5) * 0.012) * 1e6) / 1e6;
      row.dest_lat = Math.round((v.lat + (rnd() - 0.5) * 0.008) * 1e6) / 1e6;
    } else if (m < o.mix.lonlat + o.mix.address) {
      row.dest_address =
        rnd() < (o.unresolvable ?? 0)
          ? `青海省西宁市${county}某某路${1 + Math.floor(rnd() * 200)}号`
          : `青海省西宁市${county}${v.township}${shortName(v.name)}${1 + Math.floor(rnd() * 12)}社${1 + Math.floor(rnd() * 80)}号`;
    } else {
      row.dest_code = v.code;
    }
    rows.push(row);
  }
  return rows;
}

/** CSV text of rows with the §5 header. */
export function toCsv(rows: readonly FeedRow[]): string {
  return stringify(
    rows.map((r) => FEED_COLUMNS.map((c) => r[c] ?? '')),
    { header: true, columns: [...FEED_COLUMNS] },
  );
}

/** Deliberately bad rows (with the rule each breaks), appended to the YUNDA sample feed. */
export function badRows(date: string, carrier: string): FeedRow[] {
  const base = { carrier, weight_kg: 1.2, volume_l: 6, temperature: 'ambient', ready_at: `${date}T05:00:00+08:00` };
  return [
    { ...base, tracking_no: 'YDBAD0001', dest_code: '630123100001', weight_kg: -2 }, // weight must be > 0
    { ...base, tracking_no: 'YDBAD0002', dest_code: '630123100001', temperature: 'warm' }, // unknown temperature
    { ...base, dest_code: '630123100001' }, // missing tracking_no
    { ...base, tracking_no: 'YDBAD0004', dest_code: '630123100001', ready_at: '30/11/2026 08:00' }, // not ISO-8601
    { ...base, tracking_no: 'YDBAD0005', dest_code: '63012310000' }, // 11-digit code
    { ...base, tracking_no: 'YDBAD0006', dest_lon: 101.2 }, // lon without lat
  ];
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const datasetDir = path.join(root, 'data/counties/630123-huangyuan');
  const out = path.join(root, 'data/feeds');
  await mkdir(out, { recursive: true });
  const date = '2026-11-30';
  const sf = await generateFeed({ datasetDir, carrier: 'SF', prefix: 'SF', parcels: 500, seed: 101, date, mix: { code: 0.85, lonlat: 0.15, address: 0 } });
  const zto = await generateFeed({ datasetDir, carrier: 'ZTO', prefix: 'ZTO', parcels: 450, seed: 202, date, mix: { code: 0.5, lonlat: 0, address: 0.5 }, unresolvable: 0.02 });
  const yunda = await generateFeed({ datasetDir, carrier: 'YUNDA', prefix: 'YD', parcels: 300, seed: 303, date, mix: { code: 0.2, lonlat: 0.8, address: 0 } });
  await writeFile(path.join(out, 'sf-2026-11-30.json'), JSON.stringify(sf, null, 1) + '\n');
  await writeFile(path.join(out, 'zto-2026-11-30.csv'), toCsv(zto));
  await writeFile(path.join(out, 'yunda-2026-11-30.csv'), toCsv([...yunda.slice(0, 150), ...badRows(date, 'YUNDA'), ...yunda.slice(150)]));
  process.stdout.write(`wrote ${sf.length} + ${zto.length} + ${yunda.length + 6} rows to ${out}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
