/**
 * `rural-dispatch bench solomon DIR --bks FILE [--seconds S] [--iterations N] [--objective
 * distance|hierarchical] [--seed N] [--cpu-clock] [--only REGEX]`: solves every `*.txt` instance of
 * DIR (or those whose name matches REGEX) in turn (one core, one seed), rechecks each plan in double
 * precision and prints a per-instance table and a JSON summary (gap conventions in docs/solver.md):
 * - distance mode: gap = distance / dist_only_distance − 1; mean/median/worst, CTD/CNV, BKS hits;
 * - hierarchical mode: vehicles against `vehicles`; distance gap to `distance` where equal.
 * This module only declares the command; the work is in ./bench-run.ts, loaded when it runs.
 */
import type { Command } from 'commander';
import { ValidationError } from '../../errors.ts';
import type { Objective } from '../../../solver/index.ts';
import type { BenchOptions } from './bench-run.ts';
import { numberOption, objectiveOption } from './solve.ts';

/** Parses `--only`. */
function regexOption(v: string): RegExp {
  try {
    return new RegExp(v, 'i');
  } catch {
    throw new ValidationError([{ field: 'only', reason: `not a regular expression: ${v}` }]);
  }
}

/** Registers `bench`. */
export function register(program: Command): void {
  program
    .command('bench')
    .description('run the solver on a benchmark set and compare with best-known solutions')
    .argument('<set>', 'solomon (Solomon / Gehring–Homberger format)')
    .argument('<dir>', 'directory of instance files')
    .requiredOption('--bks <file>', 'best-known solutions CSV')
    .option('--seconds <s>', 'time budget per instance (default 10 unless --iterations)', numberOption('seconds'))
    .option('--iterations <n>', 'iteration budget per instance', numberOption('iterations', 1))
    .option('--seed <n>', 'random seed', numberOption('seed'), 1)
    .option('--objective <o>', 'distance | hierarchical', objectiveOption, 'distance' as Objective)
    .option('--cpu-clock', 'count --seconds in process CPU time (one core) instead of wall time')
    .option('--only <regex>', 'solve only the instances whose name (without .txt) matches', regexOption)
    .action(async (set: string, dir: string, opts: BenchOptions) => {
      const { runBench } = await import('./bench-run.ts');
      await runBench(set, dir, opts);
    });
}
