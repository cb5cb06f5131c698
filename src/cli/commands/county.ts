/**
 * `rural-dispatch county …`: bring your own county (docs/datasets.md, "Bring your own county").
 *
 *   county init <code> --out DIR [--seed N] [--center lon,lat] [--area-km2 A | --radius-km R] [--boundary FILE] [--force]
 *   county import-points DIR FILE.csv|FILE.geojson
 *   county import-gtfs DIR FEED.zip [--max-stop-km K] [--cargo-kg KG] [--cargo-m3 M3]
 *   county import-roads DIR FILE.osm.pbf|FILE.geojson [--max-snap-km K] [--detour-minutes M]
 *
 * The implementations are imported inside the actions, so other commands do not load them. Bad input
 * is a ValidationError naming file, row and field (exit 2); a failed import leaves the dataset as it was.
 */
import type { Command } from 'commander';
import { ValidationError } from '../../errors.ts';

function num(v: string | undefined, field: string, min: number, integer = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n)))
    throw new ValidationError([{ field, reason: `must be ${integer ? 'an integer' : 'a number'} >= ${min}, got "${v}"` }]);
  return n;
}

function lonLat(v: string | undefined): [number, number] | undefined {
  if (v === undefined) return undefined;
  const [lon, lat] = v.split(',').map((x) => Number(x.trim()));
  if (v.split(',').length !== 2 || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon!) > 180 || Math.abs(lat!) > 90)
    throw new ValidationError([{ field: '--center', reason: `must be lon,lat in degrees, got "${v}"` }]);
  return [lon!, lat!];
}

interface InitCli {
  out: string;
  seed?: string;
  center?: string;
  areaKm2?: string;
  radiusKm?: string;
  boundary?: string;
  circuity?: string;
  force?: boolean;
}

function registerInit(county: Command): void {
  county
    .command('init <code>')
    .description('scaffold a dataset for any county-level unit of China (NBS 2023 codes and names; synthetic points, fleet, demand, bus feed)')
    .requiredOption('--out <dir>', 'dataset folder to create')
    .option('--seed <n>', 'seed of the synthetic parts (default: the dataset build seed)')
    .option('--center <lon,lat>', 'county seat (required unless --boundary or a built dataset of the code gives it)')
    .option('--area-km2 <a>', 'county area for the synthetic disc boundary (default 2000)')
    .option('--radius-km <r>', 'radius of the synthetic disc boundary (instead of --area-km2)')
    .option('--boundary <file>', 'GeoJSON with the county polygon (and optionally the seat as a Point)')
    .option('--circuity <c>', 'road km / geodesic km (default 1.35, or that of the built dataset)')
    .option('--force', 'replace --out if it exists')
    .action(async (code: string, o: InitCli) => {
      const { initCounty } = await import('../../county/init.ts');
      const center = lonLat(o.center);
      const seed = num(o.seed, '--seed', 0, true);
      const areaKm2 = num(o.areaKm2, '--area-km2', 1);
      const radiusKm = num(o.radiusKm, '--radius-km', 0.5);
      const circuity = num(o.circuity, '--circuity', 1);
      const r = await initCounty({
        code,
        out: o.out,
        ...(seed !== undefined ? { seed } : {}),
        ...(center ? { center } : {}),
        ...(areaKm2 !== undefined ? { areaKm2 } : {}),
        ...(radiusKm !== undefined ? { radiusKm } : {}),
        ...(o.boundary ? { boundaryFile: o.boundary } : {}),
        ...(circuity !== undefined ? { circuity } : {}),
        force: !!o.force,
      });
      process.stdout.write(r.summary + '\n');
    });
}

function registerImports(county: Command): void {
  county
    .command('import-points <dir> <file>')
    .description('replace synthetic village/hub points with surveyed ones (CSV code,lon,lat or GeoJSON Points with a code), matched by code')
    .action(async (dir: string, file: string) => {
      const { importPoints } = await import('../../county/import-points.ts');
      const r = await importPoints(dir, file);
      const kinds = Object.entries(r.byKind).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
      process.stdout.write(`${dir}: ${r.updated} point(s) imported (${kinds}), ${r.unmatched.length} unmatched\n`);
      for (const u of r.unmatched) process.stdout.write(`  unmatched: ${file} row ${u.row}: code ${u.code} is no node of the dataset\n`);
      if (r.roadsStale) process.stdout.write('  note: roads.geojson was built for the old points; run county import-roads again\n');
    });
  county
    .command('import-gtfs <dir> <feed>')
    .description('replace the bus feed with a GTFS zip (stops matched to nodes by code, name or distance)')
    .option('--max-stop-km <k>', 'match a stop to the nearest node within this distance (default 1)')
    .option('--cargo-kg <kg>', 'cargo capacity per trip when the feed has none (default 100)')
    .option('--cargo-m3 <m3>', 'cargo volume per trip when the feed has none (default 0.4)')
    .action(async (dir: string, feed: string, o: { maxStopKm?: string; cargoKg?: string; cargoM3?: string }) => {
      const { importGtfs } = await import('../../county/import-gtfs.ts');
      const maxStopKm = num(o.maxStopKm, '--max-stop-km', 0);
      const cargoKg = num(o.cargoKg, '--cargo-kg', 0);
      const cargoM3 = num(o.cargoM3, '--cargo-m3', 0);
      const r = await importGtfs(dir, feed, {
        ...(maxStopKm !== undefined ? { maxStopKm } : {}),
        ...(cargoKg !== undefined ? { cargoKg } : {}),
        ...(cargoM3 !== undefined ? { cargoM3 } : {}),
      });
      process.stdout.write(`${dir}: ${r.summary}\n`);
      for (const l of r.notes) process.stdout.write(`  ${l}\n`);
    });
  county
    .command('import-roads <dir> <file>')
    .description('build roads.geojson from an OpenStreetMap extract (.osm.pbf, or GeoJSON LineStrings with highway tags)')
    .option('--max-snap-km <k>', 'farthest a node may lie from the road network (default 20)')
    .option('--detour-minutes <m>', 'a path may run through a node whose access legs in and out take at most this long (default 2)')
    .action(async (dir: string, file: string, o: { maxSnapKm?: string; detourMinutes?: string }) => {
      const { importRoads } = await import('../../county/import-roads.ts');
      const maxSnapKm = num(o.maxSnapKm, '--max-snap-km', 0);
      const detourMinutes = num(o.detourMinutes, '--detour-minutes', 0);
      const r = await importRoads(dir, file, { ...(maxSnapKm !== undefined ? { maxSnapKm } : {}), ...(detourMinutes !== undefined ? { detourMinutes } : {}) });
      process.stdout.write(`${dir}: ${r.summary}\n`);
    });
}

/** Registers `county` and its sub-commands. */
export function register(program: Command): void {
  const county = program.command('county').description('bring your own county: scaffold a dataset, import points, a GTFS feed and OSM roads');
  registerInit(county);
  registerImports(county);
}
