/** Test helpers of the county commands: a temp copy of a fixture dataset, a folder digest, an OSM PBF writer. */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** A fresh copy of test/fixtures/datasets/<name> in a temp folder; returns the dataset folder. */
export async function tempDataset(name = 'ok-small'): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'rd-county-'));
  const dir = path.join(root, name);
  await cp(path.join(FIXTURES, 'datasets', name), dir, { recursive: true });
  return dir;
}

/** sha256 over every file (path + bytes) under `dir`: equal digests = untouched folder. */
export async function folderDigest(dir: string): Promise<string> {
  const h = createHash('sha256');
  const walk = async (d: string): Promise<void> => {
    for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else h.update(path.relative(dir, p)).update(await readFile(p));
    }
  };
  await walk(dir);
  return h.digest('hex');
}

/** Great-circle km (R = 6371.0088), written out here independently of the code under test. */
export function hav(a: readonly [number, number], b: readonly [number, number]): number {
  const r = Math.PI / 180;
  const s = Math.sin(((b[1] - a[1]) * r) / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(((b[0] - a[0]) * r) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(s));
}

interface Proto {
  write(obj: object, pbf: PbfWriter): void;
}
interface PbfWriter {
  finish(): Uint8Array;
}
const require = createRequire(import.meta.url);
// pbf is tiny-osmpbf's own dependency: resolve it from there (the writer uses the same generated protos)
const Pbf = createRequire(require.resolve('tiny-osmpbf'))('pbf') as new () => PbfWriter;
const fileFormat = require('tiny-osmpbf/proto/fileformat.js') as { Blob: Proto; BlobHeader: Proto };
const osmFormat = require('tiny-osmpbf/proto/osmformat.js') as { HeaderBlock: Proto; PrimitiveBlock: Proto };

function encode(proto: Proto, obj: object): Uint8Array {
  const pbf = new Pbf();
  proto.write(obj, pbf);
  return pbf.finish();
}

function blob(type: string, data: Uint8Array, zlib: boolean): Buffer {
  const body = encode(fileFormat.Blob, zlib ? { zlib_data: deflateSync(data), raw_size: data.length } : { raw: data, raw_size: data.length });
  const header = encode(fileFormat.BlobHeader, { type, datasize: body.length });
  const len = Buffer.alloc(4);
  len.writeInt32BE(header.length);
  return Buffer.concat([len, header, body]);
}

export interface OsmWay {
  readonly id: number;
  readonly refs: readonly number[];
  readonly tags: Readonly<Record<string, string>>;
}

/** How the PBF is written: plain or dense nodes (as real extracts), raw or zlib blobs (as real extracts). */
export interface PbfStyle {
  readonly dense?: boolean;
  readonly zlib?: boolean;
}

const deltas = (xs: readonly number[]): number[] => xs.map((x, i) => x - (i > 0 ? xs[i - 1]! : 0));

/** An OSM PBF file: a header block and one primitive block of nodes and ways. */
export function writeOsmPbf(nodes: readonly { id: number; lon: number; lat: number }[], ways: readonly OsmWay[], style: PbfStyle = {}): Buffer {
  const strings = [''];
  const sid = (s: string): number => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  const pbfWays = ways.map((w) => ({
    id: w.id,
    keys: Object.keys(w.tags).map(sid),
    vals: Object.values(w.tags).map(sid),
    refs: deltas(w.refs),
  }));
  const lat = nodes.map((n) => Math.round(n.lat * 1e7)), lon = nodes.map((n) => Math.round(n.lon * 1e7));
  const nodeGroup = style.dense
    ? { dense: { id: deltas(nodes.map((n) => n.id)), lat: deltas(lat), lon: deltas(lon) } }
    : { nodes: nodes.map((n, i) => ({ id: n.id, keys: [], vals: [], lat: lat[i], lon: lon[i] })) };
  const block = encode(osmFormat.PrimitiveBlock, {
    stringtable: { s: strings.map((s) => Buffer.from(s, 'utf8')) },
    primitivegroup: [nodeGroup, { ways: pbfWays }],
    granularity: 100,
    date_granularity: 1000,
  });
  const header = encode(osmFormat.HeaderBlock, { required_features: ['OsmSchema-V0.6', ...(style.dense ? ['DenseNodes'] : [])] });
  return Buffer.concat([blob('OSMHeader', header, !!style.zlib), blob('OSMData', block, !!style.zlib)]);
}

/** The OSM extract of a GeoJSON file of LineStrings as PBF: vertices shared by position. */
export function geojsonToPbf(fc: { features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] }, style: PbfStyle = {}): Buffer {
  const ids = new Map<string, number>();
  const nodes: { id: number; lon: number; lat: number }[] = [];
  const ways: OsmWay[] = [];
  for (const f of fc.features) {
    if (f.geometry.type !== 'LineString') continue;
    const refs = (f.geometry.coordinates as [number, number][]).map(([lon, lat]) => {
      const k = `${lon},${lat}`;
      if (!ids.has(k)) {
        ids.set(k, nodes.length + 1);
        nodes.push({ id: nodes.length + 1, lon, lat });
      }
      return ids.get(k)!;
    });
    const tags = Object.fromEntries(Object.entries(f.properties).filter(([k]) => k !== 'osm_id').map(([k, v]) => [k, String(v)]));
    ways.push({ id: Number(f.properties.osm_id), refs, tags });
  }
  return writeOsmPbf(nodes, ways, style);
}
