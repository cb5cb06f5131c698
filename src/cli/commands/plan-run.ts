/**
 * The work of `rural-dispatch plan` (declared in ./plan.ts, this module is loaded when it runs):
 * plans the weekly timetable and writes its JSON and the GeoJSON of its lines.
 */
import { readFile, writeFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { Dataset } from '../../domain/dataset.ts';
import type { Timetable } from '../../domain/timetable.ts';
import { loadDataset } from '../../domain/load-dataset.ts';
import { ValidationError } from '../../errors.ts';
import { loadTravelMatrix } from '../../network/travel-matrix.ts';
import { planTimetable, type PlanSettings } from '../../timetable/index.ts';

/** Lines as LineStrings through their stops' coordinates, bus legs and villages as Points. */
export function timetableGeoJson(ds: Dataset, tt: Timetable): FeatureCollection<LineString | Point> {
  const features: Feature<LineString | Point>[] = [];
  for (const l of tt.lines) {
    const coords = l.stops.map((s) => {
      const n = ds.nodeById.get(s.node)!;
      return [n.lon, n.lat];
    });
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: coords },
      properties: {
        id: l.id, tier: l.tier, vehicle: l.vehicle, weekdays: l.weekdays.join(','), km: l.km, minutes: l.minutes,
        depart: l.stops[0]?.depart, return: l.stops[l.stops.length - 1]?.arrive, coldChain: l.coldChain ?? false,
        ...(l.feedsFrom ? { feedsFrom: l.feedsFrom } : {}),
      },
    });
  }
  for (const v of tt.villages) {
    const n = ds.nodeById.get(v.code);
    if (!n) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [n.lon, n.lat] },
      properties: { code: v.code, name: n.name, mode: v.mode, weekdays: v.weekdays.join(','), visitsPerWeek: v.visitsPerWeek, line: v.line, leadTimeHours: v.leadTimeHours },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Options of `plan`, as commander parses them. */
export interface PlanCliOptions {
  dataset: string;
  seconds?: string;
  seed?: string;
  iterations?: string;
  bus: boolean;
  allDirect?: boolean;
  out?: string;
  geojson?: string;
  settings?: string;
}

function num(v: string | undefined, field: string, min: number, integer = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new ValidationError([{ field, reason: `must be ${integer ? 'an integer' : 'a number'} >= ${min}, got "${v}"` }], undefined, 'malformed_body');
  }
  return n;
}

/** Runs `plan` with the parsed options. */
export async function runPlan(o: PlanCliOptions): Promise<void> {
  const seconds = num(o.seconds, '--seconds', 0.1);
  const seed = num(o.seed, '--seed', 0, true) ?? 1;
  const iterations = num(o.iterations, '--iterations', 1, true);
  let settings: Partial<PlanSettings> = {};
  if (o.settings) {
    try {
      settings = JSON.parse(await readFile(o.settings, 'utf8')) as Partial<PlanSettings>;
    } catch (e) {
      throw new ValidationError([{ file: o.settings, field: 'settings', reason: `must be a JSON object (${(e as Error).message})` }], undefined, 'malformed_body');
    }
  }
  const ds = await loadDataset(o.dataset);
  const matrix = await loadTravelMatrix(ds, o.dataset);
  const tty = process.stderr.isTTY === true;
  const bar = tty ? new cliProgress.SingleBar({ format: 'plan [{bar}] {percentage}% {phase}', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(100, 0, { phase: 'prepare' });
  let tt: Timetable;
  try {
    tt = await planTimetable(ds, matrix, settings, {
      seed,
      ...(seconds !== undefined ? { seconds } : {}),
      ...(iterations !== undefined ? { iterations } : {}),
      noBus: !o.bus,
      allDirect: !!o.allDirect,
      onProgress: (p) => bar?.update(Math.round(p.fraction * 100), { phase: p.message ?? p.phase }),
    });
  } finally {
    bar?.stop();
  }
  const json = JSON.stringify(tt, null, 2) + '\n';
  const geoFile = o.geojson ?? (o.out ? o.out.replace(/\.json$/i, '') + '.geojson' : undefined);
  if (o.out) await writeFile(o.out, json);
  else process.stdout.write(json);
  if (geoFile) await writeFile(geoFile, JSON.stringify(timetableGeoJson(ds, tt)) + '\n');
  const t = tt.totals;
  const served = tt.villages.filter((v) => v.mode !== 'unserved').length;
  process.stderr.write(
    `${tt.dataset}: ${tt.lines.length} lines, ${tt.busLegs.length} bus legs, ${served}/${tt.villages.length} villages served, ` +
      `${t.vehicles} vehicles, ${t.kmPerWeek} km/week, ${t.costPerWeek} yuan/week` +
      (o.out ? ` -> ${o.out}` : '') + (geoFile ? `, ${geoFile}` : '') + '\n',
  );
}
