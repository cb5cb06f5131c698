/**
 * `rural-dispatch plan --dataset DIR [--seconds S] [--seed N] [--iterations N] [--no-bus]
 * [--all-direct] [--out FILE] [--geojson FILE] [--settings FILE]`: plans the weekly timetable of a
 * county (src/timetable, design in docs/timetable.md) and writes the timetable JSON (to stdout
 * without --out) and a GeoJSON FeatureCollection of the lines (FILE with .geojson, or --geojson).
 * A progress bar (cli-progress) is drawn on stderr when it is a terminal.
 * This module only declares the command; the work is in ./plan-run.ts, loaded when it runs.
 */
import type { Command } from 'commander';
import type { PlanCliOptions } from './plan-run.ts';

/** Registers `plan`. */
export function register(program: Command): void {
  program
    .command('plan')
    .description('plan the weekly timetable of a county: trunk, feeder, direct and cold-chain lines, bus legs')
    .requiredOption('--dataset <dir>', 'county dataset folder, e.g. data/counties/630123-huangyuan')
    .option('--seconds <s>', 'time budget for the whole plan (default 30)')
    .option('--seed <n>', 'random seed (default 1)')
    .option('--iterations <n>', 'iteration budget per routing sub-problem (deterministic; replaces --seconds)')
    .option('--no-bus', 'plan without passenger-bus legs')
    .option('--all-direct', 'plan without township hubs: every village on a direct line from the warehouse')
    .option('--out <file>', 'write the timetable JSON here (default stdout); FILE.geojson gets the lines')
    .option('--geojson <file>', 'write the GeoJSON of the lines here')
    .option('--settings <file>', 'JSON file with PlanSettings overrides (docs/timetable.md)')
    .action(async (o: PlanCliOptions) => {
      const { runPlan } = await import('./plan-run.ts');
      await runPlan(o);
    });
}
