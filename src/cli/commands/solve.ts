/**
 * `rural-dispatch solve FILE --format solomon|lilim|2e|pvrp [--seconds S] [--seed N] [--iterations N]
 * [--objective distance|hierarchical]` — prints one JSON object
 * `{"instance","vehicles","distance","seconds","routes":[[ids…]]}` (pvrp: `{"instance","cost",
 * "routes":[{"day","customers"}],"seconds",…}`). Distances are recomputed in double precision by the format's own checker, independently of the solver.
 * This module only declares the command (and the option parsers `bench` shares); the work is in
 * ./solve-run.ts, loaded when it runs.
 */
import type { Command } from 'commander';
import { ValidationError } from '../../errors.ts';
import type { Objective } from '../../../solver/index.ts';
import type { SolveCliOptions } from './solve-run.ts';

/** Parses a non-negative number option. */
export function numberOption(name: string, min = 0): (v: string) => number {
  return (v: string) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x < min) throw new ValidationError([{ field: `--${name}`, reason: `must be a number >= ${min}` }]);
    return x;
  };
}

/** Parses `--objective`. */
export function objectiveOption(v: string): Objective {
  if (v !== 'distance' && v !== 'hierarchical' && v !== 'cost') {
    throw new ValidationError([{ field: '--objective', reason: 'must be distance|hierarchical|cost' }]);
  }
  return v;
}

/** Registers `solve`. */
export function register(program: Command): void {
  program
    .command('solve')
    .description('solve a Solomon/Homberger, Li & Lim, 2E-CVRP or periodic VRP benchmark file and print the result as JSON')
    .argument('<file>', 'instance file')
    .requiredOption('--format <format>', 'solomon | lilim | 2e | pvrp')
    .option('--seconds <s>', 'time budget in seconds (default 10 unless --iterations)', numberOption('seconds'))
    .option('--iterations <n>', 'iteration budget (deterministic)', numberOption('iterations', 1))
    .option('--seed <n>', 'random seed', numberOption('seed'), 1)
    .option('--objective <o>', 'distance | hierarchical', objectiveOption, 'distance' as Objective)
    .option('--cpu-clock', 'count --seconds in process CPU time (one core) instead of wall time')
    .action(async (file: string, opts: SolveCliOptions) => {
      const { runSolve } = await import('./solve-run.ts');
      await runSolve(file, opts);
    });
}
