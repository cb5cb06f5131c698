/**
 * `rural-dispatch network [--dataset DIR] [--json]`: loads and validates a county dataset and prints
 * its shape: nodes per tier, townships whose point is estimated, bounding box, bus feed and fleet
 * sizes, and travel-matrix statistics from the county warehouse. Invalid data throws the loader's
 * `ValidationError` (exit 2 via main.ts). Without `--dataset` it reads the demo county (湟源县).
 * This module only declares the command; the work is in ./network-run.ts, loaded when it runs.
 */
import type { Command } from 'commander';
import type { NetworkOptions } from './network-run.ts';

/** Registers the `network` sub-command. */
export function register(program: Command): void {
  program
    .command('network')
    .description('load and validate a county dataset; print tiers, estimated townships, bbox and travel statistics')
    .option('--dataset <dir>', 'county dataset folder (default: the demo county data/counties/630123-huangyuan)')
    .option('--json', 'print one JSON object instead of text')
    .action(async (opts: NetworkOptions) => {
      const { runNetwork } = await import('./network-run.ts');
      await runNetwork(opts);
    });
}
